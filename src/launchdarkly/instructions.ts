import type {
  ArchiveExperimentInstruction,
  ExperimentInstruction,
  FieldUpdate,
  RestoreExperimentInstruction,
  SaveAndStartNewIterationInstruction,
  StartIterationInstruction,
  StopIterationInstruction,
  UpdateDescriptionInstruction,
  UpdateExperimentFieldsInstruction,
  UpdateNameInstruction,
} from '../../generated';
import { ValidationError, type ValidationIssue } from '../core/errors';
import { isList } from './query';

/** Every semantic patch instruction kind `patchExperiment` understands. */
export const INSTRUCTION_KINDS = [
  'updateName',
  'updateDescription',
  'startIteration',
  'stopIteration',
  'archiveExperiment',
  'restoreExperiment',
  'updateExperimentFields',
  'saveAndStartNewIteration',
] as const;

/** One of {@link INSTRUCTION_KINDS}. */
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

/**
 * One field edit: `add`/`update` need a `value`; `remove` clears the field, or with a `value` removes just
 * those entries of a list field (e.g. some `tags`). LaunchDarkly requires a value only for add and update.
 */
export type FieldEdit = { operation: 'add' | 'update'; value: unknown } | { operation: 'remove'; value?: unknown };

/** Field edits keyed by experiment or iteration field name (see `Experiment.mutableFieldsByStatus`). */
export type FieldEdits = Record<string, FieldEdit>;

type Kinded<T, K extends InstructionKind> = T & { kind: K };

/**
 * Typed builders for the semantic patch instructions of `patchExperiment`. Each returns a member of the
 * generated `ExperimentInstruction` union and throws a {@link ValidationError} for input the server would
 * reject, so a bad instruction never reaches the wire.
 */
export const instructions = {
  /**
   * Renames the experiment.
   * @deprecated LaunchDarkly deprecated `updateName` in July 2026 (v23): use `updateExperimentFields` with `name`.
   */
  updateName(value: string): Kinded<UpdateNameInstruction, 'updateName'> {
    return { kind: 'updateName', value: requireText(value, 'value', 'the new name') };
  },

  /**
   * Replaces the description (may be empty).
   * @deprecated LaunchDarkly deprecated `updateDescription` in July 2026 (v23): use `updateExperimentFields` with
   * `description`.
   */
  updateDescription(value: string): Kinded<UpdateDescriptionInstruction, 'updateDescription'> {
    if (typeof value !== 'string') throw invalid('value', 'the description must be a string');
    return { kind: 'updateDescription', value };
  },

  /**
   * Starts the draft iteration. `changeJustification` is required by the server when an iteration is
   * already running (default: omitted).
   */
  startIteration(
    options?: { changeJustification?: string } | null,
  ): Kinded<StartIterationInstruction, 'startIteration'> {
    options ??= {};
    const instruction: Kinded<StartIterationInstruction, 'startIteration'> = { kind: 'startIteration' };
    if (options.changeJustification !== undefined) {
      instruction.changeJustification = requireText(
        options.changeJustification,
        'changeJustification',
        'a justification',
      );
    }
    return instruction;
  },

  /** Stops the running iteration and records the winning treatment (`TreatmentRep._id`) and why it won. */
  stopIteration(options: {
    winningTreatmentId: string;
    winningReason: string;
  }): Kinded<StopIterationInstruction, 'stopIteration'> {
    if (!options || typeof options !== 'object')
      throw invalid('winningTreatmentId', 'stopIteration needs { winningTreatmentId, winningReason }');
    return {
      kind: 'stopIteration',
      winningTreatmentId: requireText(options.winningTreatmentId, 'winningTreatmentId', 'the winning treatment id'),
      winningReason: requireText(options.winningReason, 'winningReason', 'a reason for the winner'),
    };
  },

  /** Archives the experiment; archived experiments cannot start iterations. */
  archiveExperiment(): Kinded<ArchiveExperimentInstruction, 'archiveExperiment'> {
    return { kind: 'archiveExperiment' };
  },

  /** Restores an archived experiment. */
  restoreExperiment(): Kinded<RestoreExperimentInstruction, 'restoreExperiment'> {
    return { kind: 'restoreExperiment' };
  },

  /** Edits experiment or current-iteration fields; at least one edit is required. */
  updateExperimentFields(fields: FieldEdits): Kinded<UpdateExperimentFieldsInstruction, 'updateExperimentFields'> {
    return { kind: 'updateExperimentFields', value: toFieldUpdates(fields, 'value', true) };
  },

  /**
   * Stops the current iteration, clones it with `fields` applied (default: no edits) and starts the clone.
   */
  saveAndStartNewIteration(
    options?: { changeJustification?: string; fields?: FieldEdits } | null,
  ): Kinded<SaveAndStartNewIterationInstruction, 'saveAndStartNewIteration'> {
    options ??= {};
    const instruction: Kinded<SaveAndStartNewIterationInstruction, 'saveAndStartNewIteration'> = {
      kind: 'saveAndStartNewIteration',
    };
    if (options.changeJustification !== undefined) {
      instruction.changeJustification = requireText(
        options.changeJustification,
        'changeJustification',
        'a justification',
      );
    }
    if (options.fields !== undefined) instruction.value = toFieldUpdates(options.fields, 'fields', false);
    return instruction;
  },
};

