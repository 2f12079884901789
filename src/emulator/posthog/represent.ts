import type { PhFlag } from './fixtures';
import { parametersOfFlag } from './flags';
import { type PhExperiment, type PhHoldout, type PhProject, type PhSavedMetric, type PhStore } from './store';

/** Status as PostHog derives it: from the dates, the freeze marker and the flag's `active`. */
export function statusOf(project: PhProject, e: PhExperiment): string {
  if (!e.start_date) return 'draft';
  if (e.end_date) return 'stopped';
  if (e.frozen) return 'exposure_frozen';
  const flag = project.flags.find((f) => f.id === e.flagId);
  return flag && !flag.active ? 'paused' : 'running';
}

/** MinimalFeatureFlag. */
export function flagRep(projectId: number, flag: PhFlag): Record<string, unknown> {
  return {
    id: flag.id,
    team_id: projectId,
    name: flag.name,
    key: flag.key,
    filters: structuredClone(flag.filters),
    deleted: flag.deleted,
    active: flag.active,
    ensure_experience_continuity: flag.ensure_experience_continuity,
    version: flag.version,
    evaluation_runtime: 'all',
    bucketing_identifier: 'distinct_id',
    evaluation_contexts: [],
  };
}

/** ExperimentHoldout. */
export function holdoutRep(store: PhStore, h: PhHoldout): Record<string, unknown> {
  return {
    id: h.id,
    name: h.name,
    description: h.description,
    filters: structuredClone(h.filters),
    created_by: store.user,
    created_at: h.created_at,
    updated_at: h.updated_at,
    user_access_level: 'editor',
  };
}

/** ExperimentSavedMetric. */
export function savedMetricRep(store: PhStore, m: PhSavedMetric): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    query: structuredClone(m.query),
    tags: [...m.tags],
    created_by: store.user,
    created_at: m.created_at,
    updated_at: m.updated_at,
    user_access_level: 'editor',
  };
}

/**
 * ExperimentBasic (list items): no metrics, saved metrics, exposure criteria or stats config.
 * The deprecated flag keys of `parameters` are projected from the live flag, as PostHog does on read.
 */
export function experimentBasicRep(store: PhStore, project: PhProject, e: PhExperiment): Record<string, unknown> {
  const flag = project.flags.find((f) => f.id === e.flagId)!;
  const holdout = project.holdouts.find((h) => h.id === e.holdout_id);
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    start_date: e.start_date,
    end_date: e.end_date,
    feature_flag_key: e.feature_flag_key,
    feature_flag: flagRep(project.id, flag),
    holdout: holdout ? holdoutRep(store, holdout) : null,
    exposure_cohort: e.exposure_cohort,
    parameters: { ...(e.parameters ?? {}), ...parametersOfFlag(flag) },
    running_time_calculation: e.running_time_calculation,
    excluded_variants: e.excluded_variants,
    archived: e.archived,
    deleted: e.deleted,
    created_by: store.user,
    created_at: e.created_at,
    updated_at: e.updated_at,
    type: e.type,
    conclusion: e.conclusion,
    conclusion_comment: e.conclusion_comment,
    status: statusOf(project, e),
    is_legacy: false,
    user_access_level: 'editor',
  };
}

/** Experiment (detail, create, update and action answers). */
export function experimentRep(store: PhStore, project: PhProject, e: PhExperiment): Record<string, unknown> {
  return {
    ...experimentBasicRep(store, project, e),
    holdout_id: e.holdout_id,
    saved_metrics: e.saved_metrics.map((link) => {
      const metric = project.savedMetrics.find((m) => m.id === link.saved_metric)!;
      const rep: Record<string, unknown> = {
        id: link.id,
        experiment: e.id,
        saved_metric: link.saved_metric,
        created_at: link.created_at,
        query: structuredClone(metric.query),
        name: metric.name,
      };
      if (link.metadata) rep.metadata = link.metadata;
      return rep;
    }),
    filters: e.filters,
    exposure_criteria: e.exposure_criteria,
    metrics: structuredClone(e.metrics),
    metrics_secondary: structuredClone(e.metrics_secondary),
    stats_config: e.stats_config,
    scheduling_config: e.scheduling_config,
    primary_metrics_ordered_uuids: [...e.primary_metrics_ordered_uuids],
    secondary_metrics_ordered_uuids: [...e.secondary_metrics_ordered_uuids],
    only_count_matured_users: e.only_count_matured_users,
  };
}
