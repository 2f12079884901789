import { HttpError, badRequest } from '../http';
import { type FieldUpdate, type PatchContext, applyFieldUpdates } from './field-updates';
import { type StoredExperiment, type StoredIteration, currentOf, draftOf } from './store';

type Instruction = { kind: string; [key: string]: any };
type Handler = (ctx: PatchContext, e: StoredExperiment, instruction: Instruction) => void;

/**
 * Applies semantic patch instructions all-or-nothing: they run in order on a deep copy, so each one
 * sees the effect of the previous ones, and the copy is returned only if every instruction succeeded.
 * A failing instruction throws a 400 prefixed with its index, and the stored experiment is untouched.
 */
export function applyInstructions(
  ctx: PatchContext,
  experiment: StoredExperiment,
  instructions: Instruction[],
): StoredExperiment {
  const draft = structuredClone(experiment);
  instructions.forEach((instruction, i) => {
    const handler = HANDLERS[instruction.kind];
    if (!handler) throw badRequest(`instructions[${i}]: unknown kind '${instruction.kind}'`, 'instructions');
    try {
      handler(ctx, draft, instruction);
    } catch (error) {
      if (error instanceof HttpError) {
        throw new HttpError(
          error.status,
          error.code,
          `instructions[${i}] (${instruction.kind}): ${error.message}`,
          error.attr,
        );
      }
      throw error;
    }
  });
  draft.version += 1;
  return draft;
}

const HANDLERS: Record<string, Handler> = {
  updateName: (_ctx, e, ins) => {
    e.name = ins.value;
  },
  updateDescription: (_ctx, e, ins) => {
    e.description = ins.value;
  },
  startIteration: (ctx, e, ins) => startDraft(ctx, e, ins.changeJustification),
  stopIteration: (ctx, e, ins) => {
    const current = currentOf(e);
    if (!current || current.status !== 'running') throw badRequest('there is no running iteration to stop');
    const ids = current.spec.treatments.map((t) => t.parameters[0].variationId);
    if (!ids.includes(ins.winningTreatmentId)) {
      throw badRequest(
        `winningTreatmentId '${ins.winningTreatmentId}' is not a treatment of the running iteration (expected one of ${ids.join(', ')})`,
        'winningTreatmentId',
      );
    }
    current.status = 'stopped';
    current.endedAt = ctx.now;
    current.winningTreatmentId = ins.winningTreatmentId;
    current.winningReason = ins.winningReason;
    current.version += 1;
  },
  archiveExperiment: (ctx, e) => {
    // Archiving hides an experiment; doing it while traffic is assigned would orphan the running
    // iteration, so (as in LaunchDarkly's UI) it must be stopped first. Re-archiving is a no-op.
    if (currentOf(e)?.status === 'running')
      throw badRequest('stop the running iteration before archiving the experiment');
    if (e.archivedDate === undefined) e.archivedDate = ctx.now;
  },
  restoreExperiment: (_ctx, e) => {
    delete e.archivedDate;
  },
  updateExperimentFields: (ctx, e, ins) => {
    const current = currentOf(e);
    const status = current?.status ?? 'not_started';
    // Iteration fields are editable only while the current iteration is still the unstarted draft.
    applyFieldUpdates(
      ctx,
      e,
      status === 'not_started' ? current : undefined,
      ins.value as Record<string, FieldUpdate>,
      status,
    );
  },
  saveAndStartNewIteration: (ctx, e, ins) => {
    const current = currentOf(e);
    if (!current || current.status === 'not_started') {
      throw badRequest('the current iteration has not started; use startIteration');
    }
    if (current.status === 'running' && !ins.changeJustification?.trim()) {
      throw badRequest('changeJustification is required when an iteration is running', 'changeJustification');
    }
    const clone: StoredIteration = {
      _id: ctx.store.ids.next(),
      status: 'not_started',
      createdAt: ctx.now,
      version: 1,
      spec: structuredClone(current.spec),
    };
    // The clone replaces any pending draft: there is at most one unstarted iteration.
    e.iterations = e.iterations.filter((i) => i.status !== 'not_started');
    e.iterations.push(clone);
    applyFieldUpdates(ctx, e, clone, (ins.value ?? {}) as Record<string, FieldUpdate>, 'not_started');
    startDraft(ctx, e, ins.changeJustification);
  },
};

/** Starts the draft: checks the documented preconditions, stops the running iteration, runs the draft. */
function startDraft(ctx: PatchContext, e: StoredExperiment, changeJustification: string | undefined): void {
  if (e.archivedDate !== undefined) throw badRequest('archived experiments cannot start iterations; restore it first');
  const draft = draftOf(e);
  if (!draft) throw badRequest('there is no draft iteration to start; create one with createIteration');
  const current = currentOf(e);
  const running = current && current.status === 'running' ? current : undefined;
  if (running && !changeJustification?.trim()) {
    throw badRequest('changeJustification is required when an iteration is already running', 'changeJustification');
  }
  for (const flagKey of Object.keys(draft.spec.flags)) {
    const flag = ctx.store.flag(ctx.project, flagKey);
    if (flag.archived) throw badRequest(`flag '${flagKey}' is archived`, 'flags');
    if (!flag.environments[e.environmentKey]?.on) {
      throw badRequest(
        `flag '${flagKey}' is off in environment '${e.environmentKey}'; turn it on before starting`,
        'flags',
      );
    }
  }
  if (!draft.spec.randomizationUnit) throw badRequest('the iteration has no randomizationUnit', 'randomizationUnit');
  if (!draft.spec.treatments.some((t) => Number(t.allocationPercent) > 0)) {
    throw badRequest('at least one treatment needs a non-zero allocationPercent', 'treatments');
  }
  if (running) {
    running.status = 'stopped';
    running.endedAt = ctx.now;
    running.version += 1;
  }
  draft.status = 'running';
  draft.startedAt = ctx.now;
  draft.version += 1;
}
