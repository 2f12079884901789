/** Which failures are retried, and how long to back off when the server states no wait. */

/** Why an attempt is being retried. */
export type RetryReason = 'rate_limited' | 'server_error' | 'network_error' | 'timeout';

/** First backoff step, in ms. */
export const BACKOFF_BASE_MS = 500;
/** Largest backoff step before jitter, in ms. */
export const BACKOFF_CAP_MS = 8_000;

// Methods whose repetition cannot cause a second write. POST and PATCH (LD semantic patch) are excluded
// because neither vendor offers an idempotency key: after a 5xx or a dropped connection the server may
// already have acted.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** True for GET, HEAD, PUT, DELETE and OPTIONS (case-insensitive). */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * The retry reason for an HTTP status, or undefined when the status is never retried.
 * 429 → `rate_limited` (retried for every method: the server did not process the request);
 * 408 → `timeout`; ≥ 500 → `server_error`, except 501 and 505, which say the server will never handle
 * this request, so retrying only delays the error; every other status (409 included) → undefined.
 */
export function retryReasonForStatus(status: number): RetryReason | undefined {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status === 501 || status === 505) return undefined;
  if (status >= 500) return 'server_error';
  return undefined;
}

/**
 * Whether a failure with `reason` may be retried for `method`. Rate limits always; everything else only for
 * idempotent methods unless `retryNonIdempotent` is set.
 */
export function mayRetry(reason: RetryReason, method: string, retryNonIdempotent: boolean): boolean {
  return reason === 'rate_limited' || retryNonIdempotent || isIdempotentMethod(method);
}

/**
 * Exponential backoff for retry number `retryIndex` (0 = first retry), in whole ms:
 * `min(500 · 2^retryIndex, 8000) · (0.75 + 0.25 · random())`.
 */
export function backoffMs(retryIndex: number, random: () => number): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** retryIndex, BACKOFF_CAP_MS);
  return Math.round(base * (0.75 + 0.25 * random()));
}
