/** List-call parameters of the PostHog facade and their allowed values. */
import { checkWellFormed } from '../core/path-params';
import { checkBoolean, checkEnum, checkId, checkPaging, invalid, rejectUnknownKeys, requireObject } from './input';

/** Values of the experiments list `status` filter. `complete` = `stopped`; `all` disables the filter. */
export const EXPERIMENT_STATUS_FILTERS = [
  'draft',
  'running',
  'paused',
  'exposure_frozen',
  'stopped',
  'complete',
  'all',
] as const;
/** One of {@link EXPERIMENT_STATUS_FILTERS}. `paused` and `exposure_frozen` need newer servers. */
export type ExperimentStatusFilter = (typeof EXPERIMENT_STATUS_FILTERS)[number];

const ORDER_FIELDS = [
  'created_at',
  'created_by',
  'updated_at',
  'name',
  'start_date',
  'end_date',
  'duration',
  'status',
] as const;

/** Sort orders of the experiments list; a leading `-` sorts descending. `created_by` needs newer servers. */
export const EXPERIMENT_ORDER = ORDER_FIELDS.flatMap((field) => [field, `-${field}`] as const);
/** One of {@link EXPERIMENT_ORDER}, e.g. `'-created_at'` (the server default) or `'name'`. */
export type ExperimentOrder = (typeof ORDER_FIELDS)[number] | `-${(typeof ORDER_FIELDS)[number]}`;

/** Page size and starting offset of a list call. */
export interface PageParams {
  /** Page size. Default 100 (the server's). */
  limit?: number;
  /** Items to skip before the first page. Default 0. */
  offset?: number;
}

/** Filters and order of `experiments.list`. All are optional; names are PostHog's query parameters. */
export interface ExperimentListParams extends PageParams {
  /** Lifecycle filter. Default: every status. */
  status?: ExperimentStatusFilter;
  /** `true`: only archived experiments. Default: only non-archived ones. */
  archived?: boolean;
  /** Only experiments created by this user id. */
  created_by_id?: number;
  /** Only experiments linked to this feature flag id. */
  feature_flag_id?: number;
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Only experiments whose metrics use this event (newer servers). */
  event?: string;
  /** Only experiments built for this LLM prompt (newer servers). */
  prompt_name?: string;
  /** Sort order. Default `'-created_at'` (newest first). */
  order?: ExperimentOrder;
}

/** Filters of `savedMetrics.list`. */
export interface SavedMetricListParams extends PageParams {
  /** Case-insensitive text matched against name, description and tag names. */
  search?: string;
  /** Only metrics whose query uses this event, directly or through an action. */
  event?: string;
}

/** Filters of `experiments.eligibleFeatureFlags`. */
export interface EligibleFlagListParams extends PageParams {
  /** Page size, at most 100. Default 20 (the server's). */
  limit?: number;
  /** Text search on the flag key and name. */
  search?: string;
  /** Only active (true) or inactive (false) flags. */
  active?: boolean;
  /** Only flags created by this user id. */
  created_by_id?: number;
  /** Sort field; a leading `-` sorts descending. */
  order?: string;
  /** Where the flag may be evaluated. */
  evaluation_runtime?: 'server' | 'client' | 'all';
  /** Only flags with (true) or without (false) evaluation contexts. */
  has_evaluation_contexts?: boolean;
}

/** Every key of `T`: the compiler refuses a list that misses or adds one, so it follows the interface. */
type KeySet<T> = Record<keyof Required<T>, true>;

const PAGE_KEYS: KeySet<PageParams> = { limit: true, offset: true };
const EXPERIMENT_LIST_KEYS: KeySet<ExperimentListParams> = {
  ...PAGE_KEYS,
  status: true,
  archived: true,
  created_by_id: true,
  feature_flag_id: true,
  search: true,
  event: true,
  prompt_name: true,
  order: true,
};
const SAVED_METRIC_LIST_KEYS: KeySet<SavedMetricListParams> = { ...PAGE_KEYS, search: true, event: true };
const ELIGIBLE_FLAG_KEYS: KeySet<EligibleFlagListParams> = {
  ...PAGE_KEYS,
  search: true,
  active: true,
  created_by_id: true,
  order: true,
  evaluation_runtime: true,
  has_evaluation_contexts: true,
};

/**
 * The parameters of a list call: `null` means the defaults, as `undefined` does; a key not in `known` is refused,
 * as it would not reach the query string.
 */
function listParams<T extends object>(params: T | null | undefined, known: KeySet<T>): T {
  const given = requireObject('params', params ?? {});
  rejectUnknownKeys(given, Object.keys(known), '');
  return given as T;
}

/** Checks the parameters of a list call that only pages (`holdouts.list`). */
export function pageQuery(given: PageParams | null | undefined) {
  const params = listParams(given, PAGE_KEYS);
  checkPaging(params);
  return { limit: params.limit, offset: params.offset };
}

/** Checks `experiments.list` parameters; returns the generated request's query fields. */
export function experimentListQuery(given: ExperimentListParams | null | undefined) {
  const params = listParams(given, EXPERIMENT_LIST_KEYS);
  checkPaging(params);
  checkEnum('status', params.status, EXPERIMENT_STATUS_FILTERS);
  checkEnum('order', params.order, EXPERIMENT_ORDER);
  checkBoolean('archived', params.archived);
  return {
    limit: params.limit,
    offset: params.offset,
    status: params.status,
    archived: params.archived,
    createdById: optionalId('created_by_id', params.created_by_id),
    featureFlagId: optionalId('feature_flag_id', params.feature_flag_id),
    search: optionalString('search', params.search),
    event: optionalString('event', params.event),
    promptName: optionalString('prompt_name', params.prompt_name),
    order: params.order,
  };
}

/** Checks `savedMetrics.list` parameters. */
export function savedMetricListQuery(given: SavedMetricListParams | null | undefined) {
  const params = listParams(given, SAVED_METRIC_LIST_KEYS);
  checkPaging(params);
  return {
    limit: params.limit,
    offset: params.offset,
    search: optionalString('search', params.search),
    event: optionalString('event', params.event),
  };
}

/** Checks `experiments.eligibleFeatureFlags` parameters (`limit` at most 100). */
export function eligibleFlagQuery(given: EligibleFlagListParams | null | undefined) {
  const params = listParams(given, ELIGIBLE_FLAG_KEYS);
  checkPaging(params, 100);
  checkBoolean('active', params.active);
  checkBoolean('has_evaluation_contexts', params.has_evaluation_contexts);
  checkEnum('evaluation_runtime', params.evaluation_runtime, ['server', 'client', 'all']);
  return {
    limit: params.limit,
    offset: params.offset,
    search: optionalString('search', params.search),
    active: params.active,
    createdById: optionalId('created_by_id', params.created_by_id),
    order: optionalString('order', params.order),
    evaluationRuntime: params.evaluation_runtime,
    hasEvaluationContexts: params.has_evaluation_contexts,
  };
}

function optionalId(field: string, value: number | undefined): number | undefined {
  return value === undefined ? undefined : checkId(field, value);
}

function optionalString(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return value;
  if (typeof value !== 'string') invalid(field, 'must be a string');
  return checkWellFormed(field, value);
}
