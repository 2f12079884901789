/**
 * Rate-limit headers → waits. Pure functions; vendors describe their headers in a {@link RateLimitPolicy}.
 */
import type { HeadersLike } from './fetch-types';

/** Smallest wait we ever schedule from a server-stated value, in ms (clock skew, resets in the past). */
export const DEFAULT_MIN_WAIT_MS = 250;
/** Largest positive jitter added to a server-stated wait, as a fraction of the wait (0.1 = up to +10%). */
export const DEFAULT_JITTER_RATIO = 0.1;

/** Largest wait for a 429 that states none, in windows of {@link RateLimitPolicy.unstatedWaitMs}. */
export const UNSTATED_WAIT_CAP_WINDOWS = 6;

/**
 * The wait before retry `retryIndex` (0 = first) of a 429 that states none, before jitter, in ms; undefined
 * when the policy has no window (then the core backs off as for other failures).
 */
export function unstatedWaitMs(policy: RateLimitPolicy, retryIndex: number): number | undefined {
  const windowMs = policy.unstatedWaitMs;
  if (windowMs === undefined) return undefined;
  return windowMs * Math.min(2 ** retryIndex, UNSTATED_WAIT_CAP_WINDOWS);
}

// Epoch milliseconds passed 1e12 in 2001; anything smaller that still looks like a timestamp is seconds.
const EPOCH_MS_THRESHOLD = 1e12;
const NUMERIC = /^\s*\d+(\.\d+)?\s*$/;

/** How a vendor states rate-limit windows. All header names are case-insensitive. */
export interface RateLimitPolicy {
  /** Headers holding the instant a window resets, as epoch ms (values < 1e12 are taken as epoch seconds). */
  resetHeaders: readonly string[];
  /** Headers holding the requests left in a window; any of them at `0` means "exhausted". */
  remainingHeaders: readonly string[];
  /**
   * The reset header of each remaining-header (keys as in `remainingHeaders`), for vendors whose limit
   * families reset at different instants (LaunchDarkly's token family has its own). A family without one, or
   * whose reset header is absent, is taken to reset at the latest of `resetHeaders` (never too early).
   * Default: none, every family resets at that latest instant.
   */
  resetOf?: Readonly<Record<string, string>>;
  /** Reads a wait in ms out of a parsed 429 body (or its text when not JSON); undefined when none. */
  waitFromBody?(body: unknown): number | undefined;
  /**
   * Wait before retrying a 429 that states none (no `Retry-After`, reset header or body wait), in ms: the
   * vendor's window, since an earlier retry only collects another 429. Doubled for each later retry up to
   * {@link UNSTATED_WAIT_CAP_WINDOWS} windows, with the same jitter as stated waits. Default: the core's
   * exponential backoff (500 ms, 1 s, ...).
   */
  unstatedWaitMs?: number;
  /** Floor for server-stated waits, in ms. Default {@link DEFAULT_MIN_WAIT_MS} (250). */
  minWaitMs?: number;
  /** Upper bound of the positive jitter on server-stated waits, as a fraction. Default 0.1. */
  jitterRatio?: number;
}

/** Where a server-stated wait came from. */
export type WaitSource = 'retry-after' | 'reset' | 'body';

/** A server-stated wait before clamping and jitter. */
export interface ServerWait {
  /** Raw wait in ms; may be ≤ 0 when the stated instant is already past. */
  waitMs: number;
  /** Which signal produced it. */
  source: WaitSource;
}

/**
 * Parses `Retry-After` into a wait in ms: integer or decimal seconds, or an HTTP-date relative to `nowMs`
 * (may be negative for past dates). Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (NUMERIC.test(value)) return Number(value) * 1000;
  // Date.parse accepts bare numbers like "-5" as years; an HTTP-date always names a day or month.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - nowMs;
}

/**
 * Parses a reset header into epoch ms. Values below 1e12 are treated as epoch seconds and multiplied by
 * 1000 (LD documents ms, other APIs use seconds). Returns undefined for absent, non-numeric or zero values.
 */
export function parseResetEpochMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !NUMERIC.test(value)) return undefined;
  const n = Number(value);
  if (n <= 0) return undefined;
  return n < EPOCH_MS_THRESHOLD ? n * 1000 : n;
}

