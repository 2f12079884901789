/**
 * Checks of experiment write bodies and action bodies: what PostHog would reject (§4.1, §4.4, §4.12 of the API
 * notes) and what the generated serializer cannot send (non-Date dates).
 */
import {
  type PostHogEndExperimentRequest,
  PostHogEndExperimentRequestToJSON,
  type PostHogExperimentWrite,
  type PostHogPatchedExperimentWrite,
  type PostHogRunningTimeCalculationRequest,
  PostHogRunningTimeCalculationRequestToJSON,
  type PostHogShipVariantRequest,
  PostHogShipVariantRequestToJSON,
} from '../../generated';
import {
  checkBoolean,
  checkEnum,
  checkId,
  checkInteger,
  checkNumber,
  checkStringList,
  invalid,
  optionalText,
  rejectDroppedKeys,
  requireObject,
  requireText,
} from './input';
import { checkMetricList } from './metrics';
import { checkFlagInput, checkLegacyVariants, isEchoedFlag, storedVariantKey } from './variants';

/** Outcomes an ended experiment can record. */
export const CONCLUSIONS = ['won', 'lost', 'inconclusive', 'stopped_early', 'invalid'] as const;
/** Longest experiment name, in characters. */
export const MAX_NAME_LENGTH = 400;
/** Longest description (hypothesis), in characters (older servers: 400). */
export const MAX_DESCRIPTION_LENGTH = 3000;
/** Longest conclusion comment, in characters. */
export const MAX_CONCLUSION_COMMENT_LENGTH = 4000;

const FLAG_KEY = /^[A-Za-z0-9_-]+$/;

/** A feature flag key: letters, digits, `-` and `_`. */
export function checkFlagKey(field: string, value: unknown): string {
  const key = requireText(field, value, MAX_NAME_LENGTH);
  if (!FLAG_KEY.test(key)) invalid(field, 'may only contain letters, digits, - and _');
  return key;
}

/**
 * Checks an experiment body for create/PUT (`partial` false: `name` and `feature_flag_key` required) or PATCH
 * (`partial` true: every field optional).
 */
export function checkExperimentWrite(body: PostHogExperimentWrite | PostHogPatchedExperimentWrite, partial: boolean) {
  const e = requireObject('experiment', body);
  if (!partial || e.name !== undefined) requireText('name', e.name, MAX_NAME_LENGTH);
  if (!partial || e.feature_flag_key !== undefined) checkFlagKey('feature_flag_key', e.feature_flag_key);
  optionalText('description', e.description, MAX_DESCRIPTION_LENGTH);
  checkEnding(e);
  if (e.holdout_id !== undefined && e.holdout_id !== null) checkId('holdout_id', e.holdout_id);
  checkEnum('type', e.type, ['web', 'product'], true);
  checkDate('start_date', e.start_date);
  checkDate('end_date', e.end_date);
  if (e.start_date instanceof Date && e.end_date instanceof Date && e.end_date < e.start_date)
    invalid('end_date', 'must not be before start_date');
  checkSavedMetricLinks(e.saved_metrics_ids);
  const uuids = [
    ...checkMetricList(e.metrics, 'metrics'),
    ...checkMetricList(e.metrics_secondary, 'metrics_secondary'),
  ];
  const duplicate = uuids.find((uuid, i) => uuids.indexOf(uuid) !== i);
  if (duplicate !== undefined) invalid('metrics', `metric uuid ${JSON.stringify(duplicate)} is used more than once`);
  checkStringList('primary_metrics_ordered_uuids', e.primary_metrics_ordered_uuids, true);
  checkStringList('secondary_metrics_ordered_uuids', e.secondary_metrics_ordered_uuids, true);
  checkStringList('excluded_variants', e.excluded_variants, true);
  const variants =
    checkFlagInput(e.feature_flag as never, 'feature_flag') ?? checkLegacyVariants(e.parameters as never, 'parameters');
  checkStatsConfig(e.stats_config, variants);
  checkExposureCriteria(e.exposure_criteria);
}

/**
 * The body to send for an experiment write: without a `feature_flag` that carries a non-null `id` (the flag
 * as a GET returned it). PostHog ignores such an object, but the generated serializer drops only its `id` and
 * would send its filters (release conditions with properties, the current variants) as a flag change, which
 * PostHog refuses or, on a draft, applies.
 */
export function writableBody<T extends PostHogExperimentWrite | PostHogPatchedExperimentWrite>(body: T): T {
  if (!isEchoedFlag(body.feature_flag)) return body;
  const { feature_flag: _echoed, ...rest } = body;
  return rest as T;
}

