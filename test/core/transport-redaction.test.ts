/** The key must never surface: not in errors (any rendering), logs, or callbacks. */
import nock from 'nock';
import { inspect } from 'node:util';
import { withCallOptions } from '../../src/core/call-options';
import { ApiError, ConnectionError, ExperimentsApiError, TimeoutError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { RateLimitPolicy } from '../../src/core/rate-limit';
import { createTransport, type RetryInfo } from '../../src/core/transport';

const BASE = 'https://api.example.test';
const SECRET = 'api-SECRET-123456';
const policy: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Route-Remaining'],
};

function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? '',
    JSON.stringify(e),
    inspect(e, { depth: 10 }),
    inspect(e, { depth: 10, showHidden: true }),
  ];
}

function harness() {
  const logged: unknown[] = [];
  const retries: RetryInfo[] = [];
  const record = (level: string) => (message: string, data?: Record<string, unknown>) =>
    logged.push([level, message, data]);
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const transport = createTransport({
    secrets: [SECRET],
    rateLimitPolicy: policy,
    logger,
    logLevel: 'debug',
    onRetry: (info) => retries.push(info),
    random: () => 0,
    sleep: () => Promise.resolve(),
  });
  const leaks = (): string => inspect([logged, retries], { depth: 20 });
  return { transport, leaks, logged };
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

describe('redaction', () => {
  test('server echoes the key in a JSON error body, a header and the URL contains it', async () => {
    nock(BASE)
      .get('/api/v2/x')
      .query({ key: SECRET })
      .times(3)
      .reply(
        503,
        {
          code: 'unavailable',
          message: `Token ${SECRET} is throttled`,
          Authorization: SECRET,
          nested: [{ echo: SECRET }],
        },
        { 'X-Echo-Key': SECRET, 'Set-Cookie': `session=${SECRET}` },
      );
    const { transport, leaks, logged } = harness();
    const error = (await transport(`${BASE}/api/v2/x?key=${SECRET}`, {
      method: 'GET',
      headers: { Authorization: SECRET },
    }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('503 unavailable: Token [REDACTED] is throttled');
    expect(error.path).toBe('/api/v2/x?key=[REDACTED]');
    expect(error.headers['x-echo-key']).toBe('[REDACTED]');
    expect(error.headers['set-cookie']).toBe('[REDACTED]');
    for (const s of renderings(error)) expect(s).not.toContain(SECRET);
    expect(logged.length).toBeGreaterThan(0);
    expect(leaks()).not.toContain(SECRET);
  });

  test('server echoes the key in a plain-text body', async () => {
    nock(BASE).post('/p').reply(401, `invalid key: ${SECRET}`);
    const { transport, leaks } = harness();
    const error = await transport(`${BASE}/p`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
    }).catch((e: unknown) => e);
    expect((error as ApiError).body).toBe('invalid key: [REDACTED]');
    for (const s of renderings(error)) expect(s).not.toContain(SECRET);
    expect(leaks()).not.toContain(SECRET);
  });

  test('a ConnectionError whose cause message contains the key', async () => {
    nock(BASE)
      .get('/c')
      .times(3)
      .replyWithError(Object.assign(new Error(`reset while sending ${SECRET}`), { code: 'ECONNRESET' }));
    const { transport, leaks } = harness();
    const error = (await transport(`${BASE}/c`, { method: 'GET' }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('Connection error on GET /c: reset while sending [REDACTED] (ECONNRESET)');
    for (const s of renderings(error)) expect(s).not.toContain(SECRET);
    expect(leaks()).not.toContain(SECRET);
  });

  test('a nested cause chain (undici style) is redacted at every level', async () => {
    const fetch = () =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error(`connect ECONNREFUSED for ${SECRET}`), {
            code: 'ECONNREFUSED',
            cause: new Error(`deeper ${SECRET}`),
          }),
        }),
      );
    const transport = createTransport({
      fetch,
      secrets: [SECRET],
      rateLimitPolicy: policy,
      maxRetries: 0,
    });
    const error = (await transport(`${BASE}/d`, { method: 'GET' }).catch((e: unknown) => e)) as ConnectionError;
    expect(error.message).toBe(
      'Connection error on GET /d: fetch failed: connect ECONNREFUSED for [REDACTED]: deeper [REDACTED]',
    );
    for (const s of renderings(error)) expect(s).not.toContain(SECRET);
  });

  test('timeouts and per-call headers carrying the key', async () => {
    nock(BASE).get('/t').query(true).delay(500).reply(200, {});
    const { transport, leaks } = harness();
    const error = await transport(
      `${BASE}/t?k=${encodeURIComponent(SECRET)}`,
      withCallOptions({ method: 'GET' }, { timeoutMs: 20, maxRetries: 0, headers: { 'X-Api-Key': SECRET } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ExperimentsApiError);
    for (const s of renderings(error)) expect(s).not.toContain(SECRET);
    expect(leaks()).not.toContain(SECRET);
  });
});
