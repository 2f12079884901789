import { badRequest } from '../http';
import type { PhFlag } from './fixtures';
import { hasFlagConfig, syncHoldout, updateFlagFromBody } from './flags';
import { checkUniqueUuids, orderedUuids, prepareMetrics } from './metrics';
import { statusOf } from './represent';
import type { PhExperiment, PhProject, PhStore } from './store';

const COPIED = [
  'name',
  'description',
  'running_time_calculation',
  'excluded_variants',
  'archived',
  'type',
  'exposure_criteria',
  'stats_config',
  'scheduling_config',
  'conclusion',
  'conclusion_comment',
  'filters',
  'only_count_matured_users',
  'start_date',
  'end_date',
  'deleted',
] as const;

// Flag settings inside `parameters` are deprecated inputs: copied onto the flag, never stored.
const FLAG_PARAMETERS = [
  'feature_flag_variants',
  'rollout_percentage',
  'aggregation_group_type_index',
  'feature_flag_payloads',
  'ensure_experience_continuity',
];

/**
 * Applies a create/update body to copies of an experiment and its flag, checking cross-field rules
 * (the schema was checked by ajv). Throws a 400 before anything is stored; the caller commits the
 * copies only when this returns.
 */
export function applyExperimentWrite(
  store: PhStore,
  project: PhProject,
  e: PhExperiment,
  flag: PhFlag,
  body: Record<string, any>,
  now: string,
  creating: boolean,
): void {
  const wasDraft = !e.start_date;
  if (!creating && body.feature_flag_key !== undefined && body.feature_flag_key !== e.feature_flag_key) {
    throw badRequest("Can't update keys: feature_flag_key on Experiment", 'feature_flag_key');
  }
  // The approval gates sit on the flag write, so a create that configures the flag passes them too.
  if (creating && hasFlagConfig(body)) store.checkApproval('experiment.update', 'feature_flag', flag.id);
  if (!creating && hasFlagConfig(body, flag)) {
    if (!wasDraft && !body.update_feature_flag_params) {
      throw badRequest(
        'Changing the feature flag of a launched experiment needs update_feature_flag_params: true.',
        'feature_flag',
      );
    }
    store.checkApproval('experiment.update', 'feature_flag', flag.id);
    updateFlagFromBody(flag, body);
  }
  for (const key of COPIED) {
    if (body[key] !== undefined) (e as any)[key] = structuredClone(body[key]);
  }
  if (body.deleted === null) e.deleted = false;
  if (body.parameters !== undefined) {
    const kept = Object.fromEntries(
      Object.entries(body.parameters ?? {}).filter(([k]) => !FLAG_PARAMETERS.includes(k)),
    );
    e.parameters = body.parameters === null ? null : kept;
  }
  if (e.start_date && e.end_date && Date.parse(e.end_date) < Date.parse(e.start_date)) {
    throw badRequest('end_date must not be before start_date.', 'end_date');
  }
  const variantKeys: string[] = (flag.filters.multivariate?.variants ?? []).map((v: any) => v.key);
  const baseline = (e.stats_config as any)?.baseline_variant_key;
  if (baseline != null && !variantKeys.includes(baseline))
    throw badRequest(`baseline_variant_key '${baseline}' is not a variant of the flag.`, 'stats_config');
  for (const v of e.excluded_variants ?? []) {
    if (!variantKeys.includes(v) || v === (baseline ?? 'control'))
      throw badRequest(`Variant '${v}' cannot be excluded.`, 'excluded_variants');
  }

  if (body.holdout_id !== undefined && body.holdout_id !== e.holdout_id) {
    if (!creating && !wasDraft)
      throw badRequest('The holdout can only be changed while the experiment is a draft.', 'holdout_id');
    if (body.holdout_id !== null && !project.holdouts.some((h) => h.id === body.holdout_id)) {
      throw badRequest(`Holdout ${body.holdout_id} does not exist in this project.`, 'holdout_id');
    }
    e.holdout_id = body.holdout_id;
  }
  syncHoldout(project, e, flag);

  const allowUnknown = Boolean(body.allow_unknown_events);
  if (body.metrics !== undefined) e.metrics = prepareMetrics(store, body.metrics ?? [], 'metrics', allowUnknown);
  if (body.metrics_secondary !== undefined)
    e.metrics_secondary = prepareMetrics(store, body.metrics_secondary ?? [], 'metrics_secondary', allowUnknown);
  checkUniqueUuids(e.metrics, e.metrics_secondary);
  e.primary_metrics_ordered_uuids = orderedUuids(
    e.metrics,
    body.primary_metrics_ordered_uuids,
    e.primary_metrics_ordered_uuids,
    'primary_metrics_ordered_uuids',
  );
  e.secondary_metrics_ordered_uuids = orderedUuids(
    e.metrics_secondary,
    body.secondary_metrics_ordered_uuids,
    e.secondary_metrics_ordered_uuids,
    'secondary_metrics_ordered_uuids',
  );

  if (body.saved_metrics_ids !== undefined) {
    // Replace-all: the given list becomes the experiment's links.
    e.saved_metrics = (body.saved_metrics_ids ?? []).map((link: any) => {
      if (!project.savedMetrics.some((m) => m.id === link.id))
        throw badRequest(`Saved metric ${link.id} does not exist in this project.`, 'saved_metrics_ids');
      const kept = e.saved_metrics.find((l) => l.saved_metric === link.id);
      return {
        id: kept?.id ?? store.nextId('saved_metric_link'),
        saved_metric: link.id,
        ...(link.metadata ? { metadata: link.metadata } : {}),
        created_at: kept?.created_at ?? now,
      };
    });
  }
  if (statusOf(project, e) !== 'draft' && wasDraft && creating) {
    // Legacy: created with a start_date, which enables the flag as a launch does (and passes the same gate).
    store.checkApproval('experiment.launch', 'feature_flag', flag.id);
    flag.active = true;
  }
  e.updated_at = now;
}

/** The keys a create body may carry; anything else is refused like PostHog's "Can't create keys". */
export function checkCreateKeys(body: Record<string, unknown>, allowed: string[], model: string): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw badRequest(`Can't create keys: ${unknown.join(', ')} on ${model}`);
}
