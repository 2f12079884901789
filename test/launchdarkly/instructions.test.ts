import { instructions, validateInstructions, INSTRUCTION_KINDS } from '../../src/launchdarkly/instructions';
import { ValidationError } from '../../src/core/errors';
import { validatorFor } from '../helpers/spec';

const patchSchema = validatorFor('#/components/schemas/ExperimentPatchInput');

describe('instruction builders', () => {
  const built = [
    instructions.updateName('New name'),
    instructions.updateDescription(''),
    instructions.startIteration(),
    instructions.startIteration({ changeJustification: 'Restart with new metric' }),
    instructions.stopIteration({ winningTreatmentId: 't-1', winningReason: 'Lift' }),
    instructions.archiveExperiment(),
    instructions.restoreExperiment(),
    instructions.updateExperimentFields({
      description: { operation: 'update', value: 'x' },
      tags: { operation: 'remove' },
    }),
    instructions.saveAndStartNewIteration(),
    instructions.updateExperimentFields({ tags: { operation: 'remove', value: ['old'] } }),
    instructions.saveAndStartNewIteration({
      changeJustification: 'why',
      fields: { hypothesis: { operation: 'update', value: 'h' } },
    }),
  ];

  it('covers all eight kinds', () => {
    expect(new Set(built.map((i) => i.kind))).toEqual(new Set(INSTRUCTION_KINDS));
  });

  it('produces exactly the documented shapes', () => {
    expect(built[0]).toEqual({ kind: 'updateName', value: 'New name' });
    expect(built[2]).toEqual({ kind: 'startIteration' });
    expect(built[4]).toEqual({ kind: 'stopIteration', winningTreatmentId: 't-1', winningReason: 'Lift' });
    expect(built[7]).toEqual({
      kind: 'updateExperimentFields',
      value: { description: { operation: 'update', value: 'x' }, tags: { operation: 'remove' } },
    });
    expect(built[8]).toEqual({ kind: 'saveAndStartNewIteration' });
    // `remove` with a value drops just those entries of a list field.
    expect(built[9]).toEqual({
      kind: 'updateExperimentFields',
      value: { tags: { operation: 'remove', value: ['old'] } },
    });
  });

  it('every built instruction validates against the spec schema', () => {
    for (const instruction of built) expect(patchSchema({ instructions: [instruction] })).toBe(true);
    expect(() => validateInstructions(built)).not.toThrow();
  });

  it.each([
    ['blank name', () => instructions.updateName('  '), 'value'],
    ['non-string description', () => instructions.updateDescription(3 as any), 'value'],
    [
      'missing winningTreatmentId',
      () => instructions.stopIteration({ winningReason: 'r' } as any),
      'winningTreatmentId',
    ],
    [
      'blank winningReason',
      () => instructions.stopIteration({ winningTreatmentId: 't', winningReason: '' }),
      'winningReason',
    ],
    ['no options to stopIteration', () => instructions.stopIteration(undefined as any), 'winningTreatmentId'],
    ['blank justification', () => instructions.startIteration({ changeJustification: ' ' }), 'changeJustification'],
    ['no field edits', () => instructions.updateExperimentFields({}), 'value'],
    [
      'update without value',
      () => instructions.updateExperimentFields({ name: { operation: 'update' } as any }),
      'value.name',
    ],
    [
      'unknown operation',
      () => instructions.updateExperimentFields({ name: { operation: 'replace', value: 1 } as any }),
      'value.name.operation',
    ],
    ['edits not an object', () => instructions.saveAndStartNewIteration({ fields: [] as any }), 'fields'],
    ['blank field name', () => instructions.updateExperimentFields({ ' ': { operation: 'remove' } }), 'value'],
    ['edit not an object', () => instructions.updateExperimentFields({ name: 3 as any }), 'value.name'],
  ])('rejects %s with a ValidationError naming the field', (_name, build, field) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});

describe('validateInstructions', () => {
  it('refuses an empty list and a non-list', () => {
    expect(() => validateInstructions([])).toThrow(/at least one instruction/);
    expect(() => validateInstructions(undefined as any)).toThrow(ValidationError);
  });

  it('lists every problem of hand-written instructions with its index', () => {
    let error: ValidationError | undefined;
    try {
      validateInstructions([
        { kind: 'archiveExperiment' },
        { kind: 'stopIteration', winningReason: 'r' } as any,
        { kind: 'renameIt' } as any,
        null as any,
      ]);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error?.issues?.map((i) => i.field)).toEqual([
      'instructions[1].winningTreatmentId',
      'instructions[2].kind',
      'instructions[3]',
    ]);
    expect(error?.message).toMatch(/unknown kind "renameIt"/);
  });

  it('accepts valid hand-written instructions of every kind', () => {
    expect(() =>
      validateInstructions([
        { kind: 'updateName', value: 'n' },
        { kind: 'updateDescription', value: 'd' },
        { kind: 'startIteration' },
        { kind: 'restoreExperiment' },
        { kind: 'updateExperimentFields', value: { tags: { operation: 'add', value: ['a'] } } },
        { kind: 'saveAndStartNewIteration', changeJustification: 'j' },
      ]),
    ).not.toThrow();
  });

  it('rethrows unexpected errors from hand-written objects', () => {
    const evil = {
      kind: 'updateName',
      get value(): string {
        throw new RangeError('boom');
      },
    };
    expect(() => validateInstructions([evil as any])).toThrow(RangeError);
  });
});
