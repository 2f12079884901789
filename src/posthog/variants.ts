/**
 * Variant and flag-configuration rules PostHog enforces on experiment writes (§4.4 of the API notes), checked
 * before sending: 2–20 variants, exactly one `control`, unique non-blank keys, integer percentages summing to
 * 100, at most one release condition without properties, no unknown keys (the generated serializer would drop
 * them silently).
 */
import type { PostHogExperimentFeatureFlagInput, PostHogExperimentParameters } from '../../generated';
import {
  optionalText,
  checkInteger,
  checkNumber,
  invalid,
  rejectUnknownKeys,
  requireObject,
  requireText,
} from './input';

/** Fewest variants an experiment flag may have. */
export const MIN_VARIANTS = 2;
/** Most variants an experiment flag may have. */
export const MAX_VARIANTS = 20;
/** Key of the baseline variant every experiment flag must have (PostHog normalises other casings). */
export const CONTROL_VARIANT = 'control';

const FLAG_INPUT_KEYS = ['filters', 'ensure_experience_continuity'];
const FILTER_KEYS = ['multivariate', 'groups', 'aggregation_group_type_index', 'payloads'];

/** A variant as written: `rollout_percentage` (or its alias `split_percent` on the deprecated path). */
interface VariantLike {
  key?: unknown;
  name?: unknown;
  rollout_percentage?: unknown;
  split_percent?: unknown;
}

/**
 * Checks a variant list and returns its keys. `allowSplitAlias` accepts `split_percent` in place of
 * `rollout_percentage` (the deprecated `parameters.feature_flag_variants` path, where GET responses carry both).
 */
export function checkVariants(variants: unknown, field: string, allowSplitAlias = false): string[] {
  if (!Array.isArray(variants) || variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS)
    invalid(field, `must be an array of ${MIN_VARIANTS} to ${MAX_VARIANTS} variants`);
  const keys: string[] = [];
  let total = 0;
  // Array.from turns holes of a sparse array into undefined entries, which are then refused (forEach skips them).
  Array.from(variants as VariantLike[]).forEach((variant, i) => {
    const at = `${field}[${i}]`;
    requireObject(at, variant);
    const key = requireText(`${at}.key`, variant.key);
    optionalText(`${at}.name`, variant.name);
    if (keys.includes(key)) invalid(`${at}.key`, `duplicates variant key ${JSON.stringify(key)}`);
    keys.push(key);
    const percentField =
      variant.rollout_percentage === undefined && allowSplitAlias ? 'split_percent' : 'rollout_percentage';
    const percent = variant[percentField];
    if (percent === undefined) invalid(`${at}.rollout_percentage`, 'is required');
    checkInteger(`${at}.${percentField}`, percent, 0, 100);
    total += percent as number;
  });
  const controls = keys.filter((key) => storedVariantKey(key) === CONTROL_VARIANT).length;
  if (controls !== 1)
    invalid(field, `must contain exactly one variant with key '${CONTROL_VARIANT}' (found ${controls})`);
  if (total !== 100) invalid(field, `rollout percentages must sum to 100 (got ${total})`);
  return keys;
}

/** A variant key as PostHog stores it: any casing of `control` becomes `control`. */
export function storedVariantKey(key: string): string {
  return key.toLowerCase() === CONTROL_VARIANT ? CONTROL_VARIANT : key;
}

/** Whether `flag` is a feature flag as a GET returned it (a non-null `id`), which PostHog ignores in a write. */
export function isEchoedFlag(flag: unknown): boolean {
  const id = (flag as { id?: unknown } | null | undefined)?.id;
  return typeof flag === 'object' && id !== undefined && id !== null;
}

/**
 * Checks the writable `feature_flag` of an experiment write and returns its variant keys (undefined when it
 * sets none). An object carrying a non-null `id` (a flag echoed from a GET) is ignored by PostHog, so it is not
 * checked either.
 */
export function checkFlagInput(
  flag: PostHogExperimentFeatureFlagInput | undefined,
  field: string,
): string[] | undefined {
  if (flag === undefined) return undefined;
  const input = requireObject(field, flag);
  if (isEchoedFlag(input)) return undefined;
  rejectUnknownKeys(input, FLAG_INPUT_KEYS, field);
  if (![undefined, null, true, false].includes(input.ensure_experience_continuity as never))
    invalid(`${field}.ensure_experience_continuity`, 'must be a boolean or null');
  if (input.filters === undefined) return undefined;
  const filters = requireObject(`${field}.filters`, input.filters);
  rejectUnknownKeys(filters, FILTER_KEYS, `${field}.filters`);
  checkGroups(filters.groups, `${field}.filters.groups`);
  checkInteger(`${field}.filters.aggregation_group_type_index`, filters.aggregation_group_type_index, 0, 4, true);
  if (filters.payloads !== undefined) {
    const payloads = requireObject(`${field}.filters.payloads`, filters.payloads);
    for (const [key, value] of Object.entries(payloads))
      if (typeof value !== 'string') invalid(`${field}.filters.payloads.${key}`, 'must be a JSON-encoded string');
  }
  if (filters.multivariate === undefined) return undefined;
  if (filters.multivariate === null)
    invalid(`${field}.filters.multivariate`, 'must not be null: an experiment needs variants');
  const multivariate = requireObject(`${field}.filters.multivariate`, filters.multivariate);
  return checkVariants(multivariate.variants, `${field}.filters.multivariate.variants`);
}

/** Checks the deprecated `parameters.feature_flag_variants` path; returns its variant keys when present. */
export function checkLegacyVariants(parameters: PostHogExperimentParameters | null | undefined, field: string) {
  if (parameters === undefined || parameters === null) return undefined;
  const input = requireObject(field, parameters);
  checkNumber(`${field}.rollout_percentage`, input.rollout_percentage, 0, 100, true);
  if (input.feature_flag_variants === undefined || input.feature_flag_variants === null) return undefined;
  return checkVariants(input.feature_flag_variants, `${field}.feature_flag_variants`, true);
}

function checkGroups(groups: unknown, field: string): void {
  if (groups === undefined) return;
  if (!Array.isArray(groups) || groups.length > 1) invalid(field, 'must be an array of at most one release condition');
  Array.from(groups).forEach((group, i) => {
    const at = `${field}[${i}]`;
    const fields = requireObject(at, group);
    checkNumber(`${at}.rollout_percentage`, fields.rollout_percentage, 0, 100, true);
    if (fields.properties !== undefined && (!Array.isArray(fields.properties) || fields.properties.length > 0))
      invalid(`${at}.properties`, 'must be empty: experiment flags take no targeting properties here');
  });
}