/**
 * Checks a whole instruction list, including hand-written objects that bypassed the builders, and throws
 * one {@link ValidationError} listing every problem. An empty list is refused: the server would reject it.
 */
export function validateInstructions(list: readonly ExperimentInstruction[]): void {
  if (!isList(list) || list.length === 0) {
    throw new ValidationError('patchExperiment needs at least one instruction', { field: 'instructions' });
  }
  const issues: ValidationIssue[] = [];
  // An index loop, not forEach: forEach skips the holes of a sparse array, which would be sent as null.
  for (let index = 0; index < list.length; index++) {
    const instruction = list[index];
    const problem = checkInstruction(instruction);
    if (problem)
      issues.push({
        field: `instructions[${index}]${problem.field ? `.${problem.field}` : ''}`,
        message: problem.message,
      });
  }
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw new ValidationError(`invalid instructions: ${summary}`, { field: issues[0].field, issues });
  }
}

// Re-running the builder on a hand-written instruction reuses exactly the builders' rules.
function checkInstruction(instruction: unknown): ValidationIssue | undefined {
  if (!instruction || typeof instruction !== 'object') return { message: 'must be an object with a kind' };
  // Fields are passed on unchecked on purpose: the builders check them at run time. `never` lets them reach the
  // builders' typed parameters without `any`.
  const i = instruction as Record<string, never>;
  try {
    switch (i.kind as InstructionKind) {
      case 'updateName':
        instructions.updateName(i.value);
        break;
      case 'updateDescription':
        instructions.updateDescription(i.value);
        break;
      case 'startIteration':
        instructions.startIteration({ changeJustification: i.changeJustification });
        break;
      case 'stopIteration':
        instructions.stopIteration({ winningTreatmentId: i.winningTreatmentId, winningReason: i.winningReason });
        break;
      case 'archiveExperiment':
      case 'restoreExperiment':
        break;
      case 'updateExperimentFields':
        toFieldUpdates(i.value, 'value', true);
        break;
      case 'saveAndStartNewIteration':
        instructions.saveAndStartNewIteration({ changeJustification: i.changeJustification, fields: i.value });
        break;
      default:
        return {
          field: 'kind',
          message: `unknown kind ${JSON.stringify(i.kind)}; expected one of ${INSTRUCTION_KINDS.join(', ')}`,
        };
    }
  } catch (error) {
    if (error instanceof ValidationError)
      return { field: error.field, message: error.issues?.[0]?.message ?? error.message };
    throw error;
  }
  return undefined;
}

function toFieldUpdates(fields: FieldEdits, field: string, required: boolean): { [key: string]: FieldUpdate } {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields))
    throw invalid(field, 'field edits must be an object keyed by field name');
  const names = Object.keys(fields);
  if (required && names.length === 0) throw invalid(field, 'at least one field edit is required');
  const out: { [key: string]: FieldUpdate } = {};
  for (const name of names) {
    const edit = fields[name] as Partial<{ operation: string; value: unknown }>;
    if (!name.trim()) throw invalid(field, 'field names must not be blank');
    if (!edit || typeof edit !== 'object') throw invalid(`${field}.${name}`, 'must be { operation, value? }');
    if (edit.operation === 'remove') {
      setOwn(
        out,
        name,
        edit.value === undefined ? { operation: 'remove' } : { operation: 'remove', value: edit.value },
      );
    } else if (edit.operation === 'add' || edit.operation === 'update') {
      if (edit.value === undefined) throw invalid(`${field}.${name}`, `'${edit.operation}' needs a value`);
      setOwn(out, name, { operation: edit.operation, value: edit.value });
    } else {
      throw invalid(
        `${field}.${name}.operation`,
        `must be add, update or remove, not ${JSON.stringify(edit.operation)}`,
      );
    }
  }
  return out;
}

function requireText(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, `${what} must be a non-blank string`);
  return value;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`${field}: ${message}`, { field, issues: [{ field, message }] });
}

// Assignment would treat a "__proto__" field name as the prototype setter and silently drop the edit.
function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
