import type { RateLimitPolicy } from '../core/rate-limit';

// DRF's Throttled message: "Request was throttled. Expected available in 12 seconds." (singular for 1).
const EXPECTED_AVAILABLE = /expected available in\s+(\d+(?:\.\d+)?)\s+seconds?/i;

/**
 * The wait a PostHog 429 body states, in ms: the number of seconds in `detail` ("Expected available in N
 * seconds"), read from a parsed `{detail}` body or from a plain-text body. Undefined when no wait is stated.
 */
export function waitFromThrottleBody(body: unknown): number | undefined {
  const text =
    typeof body === 'string'
      ? body
      : body !== null && typeof body === 'object' && typeof (body as { detail?: unknown }).detail === 'string'
        ? (body as { detail: string }).detail
        : undefined;
  const match = text === undefined ? null : EXPECTED_AVAILABLE.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * How PostHog states rate limits. It sends no remaining/reset headers (its throttles, `posthog/rate_limit.py`,
 * set none), and `Retry-After` is not guaranteed because its exception handler builds a fresh response; the
 * wait is in the 429 body's `detail`. The core reads `Retry-After` first when present, then this body hook,
 * then falls back to exponential backoff.
 */
export const POSTHOG_RATE_LIMIT_POLICY: RateLimitPolicy = {
  resetHeaders: [],
  remainingHeaders: [],
  waitFromBody: waitFromThrottleBody,
};
