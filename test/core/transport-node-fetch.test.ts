/** The transport with node-fetch v2 injected: different Response/Headers classes, duck-typed by us. */
import nock from 'nock';
import { inspect } from 'node:util';
import { ConnectionError, NotFoundError, RateLimitError, TimeoutError, AbortError } from '../../src/core/errors';
import type { RateLimitPolicy } from '../../src/core/rate-limit';
import { createTransport } from '../../src/core/transport';
import { withCallOptions } from '../../src/core/call-options';
import type NodeFetch from 'node-fetch';

// node-fetch v2 is CommonJS with `module.exports = fetch`; required so the test gets that function itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFetch = require('node-fetch') as typeof NodeFetch;

const BASE = 'https://api.example.test';
const PATH = '/api/v2/flags';
const SECRET = 'api-SECRET-123456';
const policy: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Route-Remaining'],
};

function setup(extra: { timeoutMs?: number } = {}) {
  const sleeps: number[] = [];
  // A sleep moves the clock, as a real one would: every retry passes the throttle gate again.
  let clock = Date.now();
  const transport = createTransport({
    fetch: nodeFetch,
    secrets: [SECRET],
    rateLimitPolicy: policy,
    random: () => 0,
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    ...extra,
  });
  return { transport, sleeps };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('node-fetch v2 as fetch', () => {
  test('success: returns the node-fetch response', async () => {
    nock(BASE)
      .get(PATH)
      .matchHeader('authorization', SECRET)
      .reply(200, { items: ['a'] });
    const { transport } = setup();
    const response = await transport(`${BASE}${PATH}`, {
      method: 'GET',
      headers: { Authorization: SECRET },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: ['a'] });
  });

  test('429 with Retry-After is retried after the stated wait', async () => {
    nock(BASE).get(PATH).reply(429, { code: 'rate_limited', message: 'slow' }, { 'Retry-After': '2' });
    nock(BASE).get(PATH).reply(200, { ok: true });
    const { transport, sleeps } = setup();
    const response = await transport(`${BASE}${PATH}`, { method: 'GET' });
    expect(await response.json()).toEqual({ ok: true });
    expect(sleeps).toEqual([2000]);
  });

  test('429 until the end: RateLimitError with retryAfterMs and node-fetch headers copied', async () => {
    nock(BASE)
      .get(PATH)
      .times(3)
      .reply(429, { code: 'rate_limited', message: 'slow' }, { 'X-Ratelimit-Reset': String(Date.now() + 60_000_000) });
    const { transport, sleeps } = setup();
    const error = (await transport(`${BASE}${PATH}`, { method: 'GET' }).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBeGreaterThan(59_000_000);
    expect(error.headers['content-type']).toBe('application/json');
    expect(sleeps).toEqual([]);
  });

  test('error mapping: 404 body → NotFoundError with code/message/errorId', async () => {
    nock(BASE).get(PATH).reply(404, { code: 'not_found', message: 'Unknown flag', id: 'e-1' });
    const { transport } = setup();
    const error = (await transport(`${BASE}${PATH}`, { method: 'GET' }).catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('404 not_found: Unknown flag');
    expect(error.errorId).toBe('e-1');
  });

  test('connection reset: ConnectionError; the cause (which repeats the URL) is redacted', async () => {
    const url = `${BASE}${PATH}?token=${SECRET}`;
    nock(BASE)
      .get(PATH)
      .query(true)
      .times(3)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const { transport, sleeps } = setup();
    const error = (await transport(url, { method: 'GET' }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(sleeps).toEqual([375, 750]);
    expect((error.cause as Error).message).toBe(
      `request to ${BASE}${PATH}?token=[REDACTED] failed, reason: socket hang up`,
    );
    for (const s of [String(error), error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(s).not.toContain(SECRET);
    }
  });

  test('timeout and abort work through node-fetch', async () => {
    nock(BASE).get(PATH).delay(1000).reply(200, {});
    const { transport } = setup({ timeoutMs: 30 });
    await expect(
      transport(`${BASE}${PATH}`, withCallOptions({ method: 'GET' }, { maxRetries: 0 })),
    ).rejects.toBeInstanceOf(TimeoutError);

    nock(BASE).get(PATH).delay(1000).reply(200, {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      setup().transport(`${BASE}${PATH}`, {
        method: 'GET',
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(AbortError);
  });
});
