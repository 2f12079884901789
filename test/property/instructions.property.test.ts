/**
 * Semantic-patch builders and validateInstructions, for any input: either a ValidationError, or an instruction
 * that, sent through `LaunchDarklyExperiments.patch`, produces a body valid against the spec's
 * ExperimentPatchInput (checked with ajv on the body the fetch received) and carries exactly what was given.
 * Never another exception.
 */
import fc from 'fast-check';
import {
  INSTRUCTION_KINDS,
  instructions,
  LaunchDarklyExperiments,
  validateInstructions,
  type ExperimentInstruction,
  type FieldEdits,
} from '../../src';
import { specExample, validatorFor } from '../helpers/spec';
import { anyValue, nastyString, outcome, outcomeAsync, RUNS, tally } from './arbitraries';
import { recordingFetch } from './recording';

const validPatch = validatorFor('#/components/schemas/ExperimentPatchInput');
const SEMANTIC_PATCH = 'application/json; domain-model=launchdarkly.semanticpatch';

const rec = recordingFetch(() => ({ body: specExample('RunningExperiment') }));
const ld = new LaunchDarklyExperiments({
  apiKey: 'api-0123456789abcdef',
  baseUrl: 'https://app.launchdarkly.com',
  projectKey: 'default',
  environmentKey: 'production',
  fetch: rec.fetch,
  maxRetries: 0,
});

/** Sends `list` with `patch` and returns the body the fetch received (after checking the request is well-formed). */
async function sendPatch(list: ExperimentInstruction[], comment?: string): Promise<unknown> {
  rec.calls.length = 0;
  await ld.patch('checkout-button', list, comment === undefined ? {} : { comment });
  expect(rec.calls).toHaveLength(1);
  const [call] = rec.calls;
  expect(call.method).toBe('PATCH');
  expect(new URL(call.url).pathname).toBe(
    '/api/v2/projects/default/environments/production/experiments/checkout-button',
  );
  expect(call.headers['content-type']).toBe(SEMANTIC_PATCH);
  const problems = validPatch(call.body) ? [] : validPatch.errors;
  expect(problems).toEqual([]);
  return call.body;
}

/** Mostly strings (the intended type), sometimes anything else. */
const textish = fc.oneof({ weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: anyValue });

/** Field names, including the ones that mean something to JavaScript objects (but not `__proto__`, see below). */
const fieldName = fc
  .oneof(nastyString, fc.constantFrom('name', 'description', 'tags', 'constructor', 'toString', 'hasOwnProperty'))
  .filter((name) => name !== '__proto__');
