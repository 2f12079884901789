import nock from 'nock';
import { withCallOptions, CALL_OPTIONS } from '../../src/core/call-options';
import {
  AbortError,
  type ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  ServerError,
  TimeoutError,
} from '../../src/core/errors';
import type { FetchLike } from '../../src/core/fetch-types';
import type { RateLimitPolicy } from '../../src/core/rate-limit';
import { Throttle } from '../../src/core/throttle';
import { createTransport, type RetryInfo, type TransportOptions } from '../../src/core/transport';
import { fakeThrottle } from '../helpers/fake-throttle';

const BASE = 'https://api.example.test';
const PATH = '/api/v2/things';
const URL_ = `${BASE}${PATH}`;
const SECRET = 'api-SECRET-123456';
const NOW = Date.parse('2025-01-15T12:00:00.000Z');

// LD-like sample policy; the core itself names no vendor.
const policy: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Auth-Token-Reset', 'X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Global-Remaining', 'X-Ratelimit-Route-Remaining', 'X-Ratelimit-Auth-Token-Remaining'],
  waitFromBody: (body) => {
    const detail = (body as { detail?: unknown } | undefined)?.detail;
    const m = typeof detail === 'string' ? /available in (\d+) seconds?/.exec(detail) : null;
    return m ? Number(m[1]) * 1000 : undefined;
  },
};

function setup(overrides: Partial<TransportOptions> = {}, random = 0) {
  let clock = NOW;
  const sleeps: number[] = [];
  const retries: RetryInfo[] = [];
  const transport = createTransport({
    secrets: [SECRET],
    rateLimitPolicy: policy,
    now: () => clock,
    random: () => random,
    // Records the wait and advances the fake clock once the wait "elapses" (after a microtask, so that
    // concurrent callers observe the same instant).
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      const start = clock;
      await Promise.resolve();
      if (signal?.aborted) throw new AbortError();
      clock = Math.max(clock, start + ms);
    },
    onRetry: (info) => retries.push(info),
    ...overrides,
  });
  return { transport, sleeps, retries, now: () => clock };
}

const get = (init: RequestInit = {}): RequestInit => ({
  method: 'GET',
  headers: { Authorization: SECRET },
  ...init,
});

/** Interceptor that counts hits and answers with `replies` in order (the last one repeats). */
function scripted(
  method: 'get' | 'post' | 'patch' | 'put' | 'delete',
  replies: Array<[number, unknown?, Record<string, string>?]>,
) {
  const state = { count: 0 };
  const interceptor = nock(BASE)[method](PATH);
  interceptor
    .query(true)
    .times(10)
    .reply(() => {
      const reply = replies[Math.min(state.count, replies.length - 1)];
      state.count++;
      return [reply[0], reply[1] === undefined ? '' : JSON.stringify(reply[1]), reply[2] ?? {}];
    });
  return state;
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

describe('success path', () => {
  test('returns the 2xx response untouched and strips the call-options symbol before fetch', async () => {
    nock(BASE)
      .get(PATH)
      .reply(200, { items: [1] }, { 'X-Ratelimit-Route-Remaining': '5' });
    const { transport, sleeps } = setup();
    const response = await transport(URL_, withCallOptions(get(), { timeoutMs: 1000 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [1] });
    expect(sleeps).toEqual([]);

    const seen: RequestInit[] = [];
    const spy: FetchLike = (_url, init) => {
      seen.push(init);
      return Promise.resolve(new Response('{}', { status: 201 }));
    };
    await createTransport({ fetch: spy, secrets: [], rateLimitPolicy: policy })(
      URL_,
      withCallOptions({ method: 'post' }, { maxRetries: 0 }),
    );
    expect(Object.getOwnPropertySymbols(seen[0])).toEqual([]);
    expect(CALL_OPTIONS in seen[0]).toBe(false);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].signal).toBeDefined();
  });

  test('a per-call ld-api-version replaces LD-API-Version instead of sending both', async () => {
    let received: string | string[] | undefined;
    nock(BASE)
      .get(PATH)
      .reply(function () {
        received = this.req.headers['ld-api-version'];
        return [200, '{}'];
      });
    const { transport } = setup();
    await transport(
      URL_,
      withCallOptions(
        get({
          headers: { 'LD-API-Version': '20240415', Accept: 'application/json' },
        }),
        { headers: { 'ld-api-version': 'beta' } },
      ),
    );
    expect(received).toBe('beta');
  });
});

