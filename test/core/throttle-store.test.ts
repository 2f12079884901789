import { AbortError, RateLimitError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { RateLimitPolicy } from '../../src/core/rate-limit';
import { MemoryRateLimitStore, type Admission, type RateLimitStore } from '../../src/core/rate-limit-store';
import { STORE_RETRY_INTERVAL_MS, Throttle } from '../../src/core/throttle';

const NOW = 1_736_942_400_000;
const policy: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Route-Remaining'],
};
const ctx = { maxWaitMs: 60_000, method: 'GET', path: '/x' };
const headers = (remaining: number, reset: number) =>
  new Headers({ 'X-Ratelimit-Route-Remaining': String(remaining), 'X-Ratelimit-Reset': String(reset) });

function logger() {
  const lines: Array<[string, string]> = [];
  const log = (level: string) => (message: string) => void lines.push([level, message]);
  return {
    lines,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } as Logger,
  };
}

function harness(store: RateLimitStore, clock = { t: NOW }) {
  const sleeps: number[] = [];
  const { lines, logger: log } = logger();
  const throttle = new Throttle({
    now: () => clock.t,
    random: () => 0,
    store,
    budget: 'launchdarkly:hash',
    logger: log,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      await Promise.resolve();
      if (signal?.aborted) throw new AbortError();
      clock.t += ms;
    },
  });
  return { throttle, sleeps, lines, clock };
}