const fieldEdit = fc.oneof(
  { weight: 3, arbitrary: fc.record({ operation: fc.constantFrom('add', 'update'), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ operation: fc.constant('remove') }) },
  { weight: 1, arbitrary: fc.record({ operation: anyValue, value: anyValue }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyValue },
);
/** Own-property dictionaries, as JSON.parse builds them. */
const fieldEdits = (names: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(names, fieldEdit), { maxLength: 5 }).map((entries) => {
    const out: Record<string, unknown> = {};
    for (const [name, edit] of entries)
      Object.defineProperty(out, name, { value: edit, enumerable: true, writable: true, configurable: true });
    return out;
  });

/** The edits `toFieldUpdates` should keep: every given name with its operation and value. */
function expectSameEdits(input: Record<string, unknown>, output: Record<string, unknown> | undefined): void {
  expect(Object.keys(output ?? {})).toEqual(Object.keys(input));
  for (const name of Object.keys(input)) {
    const given = input[name] as { operation: string; value?: unknown };
    const kept = Object.getOwnPropertyDescriptor(output, name)?.value as { operation: string; value?: unknown };
    expect(kept.operation).toBe(given.operation);
    if (given.operation !== 'remove') expect(kept.value).toBe(given.value);
  }
}

describe('instruction builders', () => {
  it('updateName(any): the non-blank string as given, or ValidationError', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(textish, async (value) => {
        const r = outcome(() => instructions.updateName(value as string));
        if ('invalid' in r) {
          t.invalid();
          return expect(typeof value !== 'string' || value.trim() === '').toBe(true);
        }
        t.ok();
        expect(r.ok).toEqual({ kind: 'updateName', value });
        expect(await sendPatch([r.ok])).toEqual({ instructions: [{ kind: 'updateName', value }] });
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('updateDescription(any): any string as given (empty too), or ValidationError', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(textish, async (value) => {
        const r = outcome(() => instructions.updateDescription(value as string));
        if ('invalid' in r) {
          t.invalid();
          return expect(typeof value).not.toBe('string');
        }
        t.ok();
        expect(await sendPatch([r.ok])).toEqual({ instructions: [{ kind: 'updateDescription', value }] });
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('startIteration({ changeJustification: any }): omitted, a non-blank string, or ValidationError', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(fc.option(textish, { nil: undefined }), async (changeJustification) => {
        const r = outcome(() => instructions.startIteration({ changeJustification: changeJustification as string }));
        if ('invalid' in r) {
          t.invalid();
          return expect(changeJustification).not.toBeUndefined();
        }
        t.ok();
        const body = await sendPatch([r.ok]);
        expect(body).toEqual({
          instructions: [
            changeJustification === undefined
              ? { kind: 'startIteration' }
              : { kind: 'startIteration', changeJustification },
          ],
        });
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('stopIteration(any options): both fields non-blank strings, or ValidationError', async () => {
    const t = tally();
    const options = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({ winningTreatmentId: textish, winningReason: textish }, { requiredKeys: [] }),
      },
      { weight: 1, arbitrary: anyValue },
    );
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const r = outcome(() => instructions.stopIteration(o as { winningTreatmentId: string; winningReason: string }));
        if ('invalid' in r) return t.invalid();
        t.ok();
        const { winningTreatmentId, winningReason } = o as Record<string, unknown>;
        expect(typeof winningTreatmentId === 'string' && winningTreatmentId.trim()).toBeTruthy();
        expect(typeof winningReason === 'string' && winningReason.trim()).toBeTruthy();
        expect(await sendPatch([r.ok])).toEqual({
          instructions: [{ kind: 'stopIteration', winningTreatmentId, winningReason }],
        });
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('updateExperimentFields(any edits): every edit kept as given, or ValidationError', async () => {
    const t = tally();
    const edits = fc.oneof({ weight: 4, arbitrary: fieldEdits(fieldName) }, { weight: 1, arbitrary: anyValue });
    await fc.assert(
      fc.asyncProperty(edits, async (fields) => {
        const r = outcome(() => instructions.updateExperimentFields(fields as FieldEdits));
        if ('invalid' in r) return t.invalid();
        t.ok();
        expectSameEdits(fields as Record<string, unknown>, r.ok.value);
        expect(Object.keys(r.ok.value).length).toBeGreaterThan(0);
        await sendPatch([r.ok]);
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('saveAndStartNewIteration({ changeJustification, fields }: any): kept as given, or ValidationError', async () => {
    const t = tally();
    const options = fc.record(
      {
        changeJustification: textish,
        fields: fc.oneof({ weight: 4, arbitrary: fieldEdits(fieldName) }, { weight: 1, arbitrary: anyValue }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const r = outcome(() => instructions.saveAndStartNewIteration(o as never));
        if ('invalid' in r) return t.invalid();
        t.ok();
        if (o.fields !== undefined) expectSameEdits(o.fields as Record<string, unknown>, r.ok.value);
        await sendPatch([r.ok]);
      }),
      RUNS,
    );
    t.expectBoth();
  });

  // Regression test for a fixed bug (src/launchdarkly/instructions.ts, `toFieldUpdates`: `out[name] = ...`): a field edit named "__proto__"
  // (an own key, as JSON.parse makes it) is assigned through the `__proto__` setter, so it silently disappears
  // (and re-parents `out`): updateExperimentFields(JSON.parse('{"__proto__":{"operation":"update","value":1}}'))
  // returns `{ kind: 'updateExperimentFields', value: {} }` although at least one edit is required. Expected:
  // the edit kept as an own property (or a ValidationError naming the field).
  it('updateExperimentFields keeps an edit named "__proto__" (or refuses it)', () => {
    fc.assert(
      fc.property(
        fieldEdits(fc.constant('__proto__')).filter((f) => Object.keys(f).length > 0),
        (fields) => {
          const r = outcome(() => instructions.updateExperimentFields(fields as FieldEdits));
          if ('invalid' in r) return;
          expectSameEdits(fields, r.ok.value);
        },
      ),
      RUNS,
    );
  });

  // Regression test for a fixed bug (src/launchdarkly/instructions.ts `startIteration` and `saveAndStartNewIteration`): the options default
  // `= {}` only covers undefined, so `null` (a JavaScript caller) throws TypeError "Cannot read properties of
  // null" instead of a ValidationError; `stopIteration(null)` already answers ValidationError.
  it('startIteration(null) and saveAndStartNewIteration(null) do not throw a TypeError', () => {
    expect(() => outcome(() => instructions.startIteration(null))).not.toThrow();
    expect(() => outcome(() => instructions.saveAndStartNewIteration(null))).not.toThrow();
  });
});

describe('validateInstructions', () => {
  // Regression test for a fixed bug (src/launchdarkly/instructions.ts `validateInstructions`: `list.forEach` skips holes): a sparse list
  // such as `[, instructions.archiveExperiment()]` passes, and patch then sends `{"instructions":[null,{…}]}`,
  // which ExperimentPatchInput rejects. Expected: ValidationError for `instructions[0]`.
  it('a sparse instruction list (hole at 0) is refused before sending', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const list = [, instructions.archiveExperiment()] as ExperimentInstruction[];
    rec.calls.length = 0;
    const sent = await outcomeAsync(() => ld.patch('checkout-button', list));
    if ('invalid' in sent) return;
    const problems = validPatch(rec.calls[0]?.body) ? [] : validPatch.errors;
    expect(problems).toEqual([]);
  });

  const instructionLike = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          kind: fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(...INSTRUCTION_KINDS) },
            { weight: 1, arbitrary: nastyString },
          ),
          value: fc.oneof(textish, fieldEdits(fieldName)),
          changeJustification: textish,
          winningTreatmentId: textish,
          winningReason: textish,
        },
        { requiredKeys: ['kind'] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );

  it('any list: ValidationError, or patch sends a body valid against ExperimentPatchInput', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(instructionLike, { maxLength: 4 }), anyValue),
        fc.option(nastyString, { nil: undefined }),
        async (list, comment) => {
          const r = outcome(() => validateInstructions(list as ExperimentInstruction[]));
          if ('invalid' in r) {
            // The same list is refused by patch before anything is sent.
            rec.calls.length = 0;
            const sent = await outcomeAsync(() => ld.patch('checkout-button', list as ExperimentInstruction[]));
            expect('invalid' in sent).toBe(true);
            expect(rec.calls).toHaveLength(0);
            return;
          }
          t.ok();
          const body = (await sendPatch(list as ExperimentInstruction[], comment)) as {
            instructions: unknown[];
            comment?: string;
          };
          expect(body.instructions).toHaveLength((list as unknown[]).length);
          expect(body.comment).toBe(comment);
        },
      ),
      RUNS,
    );
  });

  it('every builder output passes validateInstructions', () => {
    const built: fc.Arbitrary<() => ExperimentInstruction> = fc.oneof<fc.Arbitrary<() => ExperimentInstruction>[]>(
      nastyString.map((v) => () => instructions.updateName(v)),
      nastyString.map((v) => () => instructions.updateDescription(v)),
      fc
        .option(nastyString, { nil: undefined })
        .map((v) => () => instructions.startIteration({ changeJustification: v })),
      fc.tuple(nastyString, nastyString).map(
        ([a, b]) =>
          () =>
            instructions.stopIteration({ winningTreatmentId: a, winningReason: b }),
      ),
      fc.constant(() => instructions.archiveExperiment()),
      fc.constant(() => instructions.restoreExperiment()),
      fieldEdits(fieldName).map((f) => () => instructions.updateExperimentFields(f as FieldEdits)),
      fieldEdits(fieldName).map((f) => () => instructions.saveAndStartNewIteration({ fields: f as FieldEdits })),
    );
    fc.assert(
      fc.property(fc.array(built, { minLength: 1, maxLength: 4 }), (makers) => {
        const list: ExperimentInstruction[] = [];
        for (const make of makers) {
          const r = outcome(make);
          if ('ok' in r) list.push(r.ok);
        }
        if (list.length > 0) expect(() => validateInstructions(list)).not.toThrow();
      }),
      RUNS,
    );
  });
});
