/**
 * Shape checks for PostHog experiment metrics (`metrics`, `metrics_secondary`, a saved metric's `query`),
 * following §4.6 of the API notes: `kind: ExperimentMetric`, a known `metric_type`, and the parts each type
 * requires. Unknown extra keys are left alone (responses carry more than the documented schema).
 */
import type { PostHogExperimentMetric } from '../../generated';
import {
  checkEnum,
  checkId,
  checkInteger,
  checkNumber,
  invalid,
  optionalText,
  requireObject,
  requireText,
} from './input';

/** The metric types PostHog accepts on new writes. */
export const METRIC_TYPES = ['mean', 'funnel', 'ratio', 'retention'] as const;
/** One of {@link METRIC_TYPES}. */
export type MetricType = (typeof METRIC_TYPES)[number];

/** The only metric `kind` accepted on new writes (legacy `ExperimentTrendsQuery`/`ExperimentFunnelsQuery` are not). */
export const METRIC_KIND = 'ExperimentMetric';
/** Node kinds a metric source may have (`ExperimentDataWarehouseNode` is accepted but not checked further). */
export const SOURCE_KINDS = ['EventsNode', 'ActionsNode', 'ExperimentDataWarehouseNode'] as const;
/** Aggregations a metric source may use; the server default is `total`. */
export const SOURCE_MATH = [
  'total',
  'sum',
  'unique_session',
  'min',
  'max',
  'avg',
  'dau',
  'unique_group',
  'hogql',
] as const;
/** Time units of conversion and retention windows. */
export const WINDOW_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;

const GOALS = ['increase', 'decrease'];

/** Checks one metric and returns it unchanged, typed. `field` names it in errors (e.g. `metrics[0]`). */
export function checkMetric(metric: unknown, field: string): PostHogExperimentMetric {
  const m = requireObject(field, metric);
  if (m.kind !== undefined && m.kind !== METRIC_KIND)
    invalid(`${field}.kind`, `must be '${METRIC_KIND}' (legacy metric kinds are rejected on new writes)`);
  checkEnum(`${field}.metric_type`, m.metric_type ?? null, METRIC_TYPES);
  if (m.uuid !== undefined) requireText(`${field}.uuid`, m.uuid);
  optionalText(`${field}.name`, m.name);
  checkEnum(`${field}.goal`, m.goal, GOALS, true);
  checkInteger(`${field}.conversion_window`, m.conversion_window, 1, undefined, true);
  checkEnum(`${field}.conversion_window_unit`, m.conversion_window_unit, WINDOW_UNITS, true);
  switch (m.metric_type as MetricType) {
    case 'mean':
      checkMean(m, field);
      break;
    case 'funnel':
      if (!Array.isArray(m.series) || m.series.length === 0)
        invalid(`${field}.series`, 'must list at least one funnel step (the exposure event is prepended by PostHog)');
      Array.from(m.series).forEach((step, i) => checkSource(step, `${field}.series[${i}]`));
      break;
    case 'ratio':
      checkSource(m.numerator, `${field}.numerator`);
      checkSource(m.denominator, `${field}.denominator`);
      checkOutliers(m.numerator_outlier_handling, `${field}.numerator_outlier_handling`);
      checkOutliers(m.denominator_outlier_handling, `${field}.denominator_outlier_handling`);
      break;
    case 'retention':
      checkRetention(m, field);
      break;
  }
  return metric as PostHogExperimentMetric;
}

/** Checks an optional list of metrics; returns the `uuid`s it sets (to check uniqueness across lists). */
export function checkMetricList(metrics: unknown, field: string): string[] {
  if (metrics === undefined || metrics === null) return [];
  if (!Array.isArray(metrics)) invalid(field, 'must be an array of metrics');
  const uuids: string[] = [];
  Array.from(metrics).forEach((metric, i) => {
    const uuid = checkMetric(metric, `${field}[${i}]`).uuid;
    if (uuid !== undefined) uuids.push(uuid);
  });
  return uuids;
}