/** Checks the optional body of `end`. */
export function checkEndBody(body: PostHogEndExperimentRequest | undefined): void {
  if (body === undefined) return;
  checkEnding(requireObject('body', body));
  rejectDroppedKeys(body, PostHogEndExperimentRequestToJSON);
}

/** Checks the body of `ship_variant` (`variant_key` required). */
export function checkShipVariantBody(body: PostHogShipVariantRequest): void {
  const b = requireObject('body', body);
  requireText('variant_key', b.variant_key);
  checkEnding(b);
  checkBoolean('release_to_everyone', b.release_to_everyone);
  rejectDroppedKeys(b, PostHogShipVariantRequestToJSON);
}

/** Checks the body of `calculate_running_time`. */
export function checkRunningTimeBody(body: PostHogRunningTimeCalculationRequest): void {
  const b = requireObject('body', body);
  checkEnum('metric_type', b.metric_type ?? null, ['funnel', 'mean_count', 'mean_sum_or_avg', 'ratio', 'retention']);
  if (typeof b.minimum_detectable_effect !== 'number' || !(b.minimum_detectable_effect > 0))
    invalid('minimum_detectable_effect', 'must be a number greater than 0');
  checkInteger('number_of_variants', b.number_of_variants, 2);
  checkNumber('exposure_rate_per_day', b.exposure_rate_per_day, 0, Infinity, true);
  rejectDroppedKeys(b, PostHogRunningTimeCalculationRequestToJSON);
}

/** `conclusion`, `conclusion_comment` and the cleanup pull request's fields, shared by writes, `end` and `ship_variant`. */
function checkEnding(b: Record<string, unknown>): void {
  checkEnum('conclusion', b.conclusion, CONCLUSIONS, true);
  optionalText('conclusion_comment', b.conclusion_comment, MAX_CONCLUSION_COMMENT_LENGTH);
  checkBoolean('open_cleanup_pr', b.open_cleanup_pr);
  optionalText('repository', b.repository, 255);
}

function checkDate(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  // The generated serializer calls toISOString(): a string here would crash inside generated code.
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(field, 'must be a valid Date (or null)');
}

function checkSavedMetricLinks(links: unknown): void {
  if (links === undefined || links === null) return;
  if (!Array.isArray(links)) invalid('saved_metrics_ids', 'must be an array of { id, metadata? }');
  links.forEach((link, i) => {
    const at = `saved_metrics_ids[${i}]`;
    checkId(`${at}.id`, requireObject(at, link).id);
    const metadata = (link as { metadata?: unknown }).metadata;
    if (metadata !== undefined)
      checkEnum(`${at}.metadata.type`, requireObject(`${at}.metadata`, metadata).type, ['primary', 'secondary']);
  });
}

function checkStatsConfig(config: unknown, variantKeys: string[] | undefined): void {
  if (config === undefined || config === null) return;
  const c = requireObject('stats_config', config);
  checkEnum('stats_config.method', c.method, ['bayesian', 'frequentist']);
  if (c.baseline_variant_key === undefined || c.baseline_variant_key === null) return;
  const key = requireText('stats_config.baseline_variant_key', c.baseline_variant_key);
  // PostHog stores a `Control` variant as `control`; either spelling names it here.
  if (variantKeys && !variantKeys.some((k) => k === key || storedVariantKey(k) === key))
    invalid('stats_config.baseline_variant_key', `must be one of the variant keys ${variantKeys.join(', ')}`);
}

function checkExposureCriteria(criteria: unknown): void {
  if (criteria === undefined || criteria === null) return;
  const c = requireObject('exposure_criteria', criteria);
  checkEnum(
    'exposure_criteria.multiple_variant_handling',
    c.multiple_variant_handling,
    ['exclude', 'first_seen'],
    true,
  );
  if (c.exposure_config === undefined || c.exposure_config === null) return;
  const config = requireObject('exposure_criteria.exposure_config', c.exposure_config);
  const field = 'exposure_criteria.exposure_config';
  checkEnum(`${field}.kind`, config.kind ?? null, ['ExperimentEventExposureConfig', 'ActionsNode']);
  if (config.kind === 'ActionsNode') checkId(`${field}.id`, config.id);
  else requireText(`${field}.event`, config.event);
  if (!Array.isArray(config.properties)) invalid(`${field}.properties`, 'is required (use [] for none)');
}
