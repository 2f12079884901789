/**
 * experiments-api: typed clients for the LaunchDarkly and PostHog experimentation REST APIs.
 * This file is the whole public surface.
 */
export { LaunchDarklyExperiments } from './launchdarkly/client';
export type { ExperimentList, ListExperimentsParams, PatchOptions } from './launchdarkly/client';
export { instructions, validateInstructions, INSTRUCTION_KINDS } from './launchdarkly/instructions';
export type { FieldEdit, FieldEdits, InstructionKind } from './launchdarkly/instructions';
export {
  EXPERIMENT_EXPAND,
  ITERATION_STATUSES,
  LIFECYCLE_STATES,
  RESULTS_EXPAND,
  serializeFilter,
} from './launchdarkly/query';
export type {
  ExperimentExpand,
  ExperimentFilter,
  IterationStatus,
  LifecycleState,
  ResultsExpand,
} from './launchdarkly/query';
export { DEFAULT_LD_API_VERSION, LAUNCHDARKLY_BASE_URLS, LAUNCHDARKLY_RATE_LIMIT_POLICY } from './launchdarkly/options';
export type {
  EnvironmentScope,
  LaunchDarklyInstance,
  LaunchDarklyOptions,
  ProjectScope,
  RequestOptions,
} from './launchdarkly/options';
export {
  AbortError,
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ExperimentsApiError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableEntityError,
  ValidationError,
} from './core/errors';
export type { Logger, LogLevel } from './core/logger';
export type { RetryInfo } from './core/transport';
export { MemoryRateLimitStore } from './core/rate-limit-store';
export type { Admission, MaybePromise, RateLimitStore } from './core/rate-limit-store';
export {
  DEFAULT_REDIS_KEY_PREFIX,
  DEFAULT_REDIS_LEASE_MS,
  DEFAULT_REDIS_TIMEOUT_MS,
  redisRateLimitStore,
} from './redis/store';
export type { RedisRateLimitStoreOptions } from './redis/store';
export type { IORedisClientLike, NodeRedisClientLike, RedisClientLike, RedisCommandSender } from './redis/client';
export { PagePromise } from './core/paginate';
export { APIPromise } from './core/api-promise';
export type { ResponseInfo, WithResponse } from './core/api-promise';
export type { RawMethod, RawRequest, RawValue } from './core/raw-request';
export { VERSION } from './version';
export type * from '../generated/models';

// PostHog
export { PostHogExperiments } from './posthog/client';
export type { ExperimentsResource as PostHogExperimentsResource } from './posthog/experiments';
export type { ExperimentList as PostHogExperimentList } from './posthog/experiments';
export type {
  ActivityList as PostHogActivityList,
  EligibleFlagList as PostHogEligibleFlagList,
} from './posthog/experiment-analysis';
export { RECALCULATION_TRIGGERS as POSTHOG_RECALCULATION_TRIGGERS } from './posthog/experiment-analysis';
export type {
  HoldoutsResource as PostHogHoldoutsResource,
  HoldoutList as PostHogHoldoutList,
} from './posthog/holdouts';
export type {
  SavedMetricsResource as PostHogSavedMetricsResource,
  SavedMetricList as PostHogSavedMetricList,
} from './posthog/saved-metrics';
export { ApprovalRequiredError, PolicyConflictError, POSTHOG_ERROR_POLICY } from './posthog/errors';
export type { ApprovalRequiredFields, ConflictingPolicy } from './posthog/errors';
export { POSTHOG_RATE_LIMIT_POLICY, waitFromThrottleBody } from './posthog/rate-limit-policy';
export { POSTHOG_HOSTS } from './posthog/options';
export type {
  PostHogHost,
  PostHogOptions,
  PostHogProjectId,
  PostHogRegion,
  RequestOptions as PostHogRequestOptions,
} from './posthog/options';
export {
  EXPERIMENT_ORDER as POSTHOG_EXPERIMENT_ORDER,
  EXPERIMENT_STATUS_FILTERS as POSTHOG_EXPERIMENT_STATUS_FILTERS,
} from './posthog/query';
export type {
  EligibleFlagListParams as PostHogEligibleFlagListParams,
  ExperimentListParams as PostHogExperimentListParams,
  ExperimentOrder as PostHogExperimentOrder,
  ExperimentStatusFilter as PostHogExperimentStatusFilter,
  PageParams as PostHogPageParams,
  SavedMetricListParams as PostHogSavedMetricListParams,
} from './posthog/query';
export { CONCLUSIONS as POSTHOG_CONCLUSIONS } from './posthog/experiment-input';
export { METRIC_TYPES as POSTHOG_METRIC_TYPES, checkMetric as checkPostHogMetric } from './posthog/metrics';
export { checkVariants as checkPostHogVariants, MAX_VARIANTS as POSTHOG_MAX_VARIANTS } from './posthog/variants';
