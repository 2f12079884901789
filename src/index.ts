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
export { PagePromise } from './core/paginate';
export { VERSION } from './version';
export type * from '../generated/models';
