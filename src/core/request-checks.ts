/**
 * Checks of what callers hand a client or a call, run before anything is sent: times and counts, and header
 * names and values. Node and fetch refuse bad header characters too, but only once the request is under way,
 * as a connection error; a timer longer than 2^31 − 1 ms fires at once.
 */
import { ValidationError } from './errors';

/** Longest delay a timer can hold, in ms (2^31 − 1, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

// RFC 9110 token (header names) and field-value characters (visible ASCII, tab, space, obs-text).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Times, counts, switches and the signal a client or a call may set; undefined keeps the default. */
export interface Limits {
  timeoutMs?: unknown;
  maxRetries?: unknown;
  maxRetryDelayMs?: unknown;
  retryNonIdempotent?: unknown;
  signal?: unknown;
}

/**
 * Throws ValidationError unless `timeoutMs` is a number of ms from 1 and `maxRetryDelayMs` one from 0, both
 * at most {@link MAX_TIMER_MS}, `maxRetries` a whole number from 0, `retryNonIdempotent` a boolean and `signal`
 * an AbortSignal. A truthy string such as `'false'` (read from the environment) would re-send writes.
 */
export function checkLimits(limits: Limits): void {
  checkNumber('timeoutMs', limits.timeoutMs, 1);
  checkNumber('maxRetryDelayMs', limits.maxRetryDelayMs, 0);
  checkNumber('maxRetries', limits.maxRetries, 0, true);
  const { retryNonIdempotent, signal } = limits;
  if (retryNonIdempotent !== undefined && typeof retryNonIdempotent !== 'boolean')
    throw new ValidationError('retryNonIdempotent must be true or false', { field: 'retryNonIdempotent' });
  if (signal != null && typeof (signal as AbortSignal).addEventListener !== 'function')
    throw new ValidationError('signal must be an AbortSignal', { field: 'signal' });
}

/**
 * Throws ValidationError for a header name that is not an HTTP token, or a value that is not a string of
 * visible ASCII or Latin-1 characters, spaces and tabs (no line breaks). Values are never quoted: one may be
 * the API key.
 */
export function checkHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      throw new ValidationError(`headers: ${JSON.stringify(name)} is not a valid header name`, { field: 'headers' });
    }
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      throw new ValidationError(`headers.${name} must be a header value: printable Latin-1, no line breaks`, {
        field: `headers.${name}`,
      });
    }
  }
}

function checkNumber(field: string, value: unknown, min: number, whole = false): void {
  if (value === undefined) return;
  if (typeof value === 'number' && value >= min && value <= MAX_TIMER_MS && (!whole || Number.isInteger(value))) return;
  throw new ValidationError(
    `${field} must be a ${whole ? 'whole ' : ''}number from ${min} to ${MAX_TIMER_MS}, got ${typeof value === 'number' ? value : typeof value}`,
    { field },
  );
}
