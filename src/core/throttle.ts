/**
 * Proactive throttling shared by all concurrent calls of one client: once the server says a window is
 * exhausted, later requests wait for its reset instead of collecting 429s.
 */
import { throttledError } from './error-factory';
import type { HeadersLike } from './fetch-types';
import {
  addJitter,
  DEFAULT_JITTER_RATIO,
  isWindowExhausted,
  readResetEpochMs,
  type RateLimitPolicy,
} from './rate-limit';
import { sleep as defaultSleep, type SleepFn } from './sleep';

/** Largest reset horizon trusted by default, in ms (1 h: PostHog's sustained window is hourly). */
export const DEFAULT_THROTTLE_HORIZON_MS = 3_600_000;

/** Options of {@link Throttle}. */
export interface ThrottleOptions {
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Abortable sleep. Default {@link defaultSleep}. */
  sleep?: SleepFn;
  /** Uniform random in [0, 1), for jitter. Default `Math.random`. */
  random?: () => number;
  /** Upper bound of the positive jitter, as a fraction of the wait. Default 0.1. */
  jitterRatio?: number;
  /**
   * Resets further ahead than this (ms) are ignored: a garbage header must not block the client for days.
   * Default {@link DEFAULT_THROTTLE_HORIZON_MS} (1 h).
   */
  horizonMs?: number;
}

/** Context for {@link Throttle.wait}. */
export interface ThrottleWaitOptions {
  /** Aborts the wait with AbortError. */
  signal?: AbortSignal;
  /** Largest wait accepted, in ms; beyond it a RateLimitError is thrown without sleeping. */
  maxWaitMs: number;
  /** Method of the waiting request (for the error). */
  method: string;
  /** Redacted path of the waiting request (for the error). */
  path: string;
}

/**
 * A gate shared by every request of one client. Holds no timers of its own: waiting requests sleep with
 * their own abortable sleep, so an idle throttle keeps nothing alive.
 */
export class Throttle {
  private blockedUntil = 0;
  private readonly now: () => number;
  private readonly sleep: SleepFn;
  private readonly random: () => number;
  private readonly jitterRatio: number;
  private readonly horizonMs: number;

  constructor(options: ThrottleOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.jitterRatio = options.jitterRatio ?? DEFAULT_JITTER_RATIO;
    this.horizonMs = options.horizonMs ?? DEFAULT_THROTTLE_HORIZON_MS;
  }

  /**
   * Feeds response headers (2xx or 429). When a remaining-header is 0 and a reset instant is known, the gate
   * closes until that instant.
   */
  observe(headers: HeadersLike, policy: RateLimitPolicy): void {
    if (!isWindowExhausted(headers, policy)) return;
    const reset = readResetEpochMs(headers, policy);
    if (reset !== undefined) this.blockUntil(reset);
  }

  /** Closes the gate until `epochMs` unless it is already closed longer, is past, or lies beyond the horizon. */
  blockUntil(epochMs: number): void {
    const now = this.now();
    if (epochMs <= now || epochMs - now > this.horizonMs) return;
    if (epochMs > this.blockedUntil) this.blockedUntil = epochMs;
  }

  /** Remaining closed time in ms (0 when open), without jitter. */
  delayMs(): number {
    return Math.max(0, this.blockedUntil - this.now());
  }

  /**
   * Resolves once the gate is open. Sleeps until the reset plus jitter, and sleeps again only if the gate was
   * pushed further out meanwhile. Throws RateLimitError (without sleeping) when the wait exceeds `maxWaitMs`,
   * and AbortError when `signal` aborts.
   */
  async wait(options: ThrottleWaitOptions): Promise<void> {
    for (;;) {
      const target = this.blockedUntil;
      const delay = target - this.now();
      if (delay <= 0) return;
      if (delay > options.maxWaitMs) throw throttledError(delay, options.maxWaitMs, options);
      await this.sleep(addJitter(delay, this.random, this.jitterRatio), options.signal);
      if (this.blockedUntil <= target) return;
    }
  }
}
