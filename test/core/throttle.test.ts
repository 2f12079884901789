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
    throttle.observe(
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
    throttle.blockUntil(NOW + 2000);
    await throttle.wait(ctx);
    expect(sleeps).toEqual([2100]);
  });

  test('ignores remaining > 0, missing reset, past resets and resets beyond the horizon', () => {
    const { throttle } = harness();
    throttle.observe(
      new Headers({
        'X-Ratelimit-Route-Remaining': '3',
        'X-Ratelimit-Reset': String(NOW + 2000),
      }),
      policy,
    );
    throttle.observe(new Headers({ 'X-Ratelimit-Route-Remaining': '0' }), policy);
    throttle.observe(
      new Headers({
        'X-Ratelimit-Global-Remaining': '0',
        'X-Ratelimit-Reset': String(NOW - 10),
      }),
      policy,
    );
    throttle.blockUntil(NOW + 2 * 3_600_000);
    expect(throttle.delayMs()).toBe(0);
  });

  test('keeps the later of two resets', () => {
    const { throttle } = harness();
    throttle.blockUntil(NOW + 5000);
    throttle.blockUntil(NOW + 1000);
    expect(throttle.delayMs()).toBe(5000);
  });

  test('throws RateLimitError without sleeping when the wait exceeds maxWaitMs', async () => {
    const { throttle, sleeps } = harness();
    throttle.blockUntil(NOW + 90_000);
    const error = await throttle.wait(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(90_000);
    expect((error as RateLimitError).path).toBe('/x');
    expect(sleeps).toEqual([]);
  });

  test('sleeps again if the gate was pushed further out meanwhile', async () => {
    const { throttle, sleeps } = harness();
    throttle.blockUntil(NOW + 1000);
    const waiting = throttle.wait(ctx);
    throttle.blockUntil(NOW + 3000);
    await waiting;
    expect(sleeps).toEqual([1000, 2000]);
  });

  test('the wait is abortable', async () => {
    const { throttle } = harness();
    throttle.blockUntil(NOW + 1000);
    const controller = new AbortController();
    const waiting = throttle.wait({ ...ctx, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });

  test('defaults use the real clock and timers', async () => {
    const throttle = new Throttle();
    throttle.blockUntil(Date.now() + 30);
    const started = Date.now();
    await throttle.wait(ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(throttle.delayMs()).toBe(0);
  });
});
