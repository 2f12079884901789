/**
 * Where a client keeps its rate-limit budget: in memory (the default, one budget per client) or in a store
 * several processes share (e.g. `redisRateLimitStore`). The throttle (throttle.ts) reads headers, sleeps and
 * throws; a store only keeps the numbers and answers "may one request start now?".
 */

/** Answer of {@link RateLimitStore.acquire}: a ticket for a request that may start, or when to ask again. */
export type Admission =
  | {
      /** Identifies the admitted request in {@link RateLimitStore.record} and {@link RateLimitStore.release}; a positive integer. */
      ticket: number;
    }
  | {
      /** The budget is closed until this instant (epoch ms); ask again then. */
      retryAt: number;
    };

/** A value, or a promise of it (the in-memory store answers synchronously, shared stores asynchronously). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Keeps rate-limit budgets. A budget is named by an opaque id (for a client's own store `''`; for a store
 * passed as `rateLimitStore`, `<vendor>:<hash of the API key>`: the key itself never reaches a store).
 * Every instant is epoch ms on the caller's clock. Implementations must apply each call atomically.
 */
export interface RateLimitStore {
  /**
   * How long the client waits for an answer of this store before it uses its in-memory budget instead, in
   * ms. Only read for stores passed as `rateLimitStore`. Default 50.
   */
  readonly timeoutMs?: number;
  /**
   * Lets one request start now (takes one from the window's allowance and counts it as in flight), or says
   * until when the budget is closed: by {@link block}, or because the allowance of the window is used up.
   */
  acquire(budget: string, nowMs: number): MaybePromise<Admission>;
  /**
   * Records an answer: `remaining` requests are left in the window that resets at `resetAt` (epoch ms), as
   * seen by the request holding `ticket` (undefined when unknown). Requests admitted after `ticket` and still
   * in flight are taken from `remaining`; a later window replaces the current one. Within the same window the
   * in-memory store keeps the smaller allowance; the Redis store lets the lowest `remaining` (the server's
   * newest count) replace it, because across processes the in-flight estimate is rougher and must be
   * correctable by the next answer.
   */
  record(
    budget: string,
    update: { ticket?: number; remaining: number; resetAt: number; nowMs: number },
  ): MaybePromise<void>;
  /** Closes the budget until `untilMs` (epoch ms) unless it is already closed longer. */
  block(budget: string, untilMs: number, nowMs: number): MaybePromise<void>;
  /** Marks the request holding `ticket` as finished, answered or failed. */
  release(budget: string, ticket: number): MaybePromise<void>;
}

interface MemoryBudget {
  blockedUntil: number;
  /** Tickets admitted and not yet released. */
  inFlight: Set<number>;
  /** Requests that may still start before `resetAt`, from the last `…-Remaining` seen (minus those in flight). */
  allowance: { remaining: number; resetAt: number } | undefined;
}

/**
 * The in-memory store: budgets live in this process only. Every method answers synchronously. Two clients
 * given the same instance (and the same API key) share one budget.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #budgets = new Map<string, MemoryBudget>();
  #nextTicket = 1;

  /** Tries the allowance of `budget` (see {@link RateLimitStore.acquire}). */
  acquire(budget: string, nowMs: number): Admission {
    const state = this.#state(budget);
    if (state.blockedUntil > nowMs) return { retryAt: state.blockedUntil };
    const allowance = state.allowance;
    if (allowance) {
      if (allowance.resetAt <= nowMs) state.allowance = undefined;
      else if (allowance.remaining > 0) allowance.remaining--;
      else {
        // Used up: closed until the window resets.
        state.allowance = undefined;
        state.blockedUntil = Math.max(state.blockedUntil, allowance.resetAt);
        return { retryAt: state.blockedUntil };
      }
    }
    const ticket = this.#nextTicket++;
    state.inFlight.add(ticket);
    return { ticket };
  }

  /** See {@link RateLimitStore.record}. */
  record(budget: string, update: { ticket?: number; remaining: number; resetAt: number }): void {
    const state = this.#state(budget);
    // Requests sent after this one were (most likely) not yet counted by the server and will use part of
    // what it says remains, so only the rest may start; otherwise concurrent callers all pass the gate near
    // the end of a window and collect 429s. Requests sent before it were most likely counted already.
    let others = 0;
    for (const t of state.inFlight) if (update.ticket === undefined || t > update.ticket) others++;
    const left = update.remaining - others;
    const current = state.allowance;
    if (!current || update.resetAt > current.resetAt) state.allowance = { remaining: left, resetAt: update.resetAt };
    else if (update.resetAt === current.resetAt) current.remaining = Math.min(current.remaining, left);
  }

  /** See {@link RateLimitStore.block}. */
  block(budget: string, untilMs: number): void {
    const state = this.#state(budget);
    if (untilMs > state.blockedUntil) state.blockedUntil = untilMs;
  }

  /** See {@link RateLimitStore.release}. */
  release(budget: string, ticket: number): void {
    this.#budgets.get(budget)?.inFlight.delete(ticket);
  }

  /** The instant (epoch ms) `budget` is closed until; 0 when it never was. */
  blockedUntil(budget: string): number {
    return this.#budgets.get(budget)?.blockedUntil ?? 0;
  }

  #state(budget: string): MemoryBudget {
    let state = this.#budgets.get(budget);
    if (!state) {
      state = { blockedUntil: 0, inFlight: new Set(), allowance: undefined };
      this.#budgets.set(budget, state);
    }
    return state;
  }
}
