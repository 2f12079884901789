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
  readRemaining,
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
  /** Tickets of the requests let through the gate and not yet released, in the order they were sent. */
  private readonly inFlight = new Set<number>();
  private nextTicket = 1;
  /** Requests that may still start before `resetAt`, from the last `…-Remaining` seen (minus those in flight). */
  private allowance: { remaining: number; resetAt: number } | undefined;
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
  observe(headers: HeadersLike, policy: RateLimitPolicy, ticket?: number): void {
    const reset = readResetEpochMs(headers, policy);
    if (reset === undefined) return;
    if (isWindowExhausted(headers, policy)) {
      this.blockUntil(reset);
      return;
    }
    const remaining = readRemaining(headers, policy);
    const now = this.now();
    if (remaining === undefined || reset <= now || reset - now > this.horizonMs) return;
    // Requests sent after this one were (most likely) not yet counted by the server and will use part of
    // what it says remains, so only the rest may start; otherwise concurrent callers all pass the gate near
    // the end of a window and collect 429s. Requests sent before it were most likely counted already.
    let others = 0;
    for (const t of this.inFlight) if (ticket === undefined || t > ticket) others++;
    const left = remaining - others;
    const current = this.allowance;
    if (!current || reset > current.resetAt) this.allowance = { remaining: left, resetAt: reset };
    else if (reset === current.resetAt) current.remaining = Math.min(current.remaining, left);
  }

  /** Marks the request holding `ticket` (from {@link wait}) as finished, answered or failed. */
  release(ticket: number): void {
    this.inFlight.delete(ticket);
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
   * Resolves with a ticket once the gate is open and the window's allowance (see {@link observe}) has room;
   * the caller passes the ticket to {@link observe} and must {@link release} it when its request is finished. Sleeps until the reset plus jitter, again if the gate
   * was pushed further out meanwhile. Throws RateLimitError (without sleeping) when the wait exceeds `maxWaitMs`,
   * and AbortError when `signal` aborts.
   */
  async wait(options: ThrottleWaitOptions): Promise<number> {
    for (;;) {
      const delay = this.blockedUntil - this.now();
      if (delay > 0) {
        if (delay > options.maxWaitMs) throw throttledError(delay, options.maxWaitMs, options);
        await this.sleep(addJitter(delay, this.random, this.jitterRatio), options.signal);
        continue;
      }
      if (this.takeAllowance()) {
        const ticket = this.nextTicket++;
        this.inFlight.add(ticket);
        return ticket;
      }
    }
  }

  // One request may start unless the allowance of the current window is used up; then the gate closes
  // until that window resets (and the caller loops into the sleep above).
  private takeAllowance(): boolean {
    const allowance = this.allowance;
    if (!allowance) return true;
    if (allowance.resetAt <= this.now()) {
      this.allowance = undefined;
      return true;
    }
    if (allowance.remaining > 0) {
      allowance.remaining--;
      return true;
    }
    this.allowance = undefined;
    this.blockUntil(allowance.resetAt);
    return this.blockedUntil <= this.now();
  }
}