/** Checks an event/action node a metric reads from. */
export function checkSource(source: unknown, field: string): void {
  const s = requireObject(field, source);
  checkEnum(`${field}.kind`, s.kind ?? null, SOURCE_KINDS);
  if (s.kind === 'EventsNode') {
    if (s.event !== undefined && s.event !== null) requireText(`${field}.event`, s.event);
    if (s.id !== undefined)
      invalid(`${field}.id`, "is not accepted on an EventsNode (use kind 'ActionsNode' for actions)");
  } else if (s.kind === 'ActionsNode') {
    checkId(`${field}.id`, s.id);
    optionalText(`${field}.event`, s.event);
  }
  optionalText(`${field}.name`, s.name);
  optionalText(`${field}.math_property`, s.math_property);
  optionalText(`${field}.math_hogql`, s.math_hogql);
  checkEnum(`${field}.math`, s.math, SOURCE_MATH);
  if (s.math === 'hogql') requireText(`${field}.math_hogql`, s.math_hogql);
  checkInteger(`${field}.math_group_type_index`, s.math_group_type_index, 0, 4, true);
  if (s.properties !== undefined && s.properties !== null) {
    if (!Array.isArray(s.properties)) invalid(`${field}.properties`, 'must be an array of property filters');
    Array.from(s.properties).forEach((filter, i) => {
      const f = requireObject(`${field}.properties[${i}]`, filter);
      requireText(`${field}.properties[${i}].key`, f.key);
      optionalText(`${field}.properties[${i}].type`, f.type);
    });
  }
}

function checkMean(m: Record<string, unknown>, field: string): void {
  checkSource(m.source, `${field}.source`);
  checkBounds(m, field);
  if (m.threshold === undefined || m.threshold === null) return;
  if (typeof m.threshold !== 'number' || !Number.isFinite(m.threshold) || m.threshold <= 0)
    invalid(`${field}.threshold`, 'must be a number greater than 0');
  const math = (m.source as Record<string, unknown>).math ?? 'total';
  if (math !== 'total' && math !== 'sum') invalid(`${field}.threshold`, "needs source math 'total' or 'sum'");
  if (isSet(m.lower_bound_percentile) || isSet(m.upper_bound_percentile))
    invalid(`${field}.threshold`, 'cannot be combined with winsorization (lower/upper_bound_percentile)');
}

function checkRetention(m: Record<string, unknown>, field: string): void {
  checkSource(m.start_event, `${field}.start_event`);
  checkSource(m.completion_event, `${field}.completion_event`);
  checkInteger(`${field}.retention_window_start`, m.retention_window_start, 0, undefined, true);
  checkInteger(`${field}.retention_window_end`, m.retention_window_end, 0, undefined, true);
  if (
    isSet(m.retention_window_start) &&
    isSet(m.retention_window_end) &&
    m.retention_window_start > m.retention_window_end
  )
    invalid(`${field}.retention_window_end`, 'must not be before retention_window_start');
  checkEnum(`${field}.retention_window_unit`, m.retention_window_unit, WINDOW_UNITS, true);
  checkEnum(`${field}.start_handling`, m.start_handling, ['first_seen', 'last_seen'], true);
}

function checkOutliers(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  checkBounds(requireObject(field, value), field);
}

/** Winsorization bounds: fractions in [0, 1], lower not above upper. */
function checkBounds(m: Record<string, unknown>, field: string): void {
  checkNumber(`${field}.lower_bound_percentile`, m.lower_bound_percentile, 0, 1, true);
  checkNumber(`${field}.upper_bound_percentile`, m.upper_bound_percentile, 0, 1, true);
  if (
    isSet(m.lower_bound_percentile) &&
    isSet(m.upper_bound_percentile) &&
    m.lower_bound_percentile > m.upper_bound_percentile
  )
    invalid(`${field}.upper_bound_percentile`, 'must not be below lower_bound_percentile');
}

function isSet(value: unknown): value is number {
  return value !== undefined && value !== null;
}
