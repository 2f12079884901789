import { AbortError, RateLimitError } from '../../src/core/errors';
import type { RateLimitPolicy } from '../../src/core/rate-limit';
import { Throttle } from '../../src/core/throttle';

const NOW = 1_736_942_400_000;
const policy: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Auth-Token-Reset', 'X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Global-Remaining', 'X-Ratelimit-Route-Remaining', 'X-Ratelimit-Auth-Token-Remaining'],
};
const ctx = { maxWaitMs: 60_000, method: 'GET', path: '/x' };

function harness(random = 0) {
  let clock = NOW;
  const sleeps: number[] = [];
  const throttle = new Throttle({
    now: () => clock,
    random: () => random,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      const start = clock;
      await Promise.resolve();
      if (signal?.aborted) throw new AbortError();
      clock = Math.max(clock, start + ms);
    },
  });
  return {
    throttle,
    sleeps,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

describe('Throttle', () => {
  test('open by default: no sleep', async () => {
    const { throttle, sleeps } = harness();
    await throttle.wait(ctx);
    expect(sleeps).toEqual([]);
    expect(throttle.delayMs()).toBe(0);
  });

  test('closes when a remaining header is 0 and a reset is known; concurrent waiters all wait until the reset', async () => {
    const { throttle, sleeps } = harness();
    void throttle.observe(
      new Headers({
        'X-Ratelimit-Route-Remaining': '0',
        'X-Ratelimit-Reset': String(NOW + 2000),
      }),
      policy,
    );
    expect(throttle.delayMs()).toBe(2000);
    await Promise.all([throttle.wait(ctx), throttle.wait(ctx)]);
    expect(sleeps).toEqual([2000, 2000]);
    await throttle.wait(ctx);
    expect(sleeps).toHaveLength(2);
  });

  test('adds up to 10% jitter per waiter', async () => {
    const { throttle, sleeps } = harness(0.5);
    void throttle.blockUntil(NOW + 2000);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([2100]);
  });

  test('ignores remaining > 0, missing reset, past resets and resets beyond the horizon', () => {
    const { throttle } = harness();
    void throttle.observe(
      new Headers({
        'X-Ratelimit-Route-Remaining': '3',
        'X-Ratelimit-Reset': String(NOW + 2000),
      }),
      policy,
    );
    void throttle.observe(new Headers({ 'X-Ratelimit-Route-Remaining': '0' }), policy);
    void throttle.observe(
      new Headers({
        'X-Ratelimit-Global-Remaining': '0',
        'X-Ratelimit-Reset': String(NOW - 10),
      }),
      policy,
    );
    void throttle.blockUntil(NOW + 2 * 3_600_000);
    expect(throttle.delayMs()).toBe(0);
  });

  test('keeps the later of two resets', () => {
    const { throttle } = harness();
    void throttle.blockUntil(NOW + 5000);
    void throttle.blockUntil(NOW + 1000);
    expect(throttle.delayMs()).toBe(5000);
  });

  test('throws RateLimitError without sleeping when the wait exceeds maxWaitMs', async () => {
    const { throttle, sleeps } = harness();
    void throttle.blockUntil(NOW + 90_000);
    const error = await throttle.wait(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(90_000);
    expect((error as RateLimitError).path).toBe('/x');
    expect(sleeps).toEqual([]);
  });

  test('sleeps again if the gate was pushed further out meanwhile', async () => {
    const { throttle, sleeps } = harness();
    void throttle.blockUntil(NOW + 1000);
    const waiting = throttle.wait(ctx);
    void throttle.blockUntil(NOW + 3000);
    await waiting;
    expect(sleeps).toEqual([1000, 2000]);
  });

  test('the wait is abortable', async () => {
    const { throttle } = harness();
    void throttle.blockUntil(NOW + 1000);
    const controller = new AbortController();
    const waiting = throttle.wait({ ...ctx, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });

  test('defaults use the real clock and timers', async () => {
    const throttle = new Throttle();
    void throttle.blockUntil(Date.now() + 30);
    const started = Date.now();
    await throttle.wait(ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(throttle.delayMs()).toBe(0);
  });
});

describe('Throttle allowance (requests sent after an answer count against what it says remains)', () => {
  const headers = (remaining: number, reset: number) =>
    new Headers({ 'X-Ratelimit-Route-Remaining': String(remaining), 'X-Ratelimit-Reset': String(reset) });

  test('lets only as many requests start as remain after those sent later, then waits for the reset', async () => {
    const { throttle, sleeps, now } = harness();
    // Four requests pass the open gate and are in flight.
    const tickets: number[] = [];
    for (let i = 0; i < 4; i++) tickets.push(await throttle.wait(ctx));
    // The first one answers: 5 remain in this window; the 3 sent after it were probably not counted yet,
    // so only 2 more may start.
    void throttle.observe(headers(5, NOW + 2_000), policy, tickets[0]);
    throttle.release(tickets[0]);
    await throttle.wait(ctx);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([]);
    // The next one waits for the window to reset instead of collecting a 429.
    await throttle.wait(ctx);
    expect(sleeps).toEqual([2_000]);
    expect(now()).toBe(NOW + 2_000);
  });

  test('requests sent before the answering one are taken as already counted', async () => {
    const { throttle, sleeps } = harness();
    const tickets: number[] = [];
    for (let i = 0; i < 4; i++) tickets.push(await throttle.wait(ctx));
    // The last one answers first: the 3 sent before it were processed before it, so 2 more may start.
    void throttle.observe(headers(2, NOW + 1_000), policy, tickets[3]);
    await throttle.wait(ctx);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([]);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([1_000]);
  });

  test('a stale answer cannot raise the allowance of the same window; a new window replaces it', async () => {
    const { throttle, sleeps } = harness();
    const first = await throttle.wait(ctx);
    void throttle.observe(headers(1, NOW + 1_000), policy, first);
    void throttle.observe(headers(9, NOW + 1_000), policy, first);
    throttle.release(first);
    await throttle.wait(ctx);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([1_000]);
    void throttle.observe(headers(9, NOW + 5_000), policy);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([1_000]);
  });

  test('no allowance without a reset instant, for a past reset, or beyond the horizon', async () => {
    const { throttle, sleeps } = harness();
    await throttle.wait(ctx);
    void throttle.observe(new Headers({ 'X-Ratelimit-Route-Remaining': '0' }), policy);
    void throttle.observe(headers(0, NOW - 1), policy);
    void throttle.observe(headers(1, NOW + 10 * 3_600_000), policy);
    for (let i = 0; i < 5; i++) await throttle.wait(ctx);
    expect(sleeps).toEqual([]);
  });

  test('an allowance whose window has passed is dropped', async () => {
    const { throttle, sleeps, advance } = harness();
    void throttle.observe(headers(1, NOW + 500), policy);
    advance(600);
    for (let i = 0; i < 3; i++) await throttle.wait(ctx);
    expect(sleeps).toEqual([]);
  });

  test('releasing an unknown ticket is harmless', async () => {
    const { throttle } = harness();
    throttle.release(42);
    void throttle.observe(headers(1, NOW + 1_000), policy, 42);
    await expect(throttle.wait(ctx)).resolves.toBe(1);
  });
});