/** A store whose every method does what `behave` says. */
function scripted(behave: () => 'ok' | 'reject' | 'hang' | 'garbage', inner = new MemoryRateLimitStore()) {
  const calls: string[] = [];
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    (...args: A): Promise<R> => {
      calls.push(name);
      const mode = behave();
      if (mode === 'reject') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      if (mode === 'hang') return new Promise<R>(() => undefined);
      if (mode === 'garbage') return Promise.resolve({ ticket: 'banana' } as R);
      return Promise.resolve(fn(...args));
    };
  const store: RateLimitStore = {
    timeoutMs: 5,
    acquire: wrap('acquire', (b: string, n: number): Admission => inner.acquire(b, n)),
    record: wrap('record', (b: string, u: { ticket?: number; remaining: number; resetAt: number; nowMs: number }) =>
      inner.record(b, u),
    ),
    block: wrap('block', (b: string, until: number) => inner.block(b, until)),
    release: wrap('release', (b: string, t: number) => inner.release(b, t)),
  };
  return { store, calls, inner };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Throttle with a shared store', () => {
  test('two throttles on one store spend one budget: an exhausted window or a 429 closes both', async () => {
    const store = new MemoryRateLimitStore();
    const clock = { t: NOW };
    const a = harness(store, clock);
    const b = harness(store, clock);
    const first = await a.throttle.wait(ctx);
    void a.throttle.observe(headers(1, NOW + 1_000), policy, first);
    await b.throttle.wait(ctx);
    expect(b.sleeps).toEqual([]);
    // The allowance (1) is spent by b: a's next request waits for the reset.
    await a.throttle.wait(ctx);
    expect(a.sleeps).toEqual([1_000]);
    void b.throttle.blockUntil(clock.t + 2_000);
    await a.throttle.wait(ctx);
    expect(a.sleeps).toEqual([1_000, 2_000]);
  });

  test('waits longer than maxWaitMs throw RateLimitError, as in memory', async () => {
    const store = new MemoryRateLimitStore();
    const other = harness(store);
    void other.throttle.blockUntil(NOW + 90_000);
    const { throttle, sleeps } = harness(store);
    await expect(throttle.wait(ctx)).rejects.toBeInstanceOf(RateLimitError);
    expect(sleeps).toEqual([]);
  });

  test('observe records the answer with its ticket in the store; release goes to the store', async () => {
    const { store, inner } = scripted(() => 'ok');
    const record = jest.spyOn(inner, 'record');
    const release = jest.spyOn(inner, 'release');
    const { throttle } = harness(store);
    const ticket = await throttle.wait(ctx);
    expect(ticket).toBe(1);
    void throttle.observe(headers(3, NOW + 1_000), policy, ticket);
    throttle.release(ticket);
    await flush();
    expect(record).toHaveBeenCalledWith('launchdarkly:hash', {
      ticket: 1,
      remaining: 3,
      resetAt: NOW + 1_000,
      nowMs: NOW,
    });
    expect(release).toHaveBeenCalledWith('launchdarkly:hash', 1);
  });

  test.each(['reject', 'hang', 'garbage'] as const)(
    'a store that fails (%s) never fails a call: in-memory budget, one warn, back to the store when it answers',
    async (fault) => {
      let mode: 'ok' | 'reject' | 'hang' | 'garbage' = fault;
      const { store, calls } = scripted(() => mode);
      const { throttle, lines, clock } = harness(store);
      // The in-memory budget mirrors what was seen, so it keeps pacing during the outage.
      void throttle.observe(headers(2, NOW + 1_000), policy);
      const t1 = await throttle.wait(ctx);
      expect(t1).toBeLessThan(0);
      const before = calls.length;
      const t2 = await throttle.wait(ctx);
      throttle.release(t2);
      void throttle.observe(headers(5, NOW + 1_000), policy, t2);
      void throttle.blockUntil(NOW + 10);
      expect(calls.length).toBe(before); // paused: not asked again within the retry interval
      expect(t2).toBeLessThan(0);
      // Allowance 2 from the mirrored answer is spent: the third waits for the reset (here: the block).
      await throttle.wait(ctx);
      expect(lines.filter(([level]) => level === 'warn')).toHaveLength(1);
      expect(lines[0][1]).toMatch(/^Shared rate-limit store failed \(.+\); using this process's in-memory budget/);
      // Still failing after the interval: asked again, no second warn.
      clock.t += STORE_RETRY_INTERVAL_MS;
      expect(await throttle.wait(ctx)).toBeLessThan(0);
      expect(lines.filter(([level]) => level === 'warn')).toHaveLength(1);
      // It answers again.
      mode = 'ok';
      clock.t += STORE_RETRY_INTERVAL_MS;
      expect(await throttle.wait(ctx)).toBeGreaterThan(0);
      expect(lines[lines.length - 1]).toEqual(['info', 'Shared rate-limit store answers again; using it']);
      expect(lines).toHaveLength(2);
    },
  );

  test('a slow answer (after the timeout) ends the pause at once, and its orphaned ticket is handed back', async () => {
    const inner = new MemoryRateLimitStore();
    const release = jest.spyOn(inner, 'release');
    let delay = 30;
    const store: RateLimitStore = {
      timeoutMs: 5,
      acquire: (b, n) => new Promise((resolve) => setTimeout(() => resolve(inner.acquire(b, n)), delay)),
      record: () => undefined,
      block: () => undefined,
      release: (b, t) => inner.release(b, t),
    };
    const { throttle, lines } = harness(store);
    expect(await throttle.wait(ctx)).toBe(-1);
    expect(lines.map(([level]) => level)).toEqual(['warn']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(lines.map(([level]) => level)).toEqual(['warn', 'info']);
    expect(release).toHaveBeenCalledWith('launchdarkly:hash', 1);
    delay = 0;
    // No retry interval to sit out: the store is used again right away (same clock).
    expect(await throttle.wait(ctx)).toBe(2);
  });

  test('garbage admissions are refused: a past, far-future or non-numeric retryAt', async () => {
    for (const bad of [{ retryAt: NOW - 1 }, { retryAt: NOW + 10 * 3_600_000 }, { retryAt: 'soon' }, null, 7]) {
      const store: RateLimitStore = {
        acquire: () => Promise.resolve(bad as Admission),
        record: () => undefined,
        block: () => undefined,
        release: () => undefined,
      };
      const { throttle, lines } = harness(store);
      expect(await throttle.wait(ctx)).toBe(-1);
      expect(lines).toHaveLength(1);
    }
  });

  test('a store that throws synchronously and a logger that throws are both survived', async () => {
    const store: RateLimitStore = {
      acquire: () => {
        throw new Error('boom');
      },
      record: () => undefined,
      block: () => undefined,
      release: () => undefined,
    };
    const throttle = new Throttle({
      store,
      budget: 'b',
      logger: {
        ...console,
        warn: () => {
          throw new Error('logger down');
        },
      },
    });
    await expect(throttle.wait(ctx)).resolves.toBe(-1);
    throttle.release(-1);
  });
});

describe('answers of a window that has ended', () => {
  test('reach a shared store (it may hold their places back in the new window), not the in-memory budget', async () => {
    const records: Array<{ ticket?: number; resetAt: number }> = [];
    const inner = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      timeoutMs: 50,
      acquire: (b, n) => Promise.resolve(inner.acquire(b, n)),
      record: (b, u) => {
        records.push({ ticket: u.ticket, resetAt: u.resetAt });
        return Promise.resolve(inner.record(b, u));
      },
      block: (b, until) => Promise.resolve(inner.block(b, until)),
      release: (b, t) => Promise.resolve(inner.release(b, t)),
    };
    const { throttle, clock } = harness(store);
    const ticket = await throttle.wait(ctx);
    clock.t = NOW + 1_500;
    await throttle.observe(headers(4, NOW + 1_000), policy, ticket);
    expect(records).toEqual([{ ticket, resetAt: NOW + 1_000 }]);
    // Without a store nothing is recorded for an ended window.
    const alone = new Throttle({ now: () => NOW + 1_500 });
    expect(alone.observe(headers(4, NOW + 1_000), policy, 1)).toBeUndefined();
  });
});