describe('429 handling', () => {
  test('Retry-After in seconds: waits exactly that, then succeeds', async () => {
    const hits = scripted('get', [
      [429, { code: 'rate_limited' }, { 'Retry-After': '3' }],
      [200, {}],
    ]);
    const { transport, sleeps, retries } = setup();
    const response = await transport(URL_, get());
    expect(response.status).toBe(200);
    expect(hits.count).toBe(2);
    expect(sleeps).toEqual([3000]);
    expect(retries).toEqual([
      {
        attempt: 1,
        waitMs: 3000,
        method: 'GET',
        url: URL_,
        status: 429,
        reason: 'rate_limited',
      },
    ]);
  });

  test('Retry-After with jitter: +random·10%', async () => {
    scripted('get', [
      [429, undefined, { 'Retry-After': '3' }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup({}, 0.5);
    await transport(URL_, get());
    expect(sleeps).toEqual([3150]);
  });

  test('Retry-After as an HTTP-date: waits until that instant', async () => {
    scripted('get', [
      [429, undefined, { 'Retry-After': new Date(NOW + 7000).toUTCString() }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([7000]);
  });

  test('only X-Ratelimit-Reset (epoch ms): waits until the reset', async () => {
    scripted('get', [
      [429, undefined, { 'X-Ratelimit-Reset': String(NOW + 4200) }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([4200]);
  });

  test('reset in epoch seconds is scaled to ms', async () => {
    scripted('get', [
      [429, undefined, { 'X-Ratelimit-Auth-Token-Reset': String((NOW + 5000) / 1000) }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([5000]);
  });

  test('reset in the past: waits the floor (250 ms)', async () => {
    scripted('get', [
      [429, undefined, { 'X-Ratelimit-Reset': String(NOW - 30_000) }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([250]);
  });

  test('absurd reset: RateLimitError with retryAfterMs, no sleep, one request', async () => {
    const hits = scripted('get', [
      [429, { code: 'rate_limited', message: 'slow down' }, { 'X-Ratelimit-Reset': String(NOW + 3_600_000) }],
    ]);
    const { transport, sleeps, retries } = setup();
    const error = await transport(URL_, get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect((error as RateLimitError).message).toBe('429 rate_limited: slow down');
    expect(sleeps).toEqual([]);
    expect(retries).toEqual([]);
    expect(hits.count).toBe(1);
  });

  test('wait from the body (PostHog-style detail) when no header states one', async () => {
    scripted('get', [
      [
        429,
        {
          type: 'throttled_error',
          code: 'throttled',
          detail: 'Request was throttled. Expected available in 5 seconds.',
        },
      ],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([5000]);
  });

  test('no headers and no body: exponential backoff', async () => {
    const hits = scripted('get', [[429], [429], [200, {}]]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(hits.count).toBe(3);
    expect(sleeps).toEqual([375, 750]);
  });

  describe('a 429 stating no wait, under a policy with a window (LaunchDarkly: 10 s)', () => {
    const windowed = { ...policy, unstatedWaitMs: 10_000 };

    test('waits one window, doubling per retry, jittered like a stated wait', async () => {
      const hits = scripted('get', [[429], [429], [200, {}]]);
      const { transport, sleeps, retries } = setup({ rateLimitPolicy: windowed }, 0.5);
      await transport(URL_, get());
      expect(hits.count).toBe(3);
      // Up to +10% jitter (random 0.5 → +5%), never less than the window.
      expect(sleeps).toEqual([10_500, 21_000]);
      expect(retries.map((r) => r.waitMs)).toEqual([10_500, 21_000]);
    });

    test('grows to at most six windows', async () => {
      scripted('get', [[429], [429], [429], [429], [429], [200, {}]]);
      const { transport, sleeps } = setup({ rateLimitPolicy: windowed, maxRetries: 5 });
      await transport(URL_, get());
      expect(sleeps).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
    });

    test('a window longer than maxRetryDelayMs is reported, not slept through', async () => {
      const hits = scripted('get', [[429]]);
      const { transport, sleeps } = setup({ rateLimitPolicy: windowed, maxRetryDelayMs: 5_000 });
      const error = (await transport(URL_, get()).catch((e: unknown) => e)) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.retryAfterMs).toBe(10_000);
      expect(hits.count).toBe(1);
      expect(sleeps).toEqual([]);
    });

    test('a stated wait still wins over the window', async () => {
      scripted('get', [
        [429, undefined, { 'Retry-After': '1' }],
        [200, {}],
      ]);
      const { transport, sleeps } = setup({ rateLimitPolicy: windowed });
      await transport(URL_, get());
      expect(sleeps).toEqual([1000]);
    });

    test('5xx still backs off exponentially', async () => {
      scripted('get', [[503], [200, {}]]);
      const { transport, sleeps } = setup({ rateLimitPolicy: windowed });
      await transport(URL_, get());
      expect(sleeps).toEqual([375]);
    });
  });

  test.each(['post', 'patch'] as const)('429 on %s is retried (the server did not act)', async (method) => {
    const hits = scripted(method, [
      [429, undefined, { 'Retry-After': '1' }],
      [200, { ok: true }],
    ]);
    const { transport, sleeps } = setup();
    const response = await transport(URL_, {
      method: method.toUpperCase(),
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(hits.count).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  test('429 on the last attempt: RateLimitError with retryAfterMs', async () => {
    const hits = scripted('get', [[429, { code: 'rate_limited' }, { 'Retry-After': '2' }]]);
    const { transport, sleeps } = setup();
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.headers['retry-after']).toBe('2');
    expect(hits.count).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  test('429 without a stated wait on the last attempt reports the backoff as retryAfterMs', async () => {
    scripted('get', [[429]]);
    const { transport } = setup({ maxRetries: 0 });
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as RateLimitError;
    expect(error.retryAfterMs).toBe(375);
  });
});

describe('5xx, network errors and non-idempotent methods', () => {
  test.each(['post', 'patch'] as const)('%s on 500 is sent exactly once and throws ServerError', async (method) => {
    const hits = scripted(method, [
      [500, { code: 'internal', message: 'boom' }],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    const error = await transport(URL_, {
      method: method.toUpperCase(),
      body: '{}',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(500);
    expect(hits.count).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test.each(['post', 'patch'] as const)(
    '%s on ECONNRESET is sent exactly once and throws ConnectionError',
    async (method) => {
      const interceptor = nock(BASE)[method](PATH);
      const scope = interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      const spare = nock(BASE)[method](PATH).reply(200, {});
      const { transport } = setup();
      const error = (await transport(URL_, {
        method: method.toUpperCase(),
        body: '{}',
      }).catch((e: unknown) => e)) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toBe(`Connection error on ${method.toUpperCase()} ${PATH}: socket hang up (ECONNRESET)`);
      expect((error.cause as Error & { code?: string }).code).toBe('ECONNRESET');
      expect(scope.isDone()).toBe(true);
      expect(spare.isDone()).toBe(false);
    },
  );

  test('per-call retryNonIdempotent retries a POST on 500 and on a reset connection', async () => {
    const hits = scripted('post', [[500], [200, { id: 1 }]]);
    const { transport, retries } = setup();
    const response = await transport(
      URL_,
      withCallOptions({ method: 'POST', body: '{}' }, { retryNonIdempotent: true }),
    );
    expect(response.status).toBe(200);
    expect(hits.count).toBe(2);
    expect(retries[0]).toMatchObject({
      reason: 'server_error',
      status: 500,
      method: 'POST',
    });

    nock.cleanAll();
    nock(BASE)
      .patch(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(BASE).patch(PATH).reply(200, {});
    const second = setup({ retryNonIdempotent: true });
    expect((await second.transport(URL_, { method: 'PATCH', body: '{}' })).status).toBe(200);
    expect(second.retries[0]).toEqual({
      attempt: 1,
      waitMs: 375,
      method: 'PATCH',
      url: URL_,
      reason: 'network_error',
    });
  });

  test('per-call retryNonIdempotent=false overrides the client setting', async () => {
    const hits = scripted('post', [[503], [200]]);
    const { transport } = setup({ retryNonIdempotent: true });
    await expect(
      transport(URL_, withCallOptions({ method: 'POST' }, { retryNonIdempotent: false })),
    ).rejects.toBeInstanceOf(ServerError);
    expect(hits.count).toBe(1);
  });

  test('GET on 503 then 200 succeeds after a backoff', async () => {
    const hits = scripted('get', [
      [503, 'unavailable'],
      [200, { ok: 1 }],
    ]);
    const { transport, sleeps, retries } = setup();
    const response = await transport(URL_, get());
    expect(await response.json()).toEqual({ ok: 1 });
    expect(hits.count).toBe(2);
    expect(sleeps).toEqual([375]);
    expect(retries).toEqual([
      {
        attempt: 1,
        waitMs: 375,
        method: 'GET',
        url: URL_,
        status: 503,
        reason: 'server_error',
      },
    ]);
  });

  test('503 with Retry-After uses it; beyond maxRetryDelayMs it throws at once', async () => {
    scripted('get', [
      [503, undefined, { 'Retry-After': '2' }],
      [200, {}],
    ]);
    const first = setup();
    await first.transport(URL_, get());
    expect(first.sleeps).toEqual([2000]);

    nock.cleanAll();
    const hits = scripted('get', [
      [503, undefined, { 'Retry-After': '120' }],
      [200, {}],
    ]);
    const second = setup();
    await expect(second.transport(URL_, get())).rejects.toBeInstanceOf(ServerError);
    expect(hits.count).toBe(1);
    expect(second.sleeps).toEqual([]);
  });

  test('PUT and DELETE are retried on 502/504; HEAD, OPTIONS too', async () => {
    for (const method of ['put', 'delete'] as const) {
      const hits = scripted(method, [[502], [504], [204]]);
      const { transport, sleeps } = setup();
      expect((await transport(URL_, { method: method.toUpperCase() })).status).toBe(204);
      expect(hits.count).toBe(3);
      expect(sleeps).toEqual([375, 750]);
      nock.cleanAll();
    }
  });

  test('GET on a reset connection is retried', async () => {
    nock(BASE)
      .get(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(BASE).get(PATH).reply(200, { ok: true });
    const { transport, retries } = setup();
    expect((await transport(URL_, get())).status).toBe(200);
    expect(retries[0].reason).toBe('network_error');
    expect(retries[0].status).toBeUndefined();
  });

  test('retries are exhausted: last ServerError after 1 + maxRetries attempts', async () => {
    const hits = scripted('get', [[500, { message: 'still broken' }]]);
    const { transport, sleeps } = setup({ maxRetries: 3 });
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as ServerError;
    expect(error.message).toBe('500: still broken');
    expect(hits.count).toBe(4);
    expect(sleeps).toEqual([375, 750, 1500]);
  });

  test('408 is retried for GET with reason timeout', async () => {
    scripted('get', [[408], [200, {}]]);
    const { transport, retries } = setup();
    await transport(URL_, get());
    expect(retries[0]).toMatchObject({ reason: 'timeout', status: 408 });
  });

  test('backoff longer than maxRetryDelayMs is not slept', async () => {
    const hits = scripted('get', [[500]]);
    const { transport, sleeps } = setup({ maxRetryDelayMs: 100 });
    await expect(transport(URL_, get())).rejects.toBeInstanceOf(ServerError);
    expect(hits.count).toBe(1);
    expect(sleeps).toEqual([]);

    nock.cleanAll();
    nock(BASE)
      .get(PATH)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(transport(URL_, get())).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('never retried', () => {
  test.each([
    [409, ConflictError, { code: 'optimistic_locking_error', message: 'stale' }],
    [400, BadRequestError, { code: 'invalid_request', message: 'bad' }],
    [404, NotFoundError, { code: 'not_found', message: 'nope', id: 'abc' }],
  ] as const)('%p -> %p, one request', async (status, cls, body) => {
    const hits = scripted('get', [
      [status, body],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    const error = (await transport(`${URL_}?limit=5`, get()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(cls);
    expect(error.status).toBe(status);
    expect(error.code).toBe(body.code);
    expect(error.method).toBe('GET');
    expect(error.path).toBe(`${PATH}?limit=5`);
    expect(error.headers['content-type']).toBeUndefined();
    expect(hits.count).toBe(1);
    expect(sleeps).toEqual([]);
  });
});

describe('maxRetries', () => {
  test('0 on the client disables retries', async () => {
    const hits = scripted('get', [[503], [200]]);
    const { transport } = setup({ maxRetries: 0 });
    await expect(transport(URL_, get())).rejects.toBeInstanceOf(ServerError);
    expect(hits.count).toBe(1);
  });

  test('0 per call disables retries, also for 429', async () => {
    const hits = scripted('get', [[429, undefined, { 'Retry-After': '1' }], [200]]);
    const { transport } = setup();
    const error = (await transport(URL_, withCallOptions(get(), { maxRetries: 0 })).catch(
      (e: unknown) => e,
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(1000);
    expect(hits.count).toBe(1);
  });

  test('a one-shot stream body gets exactly one attempt', async () => {
    let calls = 0;
    const fetch: FetchLike = () => {
      calls++;
      return Promise.resolve(new Response('', { status: 429, headers: { 'Retry-After': '1' } }));
    };
    const { transport } = setup({ fetch });
    const body = new ReadableStream({ start: (c) => c.close() });
    await expect(transport(URL_, { method: 'PUT', body })).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(1);
  });
});

describe('timeouts', () => {
  test('a slow response becomes TimeoutError', async () => {
    nock(BASE).get(PATH).delay(500).reply(200, {});
    const { transport } = setup({ timeoutMs: 50, maxRetries: 0 });
    const started = Date.now();
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(50);
    expect(error.path).toBe(PATH);
    expect(Date.now() - started).toBeLessThan(400);
  });

  test('GET is retried after a timeout; per-call timeoutMs wins', async () => {
    nock(BASE).get(PATH).delay(500).reply(200, { slow: true });
    nock(BASE).get(PATH).reply(200, { fast: true });
    const { transport, retries } = setup({ timeoutMs: 10_000 });
    const response = await transport(URL_, withCallOptions(get(), { timeoutMs: 50 }));
    expect(await response.json()).toEqual({ fast: true });
    expect(retries).toEqual([{ attempt: 1, waitMs: 375, method: 'GET', url: URL_, reason: 'timeout' }]);
  });

  test('POST is not retried after a timeout', async () => {
    const slow = nock(BASE).post(PATH).delay(500).reply(200, {});
    const spare = nock(BASE).post(PATH).reply(200, {});
    const { transport } = setup({ timeoutMs: 50 });
    await expect(transport(URL_, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(TimeoutError);
    expect(slow.isDone()).toBe(true);
    expect(spare.isDone()).toBe(false);
  });

  test('the timeout also fires for a fetch that ignores its signal', async () => {
    const fetch: FetchLike = () => new Promise((resolve) => setTimeout(() => resolve(new Response('{}')), 300));
    const { transport } = setup({ fetch, timeoutMs: 20, maxRetries: 0 });
    await expect(transport(URL_, get())).rejects.toBeInstanceOf(TimeoutError);
    await new Promise((r) => setTimeout(r, 300));
  });

  test('the error body is read under the timeout', async () => {
    const fetch: FetchLike = () =>
      Promise.resolve({
        status: 500,
        headers: new Headers(),
        text: () => new Promise<string>(() => undefined),
      });
    const { transport } = setup({ fetch, timeoutMs: 20, maxRetries: 0 });
    await expect(transport(URL_, get())).rejects.toBeInstanceOf(TimeoutError);
  });

  test('a broken error-body stream still yields the status error', async () => {
    const fetch: FetchLike = () =>
      Promise.resolve({
        status: 404,
        statusText: 'Not Found',
        headers: new Headers(),
        text: () => Promise.reject(new Error('stream broke')),
      });
    const { transport } = setup({ fetch });
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('404: Not Found');
  });
});

describe('abort', () => {
  test('aborting during an in-flight request rejects promptly with AbortError and sends nothing more', async () => {
    const slow = nock(BASE).get(PATH).delay(2000).reply(200, {});
    const spare = nock(BASE).get(PATH).reply(200, {});
    const { transport } = setup();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const error = (await transport(URL_, withCallOptions(get(), { signal: controller.signal })).catch(
      (e: unknown) => e,
    )) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.method).toBe('GET');
    expect(Date.now() - started).toBeLessThan(500);
    expect(slow.isDone()).toBe(true);
    expect(spare.isDone()).toBe(false);
  });

  test('aborting during the backoff sleep (real timers) rejects promptly, no second request', async () => {
    const hits = scripted('get', [
      [429, undefined, { 'Retry-After': '30' }],
      [200, {}],
    ]);
    const transport = createTransport({
      secrets: [SECRET],
      rateLimitPolicy: policy,
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = transport(URL_, get({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hits.count).toBe(1);
  });

  test('an already-aborted signal sends nothing', async () => {
    const scope = nock(BASE).get(PATH).reply(200, {});
    const { transport } = setup();
    await expect(transport(URL_, get({ signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(AbortError);
    expect(scope.isDone()).toBe(false);
  });

  test('aborting while waiting at the throttle gate rejects with AbortError', async () => {
    const throttle = new Throttle();
    void throttle.blockUntil(Date.now() + 20_000);
    const transport = createTransport({
      secrets: [],
      rateLimitPolicy: policy,
      throttle,
    });
    const controller = new AbortController();
    const pending = transport(URL_, withCallOptions(get(), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({
      name: 'AbortError',
      path: PATH,
    });
  });

  test('abort between attempts (fake sleep resolves after abort) stops the loop', async () => {
    const hits = scripted('get', [[503], [200]]);
    const controller = new AbortController();
    const transport = createTransport({
      secrets: [],
      rateLimitPolicy: policy,
      random: () => 0,
      sleep: () => Promise.resolve(controller.abort()),
    });
    await expect(transport(URL_, withCallOptions(get(), { signal: controller.signal }))).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(hits.count).toBe(1);
  });
});

describe('proactive throttle', () => {
  test('after a 2xx with Route-Remaining 0 and a reset 2 s ahead, the next two concurrent calls wait 2 s, then go', async () => {
    nock(BASE)
      .get(PATH)
      .reply(
        200,
        {},
        {
          'X-Ratelimit-Route-Remaining': '0',
          'X-Ratelimit-Reset': String(NOW + 2000),
        },
      );
    const { transport, sleeps, now } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([]);

    const hitTimes: number[] = [];
    nock(BASE)
      .get(PATH)
      .times(3)
      .reply(() => {
        hitTimes.push(now());
        return [200, '{}'];
      });
    const [a, b] = await Promise.all([transport(URL_, get()), transport(URL_, get())]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(sleeps).toEqual([2000, 2000]);
    expect(hitTimes).toEqual([NOW + 2000, NOW + 2000]);

    await transport(URL_, get());
    expect(sleeps).toHaveLength(2);
  });

  test('a 429 with an exhausted window closes the gate for concurrent calls too', async () => {
    scripted('get', [
      [
        429,
        undefined,
        {
          'X-Ratelimit-Global-Remaining': '0',
          'X-Ratelimit-Reset': String(NOW + 1000),
        },
      ],
      [200, {}],
    ]);
    const { transport, sleeps } = setup();
    await transport(URL_, get());
    expect(sleeps).toEqual([1000]);
  });

  test('a gate wait beyond maxRetryDelayMs throws RateLimitError without a request', async () => {
    const throttle = new Throttle({ now: () => NOW });
    void throttle.blockUntil(NOW + 120_000);
    const scope = nock(BASE).get(PATH).reply(200, {});
    const transport = createTransport({
      secrets: [],
      rateLimitPolicy: policy,
      throttle,
      now: () => NOW,
    });
    const error = (await transport(URL_, get()).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(scope.isDone()).toBe(false);
  });

  test('a shared Throttle gates every transport of a client', async () => {
    const { throttle, sleeps, now } = fakeThrottle(NOW);
    const one = createTransport({ secrets: [], rateLimitPolicy: policy, throttle, now });
    const two = createTransport({ secrets: [], rateLimitPolicy: policy, throttle, now });
    nock(BASE)
      .get(PATH)
      .reply(
        200,
        {},
        {
          'X-Ratelimit-Auth-Token-Remaining': '0',
          'X-Ratelimit-Auth-Token-Reset': String(NOW + 1500),
        },
      );
    nock(BASE).get(PATH).reply(200, {});
    await one(URL_, get());
    await two(URL_, get());
    expect(sleeps).toEqual([1500]);
  });

  test('a retry passes the gate again: a window closed during its backoff holds it back too', async () => {
    const { throttle, sleeps, now, sleep } = fakeThrottle(NOW);
    const sentAt: number[] = [];
    nock(BASE)
      .get(PATH)
      .times(2)
      .reply(() => {
        sentAt.push(now());
        return sentAt.length === 1 ? [503, {}] : [200, {}];
      });
    const transport = createTransport({
      secrets: [],
      rateLimitPolicy: policy,
      throttle,
      now,
      random: () => 0,
      sleep,
      // Another call's 429 closes the client's window for 5 s while this one backs off.
      onRetry: () => void throttle.blockUntil(now() + 5_000),
    });
    expect((await transport(URL_, get())).status).toBe(200);
    expect(sentAt).toEqual([NOW, NOW + 5_000]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(5_000);
  });
});

describe('callbacks and logging', () => {
  test('a throwing onRetry is logged and ignored', async () => {
    scripted('get', [[503], [200, {}]]);
    const error = jest.fn();
    const { transport } = setup({
      onRetry: () => {
        throw new Error(`hook failed ${SECRET}`);
      },
      logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error },
    });
    expect((await transport(URL_, get())).status).toBe(200);
    expect(error).toHaveBeenCalledWith('onRetry callback threw; ignoring', {
      error: 'hook failed [REDACTED]',
    });
  });

  test('retries log at warn; attempts at debug', async () => {
    scripted('get', [[503], [200, {}]]);
    const logger = {
      debug: jest.fn(),
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
    };
    const { transport } = setup({ logger, logLevel: 'debug' });
    await transport(URL_, get());
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe(`Retrying GET ${URL_} in 375 ms (retry 1, server_error)`);
    expect(logger.debug.mock.calls.map((c) => c[0])).toEqual([
      `GET ${URL_}`,
      `GET ${URL_} -> 503`,
      `GET ${URL_}`,
      `GET ${URL_} -> 200`,
    ]);
  });

  test('method defaults to GET; an empty network error message still yields a readable ConnectionError', async () => {
    const methods: string[] = [];
    const fetch: FetchLike = (_url, init) => {
      methods.push(init.method);
      return Promise.reject(new Error(''));
    };
    const { transport } = setup({ fetch, maxRetries: 0 });
    const error = (await transport(URL_, {}).catch((e: unknown) => e)) as ConnectionError;
    expect(methods).toEqual(['GET']);
    expect(error.message).toBe(`Connection error on GET ${PATH}: network error`);
  });

  test('without a fetch option, JSON calls need no global fetch; a body node:http cannot send says what is missing', async () => {
    const original = globalThis.fetch;
    (globalThis as { fetch?: unknown }).fetch = undefined;
    try {
      nock(BASE).get(PATH).reply(200, { ok: true });
      const { transport } = setup({ maxRetries: 0 });
      expect(await (await transport(URL_, get())).json()).toEqual({ ok: true });
      const form = get({ method: 'POST', body: new URLSearchParams({ a: '1' }) });
      await expect(transport(URL_, form)).rejects.toThrow(
        'No global fetch to send this body (a stream or form); pass the `fetch` option',
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('2xx bodies cut short after the headers', () => {
  const cut =
    (calls: { n: number }, thenOk = false): FetchLike =>
    () => {
      calls.n += 1;
      if (thenOk && calls.n > 1)
        return Promise.resolve({ status: 200, headers: new Headers(), text: () => Promise.resolve('{"ok":true}') });
      return Promise.resolve({
        status: 201,
        headers: new Headers({ 'Set-Cookie': 's=1', 'X-Request-Id': 'r1', 'X-Echo': SECRET }),
        text: () => Promise.reject(Object.assign(new TypeError(`terminated ${SECRET}`), { code: 'ECONNRESET' })),
      });
    };

  test('a POST is not retried and fails with ResponseParseError saying the server accepted it', async () => {
    const calls = { n: 0 };
    const { transport } = setup({ fetch: cut(calls), maxRetries: 3 });
    const error = await transport(URL_, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(calls.n).toBe(1);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 201, serverAccepted: true, method: 'POST', path: PATH });
    expect((error as ResponseParseError).headers).toMatchObject({ 'set-cookie': '[REDACTED]', 'x-request-id': 'r1' });
    expect((error as Error).message).toMatch(/accepted the request \(status 201\).*cut short.*before repeating it/);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(String((error as Error).cause)).not.toContain(SECRET);
  });

  test('a GET is retried like a network error first', async () => {
    const calls = { n: 0 };
    const { transport, retries } = setup({ fetch: cut(calls, true), maxRetries: 1 });
    const response = await transport(URL_, get());
    expect(await response.json()).toEqual({ ok: true });
    expect(retries.map((r) => r.reason)).toEqual(['network_error']);
  });
});
