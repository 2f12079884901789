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

/** Times and counts a client or a call may set; undefined keeps the default. */
export interface Limits {
  timeoutMs?: unknown;
  maxRetries?: unknown;
  maxRetryDelayMs?: unknown;
}

/**
 * Throws ValidationError unless `timeoutMs` is a number > 0, `maxRetryDelayMs` a number ≥ 0 (both at most
 * {@link MAX_TIMER_MS}) and `maxRetries` a whole number ≥ 0.
 */
export function checkLimits(limits: Limits): void {
  checkMs('timeoutMs', limits.timeoutMs, false);
  checkMs('maxRetryDelayMs', limits.maxRetryDelayMs, true);
  const retries = limits.maxRetries;
  if (retries !== undefined && !(typeof retries === 'number' && Number.isInteger(retries) && retries >= 0)) {
    throw new ValidationError(`maxRetries must be a whole number ≥ 0, got ${shown(retries)}`, { field: 'maxRetries' });
  }
}

/**
 * Throws ValidationError for a header name that is not an HTTP token, or a value that is not a string of
 * visible ASCII or Latin-1 characters, spaces and tabs (no line breaks). Values are never quoted: one may be
 * the API key.
 */
export function checkHeaders(headers: Record<string, unknown>, field = 'headers'): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      throw new ValidationError(`${field}: ${JSON.stringify(name)} is not a valid header name`, { field });
    }
    checkHeaderValue(value, `${field}.${name}`);
  }
}

/** Throws ValidationError naming `field` unless `value` is a valid header value (see {@link checkHeaders}). */
export function checkHeaderValue(value: unknown, field: string): void {
  if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
    throw new ValidationError(`${field} must be a string of visible ASCII or Latin-1 characters, without line breaks`, {
      field,
    });
  }
}

function checkMs(field: string, value: unknown, zeroAllowed: boolean): void {
  if (value === undefined) return;
  if (typeof value === 'number' && (zeroAllowed ? value >= 0 : value > 0) && value <= MAX_TIMER_MS) return;
  throw new ValidationError(
    `${field} must be a number of ms ${zeroAllowed ? '≥ 0' : '> 0'} and at most ${MAX_TIMER_MS}, got ${shown(value)}`,
    { field },
  );
}

function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : `a ${value === null ? 'null' : typeof value}`;
}
