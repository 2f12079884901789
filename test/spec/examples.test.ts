import { deref, spec, validatorFor } from '../helpers/spec';

type Case = { where: string; pointer: string; value: unknown };

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every example in the spec, paired with the JSON pointer of the schema it must satisfy. */
function collectExamples(): Case[] {
  const cases: Case[] = [];
  const fromContent = (where: string, base: string, content: any) => {
    for (const [mediaType, media] of Object.entries<any>(content ?? {})) {
      const pointer = `${base}/content/${escape(mediaType)}/schema`;
      if (media.example !== undefined)
        cases.push({ where: `${where} ${mediaType} example`, pointer, value: media.example });
      for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
        cases.push({ where: `${where} ${mediaType} examples.${name}`, pointer, value: deref(ex).value });
      }
    }
  };
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const base = `#/paths/${escape(path)}/${method}`;
      const where = `${op.operationId}`;
      if (op.requestBody) fromContent(`${where} request`, `${base}/requestBody`, op.requestBody.content);
      for (const [status, response] of Object.entries<any>(op.responses)) {
        const resolved = response.$ref ? response.$ref : `${base}/responses/${status}`;
        fromContent(`${where} ${status}`, resolved, deref(response).content);
      }
    }
  }
  for (const [name, param] of Object.entries<any>(spec.components.parameters ?? {})) {
    if (param.schema?.example !== undefined) {
      cases.push({
        where: `parameter ${name}`,
        pointer: `#/components/parameters/${name}/schema`,
        value: param.schema.example,
      });
    }
  }
  return cases;
}

const cases = collectExamples();

describe('openapi.yaml examples', () => {
  it('has an example for every 2xx response that has a body', () => {
    const missing: string[] = [];
    for (const item of Object.values<any>(spec.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (!status.startsWith('2') || !deref(response).content) continue;
          if (!cases.some((c) => c.where.startsWith(`${op.operationId} ${status} `)))
            missing.push(`${op.operationId} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(400);
  });

  it.each(cases.map((c) => [c.where, c]))('%s validates against its schema', (_where, c) => {
    const validate = validatorFor(c.pointer);
    const ok = validate(c.value);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('semantic patch body validation', () => {
  const validate = validatorFor('#/components/schemas/ExperimentPatchInput');
  const valid = (body: unknown) => validate(body) === true;

  it('accepts every instruction kind in its documented shape', () => {
    const instructions = [
      { kind: 'updateName', value: 'New name' },
      { kind: 'updateDescription', value: '' },
      { kind: 'startIteration' },
      { kind: 'startIteration', changeJustification: 'restart' },
      { kind: 'stopIteration', winningTreatmentId: 't1', winningReason: 'best' },
      { kind: 'archiveExperiment' },
      { kind: 'restoreExperiment' },
      {
        kind: 'updateExperimentFields',
        value: { name: { operation: 'update', value: 'x' }, tags: { operation: 'remove' } },
      },
      { kind: 'saveAndStartNewIteration' },
      {
        kind: 'saveAndStartNewIteration',
        changeJustification: 'why',
        value: { hypothesis: { operation: 'update', value: 'h' } },
      },
    ];
    for (const instruction of instructions) {
      expect([instruction, valid({ instructions: [instruction] })]).toEqual([instruction, true]);
    }
  });

  it.each([
    ['an unknown kind', { instructions: [{ kind: 'renameIt', value: 'x' }] }],
    ['stopIteration without winningTreatmentId', { instructions: [{ kind: 'stopIteration', winningReason: 'r' }] }],
    ['updateName with a number', { instructions: [{ kind: 'updateName', value: 42 }] }],
    ['updateName with an empty name', { instructions: [{ kind: 'updateName', value: '' }] }],
    [
      'a field update with an unknown operation',
      { instructions: [{ kind: 'updateExperimentFields', value: { name: { operation: 'replace' } } }] },
    ],
    ['an empty instruction list', { instructions: [] }],
    ['no instructions at all', { comment: 'nothing' }],
    ['an instruction without kind', { instructions: [{ value: 'x' }] }],
  ])('rejects %s', (_name, body) => {
    expect(valid(body)).toBe(false);
  });
});
