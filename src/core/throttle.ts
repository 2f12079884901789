/**
 * Proactive throttling shared by all concurrent calls of one client (and, with a shared `rateLimitStore`, by
 * every process using it): once the server says a window is exhausted, later requests wait for its reset
 * instead of collecting 429s.
 */
import { throttledError } from './error-factory';
import type { HeadersLike } from './fetch-types';
import type { Logger } from './logger';
import { addJitter, DEFAULT_JITTER_RATIO, readWindow, type RateLimitPolicy } from './rate-limit';
import { MemoryRateLimitStore, type Admission, type RateLimitStore } from './rate-limit-store';
import { sleep as defaultSleep, type SleepFn } from './sleep';

/** Largest reset horizon trusted by default, in ms (1 h: PostHog's sustained window is hourly). */
export const DEFAULT_THROTTLE_HORIZON_MS = 3_600_000;
/** Default time to wait for a shared store's answer before using the in-memory budget instead, in ms. */
export const DEFAULT_STORE_TIMEOUT_MS = 50;
/** After a shared store failed, how long the in-memory budget is used before the store is tried again, in ms. */
export const STORE_RETRY_INTERVAL_MS = 1_000;

// The in-memory budget of a client has this id; ids of shared budgets are never empty.
const LOCAL = '';

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
  /**
   * A store shared with other clients or processes (e.g. `redisRateLimitStore`). Default: none, the budget
   * lives in this throttle only. While the store fails, is slower than its `timeoutMs` or answers nonsense,
   * the in-memory budget is used (which always mirrors what this client has seen).
   */
  store?: RateLimitStore;
  /** Id of this client's budget in `store` (never the API key itself). Required with `store`. */
  budget?: string;
  /** Receives one `warn` when `store` starts failing and one `info` when it answers again. Default: none. */
  logger?: Logger;
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
 *
 * Tickets: positive tickets come from the shared store (or, without one, from the in-memory budget);
 * negative ones are in-memory tickets handed out while the shared store was unavailable.
 */
export class Throttle {
  readonly #local = new MemoryRateLimitStore();
  readonly #shared: RateLimitStore | undefined;
  readonly #budget: string;
  readonly #storeTimeoutMs: number;
  readonly #logger: Logger | undefined;
  /** The shared store is skipped until this instant (epoch ms) after a failure; 0 while it answers. */
  #sharedDownUntil = 0;
  #sharedFaulted = false;
  readonly #now: () => number;
  readonly #sleep: SleepFn;
  readonly #random: () => number;
  readonly #jitterRatio: number;
  readonly #horizonMs: number;

  constructor(options: ThrottleOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#jitterRatio = options.jitterRatio ?? DEFAULT_JITTER_RATIO;
    this.#horizonMs = options.horizonMs ?? DEFAULT_THROTTLE_HORIZON_MS;
    this.#shared = options.store;
    this.#budget = options.budget ?? 'default';
    this.#storeTimeoutMs = options.store?.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.#logger = options.logger;
  }

