import nock from 'nock';
import { POSTHOG_RATE_LIMIT_POLICY, RateLimitError, waitFromThrottleBody, type RetryInfo } from '../../src';
import { client, failure, ph, PROJECT, requestExample, responseExample, useNock } from './helpers';

useNock();

const throttled = (seconds: number | string) => ({
  type: 'throttled_error',
  code: 'throttled',
  detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  attr: null,
});

describe('waitFromThrottleBody', () => {
  it.each([
    [throttled(12), 12_000],
    [throttled(2), 2_000],
    [throttled(1), 1_000],
    [throttled(0), 0],
    [throttled('0.5'), 500],
    ['Request was throttled. Expected available in 3 seconds.', 3_000],
    [{ detail: 'expected AVAILABLE in 7 seconds' }, 7_000],
  ])('%j → %i ms', (body, ms) => {
    expect(waitFromThrottleBody(body)).toBe(ms);
  });

  it.each([[{ detail: 'Request was throttled.' }], [{ detail: 5 }], [{}], [null], [undefined], [42], ['slow down']])(
    'no stated wait in %j',
    (body) => {
      expect(waitFromThrottleBody(body)).toBeUndefined();
    },
  );

  it('PostHog sends no remaining/reset headers, so the policy lists none', () => {
    expect(POSTHOG_RATE_LIMIT_POLICY.resetHeaders).toEqual([]);
    expect(POSTHOG_RATE_LIMIT_POLICY.remainingHeaders).toEqual([]);
    // Compared by identity, never called unbound.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    expect(POSTHOG_RATE_LIMIT_POLICY.waitFromBody).toBe(waitFromThrottleBody);
  });
});

describe('429 handling through the facade', () => {
  it('waits the seconds stated in detail when there is no Retry-After, then succeeds', async () => {
    const retries: RetryInfo[] = [];
    ph().get(`${PROJECT}/experiments/812/`).reply(429, throttled(1));
    ph().get(`${PROJECT}/experiments/812/`).reply(200, responseExample('experiments_retrieve'));
    const started = Date.now();
    const e = await client({ onRetry: (info) => retries.push(info) }).experiments.retrieve(812);
    expect(e.id).toBe(812);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, status: 429, reason: 'rate_limited', method: 'GET' });
    // 1 s stated, plus at most 10% jitter.
    expect(retries[0].waitMs).toBeGreaterThanOrEqual(1_000);
    expect(retries[0].waitMs).toBeLessThanOrEqual(1_100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries a throttled POST too (the server did not act); a 0 s wait is floored to 250 ms', async () => {
    const retries: RetryInfo[] = [];
    ph().post(`${PROJECT}/experiment_holdouts/`).reply(429, throttled(0));
    ph().post(`${PROJECT}/experiment_holdouts/`).reply(201, responseExample('experiment_holdouts_create'));
    const holdout = await client({ onRetry: (info) => retries.push(info) }).holdouts.create(
      requestExample('experiment_holdouts_create'),
    );
    expect(holdout.id).toBe(7);
    expect(retries[0].waitMs).toBeGreaterThanOrEqual(250);
    expect(retries[0].waitMs).toBeLessThanOrEqual(275);
  });

  it('Retry-After, when PostHog does send it, wins over the body', async () => {
    const retries: RetryInfo[] = [];
    ph().get(`${PROJECT}/experiments/stats/`).reply(429, throttled(30), { 'Retry-After': '0' });
    ph().get(`${PROJECT}/experiments/stats/`).reply(200, responseExample('experiments_stats'));
    await client({ onRetry: (info) => retries.push(info) }).experiments.stats();
    expect(retries[0].waitMs).toBeLessThan(1_000);
  });

  it('a stated wait above maxRetryDelayMs throws RateLimitError at once, carrying the wait', async () => {
    let hits = 0;
    ph()
      .get(`${PROJECT}/experiments/stats/`)
      .times(2)
      .reply(() => (hits++, [429, throttled(3600)]));
    const error = await failure(() => client({ maxRetryDelayMs: 5_000 }).experiments.stats());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.code).toBe('throttled');
    expect(error.details).toEqual({ type: 'throttled_error', attr: null });
    expect(hits).toBe(1);
    nock.cleanAll();
  });

  it('with retries exhausted the last 429 surfaces as RateLimitError', async () => {
    ph().get(`${PROJECT}/experiments/stats/`).reply(429, throttled(0));
    const error = await failure(() => client({ maxRetries: 0 }).experiments.stats());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('429 throttled: Request was throttled. Expected available in 0 seconds.');
  });
});
