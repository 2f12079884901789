import type { Vendor } from './spec';

/** A LaunchDarkly rate-limit family: per route (URL pattern + verb), whole account, or per access token. */
export type RateLimitFamily = 'route' | 'global' | 'token';

/** Rate-limit mode settings. */
export interface RateLimitOptions {
  /** Requests allowed per window and per bucket. */
  budget: number;
  /** Window length in ms; windows are aligned to multiples of it on the emulator clock. Default 10_000 (LaunchDarkly's). */
  windowMs?: number;
  /** Which family (or families) to enforce and report. Default `'route'`. */
  family?: RateLimitFamily | RateLimitFamily[];
  /** Also send `Retry-After` (whole seconds, rounded up) on 429 answers, like IP-based limits. Default false. */
  retryAfter?: boolean;
}

/** What the limiter decided for one request. */
export interface RateLimitDecision {
  limited: boolean;
  /** Headers for the response (LaunchDarkly families; PostHog sends none). */
  headers: Record<string, string>;
  /** Seconds until the exhausted window resets (rounded up); set when limited. */
  retryAfterSeconds?: number;
}

const HEADER: Record<RateLimitFamily, { prefix: string; reset: string }> = {
  global: { prefix: 'X-Ratelimit-Global', reset: 'X-Ratelimit-Reset' },
  route: { prefix: 'X-Ratelimit-Route', reset: 'X-Ratelimit-Reset' },
  token: { prefix: 'X-Ratelimit-Auth-Token', reset: 'X-Ratelimit-Auth-Token-Reset' },
};

/**
 * Fixed-window counters on the emulator's clock. A request is admitted while its bucket's count is
 * below the budget; refused requests do not consume budget. Reset headers are Unix epoch ms.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly options: RateLimitOptions) {
    if (!Number.isInteger(options.budget) || options.budget < 0)
      throw new Error('rateLimit.budget must be a non-negative integer');
    if (options.windowMs !== undefined && !(options.windowMs > 0))
      throw new Error('rateLimit.windowMs must be positive');
  }

  /** Forgets all counters. */
  reset(): void {
    this.windows.clear();
  }

  /** Counts one request (unless refused) and returns the decision with its headers. */
  check(request: { vendor: Vendor; routeKey: string; token: string; now: number }): RateLimitDecision {
    const windowMs = this.options.windowMs ?? 10_000;
    const families = ([] as RateLimitFamily[]).concat(this.options.family ?? 'route');
    const start = Math.floor(request.now / windowMs) * windowMs;
    const resetAt = start + windowMs;
    const buckets = families.map((family) => {
      const key =
        family === 'global' ? 'global' : family === 'route' ? `route:${request.routeKey}` : `token:${request.token}`;
      let window = this.windows.get(key);
      if (!window || window.start !== start) {
        window = { start, count: 0 };
        this.windows.set(key, window);
      }
      return { family, window };
    });
    const limited = buckets.some((b) => b.window.count >= this.options.budget);
    if (!limited) buckets.forEach((b) => (b.window.count += 1));
    const headers: Record<string, string> = {};
    if (request.vendor === 'launchdarkly') {
      for (const { family, window } of buckets) {
        headers[`${HEADER[family].prefix}-Limit`] = String(this.options.budget);
        headers[`${HEADER[family].prefix}-Remaining`] = String(Math.max(0, this.options.budget - window.count));
        headers[HEADER[family].reset] = String(resetAt);
      }
    }
    if (!limited) return { limited, headers };
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - request.now) / 1000));
    if (this.options.retryAfter) headers['Retry-After'] = String(retryAfterSeconds);
    return { limited, headers, retryAfterSeconds };
  }
}