  /**
   * Feeds response headers (2xx or 429). When a remaining-header is 0 and a reset instant is known, the gate
   * closes until that instant; otherwise the remaining count becomes the window's allowance (see
   * {@link RateLimitStore.record}). With a shared store, returns a promise (never rejecting) that settles once
   * the store has it, so that other processes know before this call returns; otherwise undefined.
   */
  observe(headers: HeadersLike, policy: RateLimitPolicy, ticket?: number): Promise<void> | undefined {
    const window = readWindow(headers, policy);
    if (window === undefined) return undefined;
    if (window.exhausted) return this.blockUntil(window.resetAt);
    const { remaining, resetAt: reset } = window;
    const nowMs = this.#now();
    if (remaining === undefined || reset - nowMs > this.#horizonMs) return undefined;
    if (reset <= nowMs) {
      // The answer of a window that has ended says nothing about the new one, but a shared store may hold this
      // request's place back in the new window until it knows the server counted it elsewhere: tell it.
      if (!this.#shared || ticket === undefined || ticket < 0 || !this.#sharedUsable(nowMs)) return undefined;
      const stale = { ticket, remaining, resetAt: reset, nowMs };
      return this.#settled(this.#callShared((store) => store.record(this.#budget, stale)));
    }
    // The in-memory budget mirrors every answer, so a fallback starts from what this client knows.
    // (A shared ticket means nothing to it, so it counts all its own tickets in flight as sent later.)
    const localTicket = ticket === undefined || !this.#shared ? ticket : ticket < 0 ? -ticket : undefined;
    this.#local.record(LOCAL, { ticket: localTicket, remaining, resetAt: reset });
    if (this.#shared && this.#sharedUsable(nowMs)) {
      // An in-memory ticket (handed out while the store failed) means nothing to the store either.
      const update = {
        ticket: ticket !== undefined && ticket < 0 ? undefined : ticket,
        remaining,
        resetAt: reset,
        nowMs,
      };
      return this.#settled(this.#callShared((store) => store.record(this.#budget, update)));
    }
    return undefined;
  }

  /** Marks the request holding `ticket` (from {@link wait}) as finished, answered or failed. */
  release(ticket: number): void {
    if (ticket < 0 || !this.#shared) {
      this.#local.release(LOCAL, Math.abs(ticket));
      return;
    }
    // Skipped while the store is down: the entry expires with its lease (see the store) and only ever
    // counts against answers to requests older than it.
    if (this.#sharedUsable(this.#now())) void this.#callShared((store) => store.release(this.#budget, ticket));
  }

  /**
   * Closes the gate until `epochMs` unless it is already closed longer, is past, or lies beyond the horizon.
   * Returns, like {@link observe}, a never-rejecting promise of the shared store's update, or undefined.
   */
  blockUntil(epochMs: number): Promise<void> | undefined {
    const nowMs = this.#now();
    if (epochMs <= nowMs || epochMs - nowMs > this.#horizonMs) return undefined;
    this.#local.block(LOCAL, epochMs);
    if (this.#shared && this.#sharedUsable(nowMs)) {
      return this.#settled(this.#callShared((store) => store.block(this.#budget, epochMs, nowMs)));
    }
    return undefined;
  }

  // callShared never rejects; the caller may await the store's update or leave it running.
  async #settled(update: Promise<unknown>): Promise<void> {
    await update;
  }

  /** Remaining closed time of the in-memory budget in ms (0 when open), without jitter. */
  delayMs(): number {
    return Math.max(0, this.#local.blockedUntil(LOCAL) - this.#now());
  }

  /**
   * Resolves with a ticket once the gate is open and the window's allowance (see {@link observe}) has room;
   * the caller passes the ticket to {@link observe} and must {@link release} it when its request is finished.
   * Sleeps until the reset plus jitter, again if the gate was pushed further out meanwhile. Throws
   * RateLimitError (without sleeping) when the wait exceeds `maxWaitMs`, and AbortError when `signal` aborts.
   */
  async wait(options: ThrottleWaitOptions): Promise<number> {
    for (;;) {
      const nowMs = this.#now();
      const admission =
        this.#shared && this.#sharedUsable(nowMs) ? await this.#acquireShared(nowMs) : this.#acquireLocal(nowMs);
      if ('ticket' in admission) return admission.ticket;
      const delay = admission.retryAt - this.#now();
      if (delay <= 0) continue;
      if (delay > options.maxWaitMs) throw throttledError(delay, options.maxWaitMs, options);
      await this.#sleep(addJitter(delay, this.#random, this.#jitterRatio), options.signal);
    }
  }

  #acquireLocal(nowMs: number): Admission {
    const admission = this.#local.acquire(LOCAL, nowMs);
    // With a shared store, in-memory tickets are negative so release() knows where they came from.
    return 'ticket' in admission && this.#shared ? { ticket: -admission.ticket } : admission;
  }

  async #acquireShared(nowMs: number): Promise<Admission> {
    const answer = await this.#callShared(
      (store) => store.acquire(this.#budget, nowMs),
      (value) => {
        const a = value as Partial<{ ticket: unknown; retryAt: unknown }> | null;
        if (typeof a !== 'object' || a === null) return false;
        if ('ticket' in a) return Number.isSafeInteger(a.ticket) && (a.ticket as number) > 0;
        // A closed budget must reopen in the future but within the horizon; anything else is garbage.
        return typeof a.retryAt === 'number' && a.retryAt > nowMs && a.retryAt - nowMs <= this.#horizonMs;
      },
      // A ticket granted after the call gave up waiting for it belongs to no request: hand it back.
      (late) => {
        if ('ticket' in late) void this.#callShared((store) => store.release(this.#budget, late.ticket));
      },
    );
    return answer ?? this.#acquireLocal(nowMs);
  }

  // A store is tried when it answered last time, or (one call per interval) when its pause is over.
  #sharedUsable(nowMs: number): boolean {
    if (this.#sharedDownUntil === 0) return true;
    if (nowMs < this.#sharedDownUntil) return false;
    this.#sharedDownUntil = nowMs + STORE_RETRY_INTERVAL_MS;
    return true;
  }

  /**
   * Runs `op` on the shared store under its timeout. Resolves undefined (never rejects) when the store
   * throws, times out or answers something `valid` refuses; the store is then paused. An answer arriving
   * after the timeout ends the pause at once (the store was slow, not down) and is passed to `late`.
   */
  async #callShared<T>(
    op: (store: RateLimitStore) => T | Promise<T>,
    valid: (value: unknown) => boolean = () => true,
    late?: (value: T) => void,
  ): Promise<T | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: T | Promise<T> | undefined;
    let timedOut = false;
    try {
      pending = op(this.#shared as RateLimitStore);
      const value = isPromise(pending)
        ? await Promise.race([
            pending,
            new Promise<never>((_, reject) => {
              // The verdict waits for the next check phase: after a stalled event loop, timers run before the
              // I/O callbacks, and an answer already received would otherwise count as a timeout.
              timer = setTimeout(
                () =>
                  setImmediate(() => {
                    timedOut = true;
                    reject(new Error(`no answer within ${this.#storeTimeoutMs} ms`));
                  }),
                this.#storeTimeoutMs,
              );
            }),
          ])
        : pending;
      if (!valid(value)) throw new Error('unexpected answer');
      this.#storeAnswered();
      return value;
    } catch (error) {
      this.#storeFailed(error);
      if (timedOut && isPromise(pending)) {
        void pending.then(
          (value) => {
            if (!valid(value)) return;
            this.#storeAnswered();
            late?.(value);
          },
          () => undefined,
        );
      }
      return undefined;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  #storeAnswered(): void {
    this.#sharedDownUntil = 0;
    if (!this.#sharedFaulted) return;
    this.#sharedFaulted = false;
    this.#log('info', 'Shared rate-limit store answers again; using it');
  }

  #storeFailed(error: unknown): void {
    this.#sharedDownUntil = this.#now() + STORE_RETRY_INTERVAL_MS;
    if (this.#sharedFaulted) return;
    this.#sharedFaulted = true;
    const detail = error instanceof Error ? error.message : String(error);
    this.#log(
      'warn',
      `Shared rate-limit store failed (${detail}); using this process's in-memory budget until it answers again`,
    );
  }

  #log(level: 'warn' | 'info', message: string): void {
    try {
      this.#logger?.[level](message);
    } catch {
      // Logging is best effort.
    }
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
