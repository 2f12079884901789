/** Public surface of the vendor-neutral request core. */
export {
  createTransport,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type RetryInfo,
  type TransportOptions,
} from './transport';
export type { FetchAPI, FetchLike, HeadersLike, ResponseLike } from './fetch-types';
export {
  CALL_OPTIONS,
  getCallOptions,
  mergeHeaders,
  withCallOptions,
  type CallOptions,
  type InitWithCallOptions,
} from './call-options';
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
  RequestFailure,
  ResponseParseError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnprocessableEntityError,
  ValidationError,
  type ApiErrorInit,
  type RequestContext,
  type ValidationIssue,
} from './errors';
export {
  defaultParseErrorBody,
  errorFromResponse,
  parseBodyText,
  type ErrorFromResponseInput,
  type ErrorPolicy,
  type ParsedErrorBody,
} from './error-factory';
export {
  addJitter,
  clampWait,
  DEFAULT_JITTER_RATIO,
  DEFAULT_MIN_WAIT_MS,
  isWindowExhausted,
  parseResetEpochMs,
  parseRetryAfter,
  readResetEpochMs,
  serverStatedWait,
  type RateLimitPolicy,
  type ServerWait,
  type WaitSource,
} from './rate-limit';
export { backoffMs, isIdempotentMethod, mayRetry, retryReasonForStatus, type RetryReason } from './retry-policy';
export { DEFAULT_THROTTLE_HORIZON_MS, Throttle, type ThrottleOptions, type ThrottleWaitOptions } from './throttle';
export { sleep, type SleepFn } from './sleep';
export { createRedactor, isSensitiveHeader, REDACTED, SENSITIVE_HEADER_NAMES, type Redactor } from './redact';
export { createLogger, DEFAULT_LOG_LEVEL, type CreateLoggerOptions, type Logger, type LogLevel } from './logger';
export {
  DEFAULT_MAX_PAGES,
  nextUrlPagination,
  offsetPagination,
  PagePromise,
  type FetchPage,
  type NextUrlCursor,
  type NextUrlPaginationOptions,
  type OffsetCursor,
  type OffsetPaginationOptions,
  type PagePromiseOptions,
  type PageResult,
} from './paginate';