/**
 * The latest reset instant (epoch ms) among the policy's reset headers present on `headers`.
 * The latest, not the first, because waiting for the earliest could still hit the other, exhausted window.
 */
export function readResetEpochMs(headers: HeadersLike, policy: RateLimitPolicy): number | undefined {
  let latest: number | undefined;
  for (const name of policy.resetHeaders) {
    const reset = parseResetEpochMs(headers.get(name));
    if (reset !== undefined && (latest === undefined || reset > latest)) latest = reset;
  }
  return latest;
}

/** What one response says of the rate-limit window that binds the client (see {@link readWindow}). */
export interface WindowReading {
  /** Instant the binding window resets, epoch ms. */
  resetAt: number;
  /** Requests left in it; undefined when no remaining-header is present. */
  remaining?: number;
  /** True when a family has none left: no request may go before `resetAt`. */
  exhausted: boolean;
}

/**
 * Reads the policy's headers into the window that binds the client: while a family is exhausted, the latest
 * reset among the exhausted families (their own, per {@link RateLimitPolicy.resetOf}), since the others
 * would let a request through sooner; otherwise the family with the fewest requests left, with its reset.
 * Undefined when no reset instant is stated.
 */
export function readWindow(headers: HeadersLike, policy: RateLimitPolicy): WindowReading | undefined {
  const latest = readResetEpochMs(headers, policy);
  if (latest === undefined) return undefined;
  let exhaustedUntil: number | undefined;
  let binding: { remaining: number; resetAt: number } | undefined;
  for (const name of policy.remainingHeaders) {
    const value = headers.get(name);
    if (value === null || !NUMERIC.test(value)) continue;
    const remaining = Number(value);
    const own = policy.resetOf?.[name];
    const resetAt = (own === undefined ? undefined : parseResetEpochMs(headers.get(own))) ?? latest;
    if (remaining <= 0) exhaustedUntil = Math.max(exhaustedUntil ?? resetAt, resetAt);
    else if (
      !binding ||
      remaining < binding.remaining ||
      (remaining === binding.remaining && resetAt > binding.resetAt)
    )
      binding = { remaining, resetAt };
  }
  if (exhaustedUntil !== undefined) return { resetAt: exhaustedUntil, exhausted: true };
  return binding ? { ...binding, exhausted: false } : { resetAt: latest, exhausted: false };
}

/**
 * The wait the server asked for, in priority order: `Retry-After`, then the policy's reset headers (the
 * exhausted families' reset − `nowMs`, or the latest reset when none is exhausted), then
 * `policy.waitFromBody(body)`. Undefined when none is stated.
 */
export function serverStatedWait(
  headers: HeadersLike,
  body: unknown,
  policy: RateLimitPolicy,
  nowMs: number,
): ServerWait | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (retryAfter !== undefined) return { waitMs: retryAfter, source: 'retry-after' };
  // A 429 names no family: wait for the exhausted ones if the headers say which, else for the latest reset.
  const window = readWindow(headers, policy);
  const reset = window?.exhausted ? window.resetAt : readResetEpochMs(headers, policy);
  if (reset !== undefined) return { waitMs: reset - nowMs, source: 'reset' };
  const fromBody = policy.waitFromBody?.(body);
  if (typeof fromBody === 'number' && Number.isFinite(fromBody)) return { waitMs: fromBody, source: 'body' };
  return undefined;
}

/** Raises `waitMs` to `minWaitMs` (so past or absurdly close resets still pause briefly); rounds to whole ms. */
export function clampWait(waitMs: number, minWaitMs: number = DEFAULT_MIN_WAIT_MS): number {
  return Math.round(Math.max(waitMs, minWaitMs));
}

/**
 * Adds positive jitter of `[0, ratio)` × `waitMs` using `random()` in [0, 1), rounded to whole ms.
 * Many clients share one window (all LD tokens of an account do), so they should not all return at once.
 */
export function addJitter(waitMs: number, random: () => number, ratio: number = DEFAULT_JITTER_RATIO): number {
  return Math.round(waitMs + waitMs * ratio * random());
}
