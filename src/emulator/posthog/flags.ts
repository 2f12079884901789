import { badRequest } from '../http';
import type { PhFlag } from './fixtures';
import type { PhExperiment, PhProject, PhStore } from './store';

type Variant = { key: string; name?: string | null; rollout_percentage: number };

/** A variant as PostHog stores it: any casing of `control` is `control`, `split_percent` an alias. */
function storedVariant(v: Record<string, any>): Variant {
  return {
    key: String(v.key).toLowerCase() === 'control' ? 'control' : String(v.key),
    name: v.name ?? null,
    rollout_percentage: v.rollout_percentage ?? v.split_percent,
  };
}

/** Checks experiment variant rules: one `control` (other casings normalised), percentages summing to 100. */
export function checkVariants(raw: Array<Record<string, any>>): Variant[] {
  const variants = raw.map(storedVariant);
  if (variants.length < 2 || variants.length > 20)
    throw badRequest('Feature flag must have between 2 and 20 variants.', 'feature_flag');
  if (variants.filter((v) => v.key === 'control').length !== 1) {
    throw badRequest("Feature flag variants must contain a variant with key 'control'.");
  }
  if (variants.some((v) => !Number.isInteger(v.rollout_percentage)))
    throw badRequest('Variant rollout percentages must be integers.', 'feature_flag');
  const sum = variants.reduce((s, v) => s + v.rollout_percentage, 0);
  if (sum !== 100) throw badRequest(`Variant rollout percentages must sum to 100 (got ${sum}).`, 'feature_flag');
  return variants;
}

/** Whether a flag can back an experiment: multivariate, at least two variants, one of them `control`. */
export function isExperimentFlag(flag: PhFlag): boolean {
  const variants: Variant[] = flag.filters.multivariate?.variants ?? [];
  return variants.length >= 2 && variants.some((v) => v.key === 'control');
}

/** The flag-config keys a write body may carry (new `feature_flag` object, or deprecated `parameters`). */
function configOf(body: Record<string, any>): {
  variants?: any[];
  groups?: any[];
  payloads?: any;
  aggregation?: number | null;
  continuity?: boolean | null;
} {
  const filters = body.feature_flag?.filters ?? {};
  const params = body.parameters ?? {};
  const config: ReturnType<typeof configOf> = {};
  const variants = filters.multivariate?.variants ?? params.feature_flag_variants;
  if (variants) config.variants = variants;
  if (filters.groups) config.groups = filters.groups;
  else if (typeof params.rollout_percentage === 'number')
    config.groups = [{ properties: [], rollout_percentage: params.rollout_percentage }];
  if (filters.payloads ?? params.feature_flag_payloads)
    config.payloads = filters.payloads ?? params.feature_flag_payloads;
  if ('aggregation_group_type_index' in filters) config.aggregation = filters.aggregation_group_type_index;
  else if ('aggregation_group_type_index' in params) config.aggregation = params.aggregation_group_type_index;
  const continuity = body.feature_flag?.ensure_experience_continuity ?? params.ensure_experience_continuity;
  if (continuity !== undefined) config.continuity = continuity;
  return config;
}

/**
 * Whether the body tries to change flag configuration. An echoed flag (with an `id`) is ignored, and so, given
 * the experiment's live `flag`, are deprecated `parameters` keys equal to it (an echoed GET).
 */
export function hasFlagConfig(body: Record<string, any>, flag?: PhFlag): boolean {
  if (body.feature_flag && body.feature_flag.id != null) return false;
  return Object.keys(configOf(flag ? withoutEchoedParameters(body, flag) : body)).length > 0;
}

/** The live value of each deprecated `parameters` flag key, compared as PostHog compares an echo. */
const LIVE_PARAMETERS: Record<string, (flag: PhFlag) => unknown> = {
  feature_flag_variants: (flag) => (flag.filters.multivariate?.variants ?? []).map(storedVariant),
  rollout_percentage: (flag) => flag.filters.groups?.[0]?.rollout_percentage ?? null,
  aggregation_group_type_index: (flag) => flag.filters.aggregation_group_type_index ?? null,
  feature_flag_payloads: (flag) => flag.filters.payloads ?? {},
  ensure_experience_continuity: (flag) => flag.ensure_experience_continuity ?? false,
};

