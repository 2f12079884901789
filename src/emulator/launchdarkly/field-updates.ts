import { badRequest } from '../http';
import { buildIterationSpec } from './iteration-input';
import { MUTABLE_FIELDS_BY_STATUS } from './represent';
import type { IterationSpec, LdStore, ProjectState, StoredExperiment } from './store';

/** What instruction handlers need besides the experiment itself. */
export interface PatchContext {
  store: LdStore;
  project: ProjectState;
  /** The request time, Unix epoch ms (from the injectable clock). */
  now: number;
  /** Validates `value` against the spec schema at `pointer`; throws a 400 naming `where`. */
  validate: (pointer: string, value: unknown, where: string) => void;
}

/** One entry of an updateExperimentFields / saveAndStartNewIteration `value` map. */
export interface FieldUpdate {
  operation: 'add' | 'update' | 'remove';
  value?: unknown;
}

const EXPERIMENT_FIELDS = new Set(['name', 'description', 'tags', 'holdoutId', 'methodology', 'analysisConfig']);
const LIST_FIELDS = new Set(['tags', 'attributes']);

/**
 * Applies field edits in place. Experiment fields change `experiment`; iteration fields change
 * `iteration` (the draft being edited) and are then re-checked as a whole, like createIteration
 * would. Which field/operation pairs are allowed depends on `status` (see MUTABLE_FIELDS_BY_STATUS).
 */
export function applyFieldUpdates(
  ctx: PatchContext,
  experiment: StoredExperiment,
  iteration: { spec: IterationSpec } | undefined,
  updates: Record<string, FieldUpdate>,
  status: string,
): void {
  let iterationTouched = false;
  for (const [field, update] of Object.entries(updates)) {
    const allowed = MUTABLE_FIELDS_BY_STATUS[status]?.[field];
    const known = Object.values(MUTABLE_FIELDS_BY_STATUS).some((byField) => field in byField);
    if (!known) throw badRequest(`unknown field '${field}'`, field);
    if (!allowed)
      throw badRequest(`field '${field}' cannot be changed while the current iteration is ${status}`, field);
    if (!allowed.includes(update.operation)) {
      throw badRequest(
        `field '${field}' does not support '${update.operation}' (allowed: ${allowed.join(', ')})`,
        field,
      );
    }
    if (update.operation !== 'remove' && update.value === undefined)
      throw badRequest(`field '${field}': '${update.operation}' needs a value`, field);

    if (EXPERIMENT_FIELDS.has(field)) {
      applyTo(
        ctx,
        experiment as unknown as Record<string, unknown>,
        field,
        update,
        '#/components/schemas/ExperimentPost/properties',
      );
      if (field === 'name' && !experiment.name) throw badRequest('field name must not be empty', field);
    } else {
      if (!iteration) throw badRequest(`field '${field}' needs an iteration to edit`, field);
      applyTo(
        ctx,
        iteration.spec as unknown as Record<string, unknown>,
        field,
        update,
        '#/components/schemas/IterationInput/properties',
      );
      // The primary metric is either a single metric or a funnel; choosing one drops the other.
      if (field === 'primarySingleMetricKey') delete iteration.spec.primaryFunnelKey;
      if (field === 'primaryFunnelKey') delete iteration.spec.primarySingleMetricKey;
      iterationTouched = true;
    }
  }
  if (iteration && iterationTouched) {
    iteration.spec = buildIterationSpec(ctx.store, ctx.project, experiment.environmentKey, iteration.spec, false);
  }
}

function applyTo(
  ctx: PatchContext,
  target: Record<string, unknown>,
  field: string,
  update: FieldUpdate,
  schemaBase: string,
): void {
  if (LIST_FIELDS.has(field)) {
    applyListUpdate(ctx, target, field, update);
    return;
  }
  if (update.operation === 'remove') {
    delete target[field];
    return;
  }
  ctx.validate(`${schemaBase}/${field}`, update.value, `value.${field}.value`);
  target[field] = structuredClone(update.value);
}

/** Tags and attributes: `add` appends (string or list), `remove` drops the given ones (all when no value), `update` replaces. */
function applyListUpdate(ctx: PatchContext, target: Record<string, unknown>, field: string, update: FieldUpdate): void {
  const current = (target[field] as string[] | undefined) ?? [];
  const given = update.value === undefined ? undefined : Array.isArray(update.value) ? update.value : [update.value];
  if (given !== undefined)
    ctx.validate('#/components/schemas/ExperimentPost/properties/tags', given, `value.${field}.value`);
  let next: string[];
  if (update.operation === 'add') next = [...current, ...(given as string[]).filter((v) => !current.includes(v))];
  else if (update.operation === 'update') next = [...new Set(given as string[])];
  else next = given === undefined ? [] : current.filter((v) => !(given as string[]).includes(v));
  if (next.length) target[field] = next;
  else delete target[field];
}