/** The deprecated `parameters` flag keys as PostHog fills them on read: from the live flag, `split_percent` added. */
export function parametersOfFlag(flag: PhFlag): Record<string, unknown> {
  const projected = Object.fromEntries(Object.entries(LIVE_PARAMETERS).map(([key, live]) => [key, live(flag)]));
  projected.feature_flag_variants = (flag.filters.multivariate?.variants ?? []).map((v: Variant) => ({
    ...v,
    split_percent: v.rollout_percentage,
  }));
  return projected;
}

/**
 * `body` without the deprecated `parameters` flag keys whose values equal the live flag's: PostHog compares
 * them with the flag, so echoing a GET's `parameters` changes nothing (and needs no `update_feature_flag_params`).
 */
function withoutEchoedParameters(body: Record<string, any>, flag: PhFlag): Record<string, any> {
  const params = body.parameters;
  if (!params || typeof params !== 'object') return body;
  const changed = Object.fromEntries(
    Object.entries(params).filter(([key, value]) => {
      const live = LIVE_PARAMETERS[key];
      if (!live) return true;
      const sent = key === 'feature_flag_variants' && Array.isArray(value) ? value.map(storedVariant) : value;
      return JSON.stringify(sent) !== JSON.stringify(live(flag));
    }),
  );
  return { ...body, parameters: changed };
}

/**
 * The flag for a new experiment: an existing flag with that key is linked as-is (it must already be
 * a valid experiment flag, and no flag config may be sent with it); otherwise a new inactive flag is
 * made from the given config, or `control`/`test` at 50/50 with 100% rollout.
 */
export function flagForNewExperiment(store: PhStore, project: PhProject, body: Record<string, any>): PhFlag {
  const existing = project.flags.find((f) => f.key === body.feature_flag_key && !f.deleted);
  if (existing) {
    if (hasFlagConfig(body))
      throw badRequest(
        'Cannot send feature flag configuration together with the key of an existing flag.',
        'feature_flag',
      );
    if (!isExperimentFlag(existing)) {
      throw badRequest(
        `Feature flag '${existing.key}' cannot back an experiment: it needs at least two variants, one with key 'control'.`,
        'feature_flag_key',
      );
    }
    return existing;
  }
  const config = configOf(body);
  const flag: PhFlag = {
    id: store.nextId('flag'),
    key: body.feature_flag_key,
    name: `Feature Flag for Experiment ${body.name}`,
    filters: {
      groups: [{ properties: [], rollout_percentage: 100 }],
      multivariate: {
        variants: [
          { key: 'control', name: 'Control Group', rollout_percentage: 50 },
          { key: 'test', name: 'Test Variant', rollout_percentage: 50 },
        ],
      },
      payloads: {},
      aggregation_group_type_index: null,
    },
    active: false,
    deleted: false,
    ensure_experience_continuity: false,
    version: 1,
  };
  applyFlagConfig(flag, config);
  return flag;
}

/** Applies flag config from a write body onto a flag (keys left out keep their values). */
export function updateFlagFromBody(flag: PhFlag, body: Record<string, any>): void {
  applyFlagConfig(flag, configOf(withoutEchoedParameters(body, flag)));
  flag.version += 1;
}

function applyFlagConfig(flag: PhFlag, config: ReturnType<typeof configOf>): void {
  if (config.variants) flag.filters.multivariate = { variants: checkVariants(config.variants) };
  if (config.groups) {
    if (config.groups.length > 1 || config.groups.some((g: any) => (g.properties ?? []).length > 0)) {
      throw badRequest('Experiment flags take at most one release condition, without properties.', 'feature_flag');
    }
    flag.filters.groups = config.groups.map((g: any) => ({
      properties: [],
      rollout_percentage: g.rollout_percentage ?? 100,
    }));
  }
  if (config.payloads) flag.filters.payloads = { ...config.payloads };
  if (config.aggregation !== undefined) flag.filters.aggregation_group_type_index = config.aggregation;
  if (config.continuity !== undefined) flag.ensure_experience_continuity = config.continuity;
}

/** Writes (or removes) the holdout exclusion of an experiment into its flag. */
export function syncHoldout(project: PhProject, e: PhExperiment, flag: PhFlag): void {
  const holdout = project.holdouts.find((h) => h.id === e.holdout_id);
  if (holdout)
    flag.filters.holdout = { id: holdout.id, exclusion_percentage: holdout.filters[0]?.rollout_percentage ?? 0 };
  else delete flag.filters.holdout;
}
