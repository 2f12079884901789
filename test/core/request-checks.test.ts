import { LaunchDarklyExperiments, PostHogExperiments, ValidationError } from '../../src';
import { checkHeaders, checkLimits, MAX_TIMER_MS } from '../../src/core/request-checks';
import nock from 'nock';
import { useNock } from '../helpers/nock';

const BASE = 'https://ld.test';
const KEY = 'api-00000000-0000-4000-8000-000000000000';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error('expected a ValidationError');
}

describe('checkLimits', () => {
  it.each([
    [{}],
    [{ timeoutMs: 1, maxRetries: 0, maxRetryDelayMs: 0 }],
    [{ timeoutMs: 1.5, maxRetries: 10, maxRetryDelayMs: MAX_TIMER_MS }],
    [{ retryNonIdempotent: false, signal: new AbortController().signal }],
    [{ retryNonIdempotent: true, signal: null }],
  ])('accepts %p', (limits) => {
    expect(() => checkLimits(limits)).not.toThrow();
  });

  it.each([
    [{ timeoutMs: Infinity }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 0.5 }, 'timeoutMs'],
    [{ timeoutMs: -5 }, 'timeoutMs'],
    [{ timeoutMs: '100' }, 'timeoutMs'],
    [{ maxRetries: '2' }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: Infinity }, 'maxRetries'],
    [{ maxRetryDelayMs: -1 }, 'maxRetryDelayMs'],
    [{ maxRetryDelayMs: Infinity }, 'maxRetryDelayMs'],
    // A truthy string (read from the environment) would have re-sent writes.
    [{ retryNonIdempotent: 'false' }, 'retryNonIdempotent'],
    [{ retryNonIdempotent: 1 }, 'retryNonIdempotent'],
    [{ signal: {} }, 'signal'],
    [{ signal: 'abort' }, 'signal'],
  ])('refuses %p', (limits, field) => {
    expect(fieldOf(() => checkLimits(limits))).toBe(field);
  });
});

describe('checkHeaders', () => {
  it('accepts tokens with visible ASCII, Latin-1, spaces and tabs', () => {
    expect(() => checkHeaders({ 'X-Trace_id.1': 'a b\tc ü', Accept: '*/*' })).not.toThrow();
  });

  it.each([
    [{ 'X-Trace': 'a\r\nX-Injected: 1' }, 'headers.X-Trace'],
    [{ 'X-Trace': 'a\nb' }, 'headers.X-Trace'],
    [{ 'X-Trace': 'euro €' }, 'headers.X-Trace'],
    [{ 'X-Trace': 5 }, 'headers.X-Trace'],
    [{ 'X Trace': 'a' }, 'headers'],
    [{ 'X-Trace:': 'a' }, 'headers'],
  ])('refuses %p', (headers, field) => {
    expect(fieldOf(() => checkHeaders(headers))).toBe(field);
  });

  it('never quotes a value, which may be the key', () => {
    try {
      checkHeaders({ Authorization: `${KEY}\n` });
    } catch (error) {
      expect(String(error)).not.toContain(KEY);
    }
  });
});

describe('clients check limits and headers before anything is sent', () => {
  useNock();

  const ld = (extra: object = {}) =>
    new LaunchDarklyExperiments({ apiKey: KEY, baseUrl: BASE, projectKey: 'p', environmentKey: 'e', ...extra });

  it.each([
    [{ timeoutMs: Infinity }, 'timeoutMs'],
    [{ maxRetries: '2' }, 'maxRetries'],
    [{ maxRetryDelayMs: Number.NaN }, 'maxRetryDelayMs'],
    [{ apiKey: 'api-key’' }, 'apiKey'],
  ])('construction refuses %p', (options, field) => {
    expect(fieldOf(() => ld(options))).toBe(field);
    expect(
      fieldOf(() => new PostHogExperiments({ apiKey: 'phx_0123456789', projectId: 1, ...(options as object) })),
    ).toBe(field);
  });

  it.each([
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ headers: { 'X-Trace': 'a\r\nX-Injected: 1' } }, 'headers.X-Trace'],
    [{ headers: { 'Bad Name': 'x' } }, 'headers'],
    [{ retryNonIdempotent: 'false' }, 'retryNonIdempotent'],
    [{ signal: {} }, 'signal'],
    // A misspelt option would silently keep the default.
    [{ maxRetry: 0 }, 'maxRetry'],
    [{ timeout: 5 }, 'timeout'],
  ])('a call refuses %p without sending', async (options, field) => {
    // No interceptor: a request would fail with nock's NetConnectNotAllowedError instead.
    const error = await ld()
      .getExperiment({ experimentKey: 'k' }, options as object)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it('PostHog calls, lists and request() refuse a misspelt call option too, without sending', async () => {
    const ph = new PostHogExperiments({ apiKey: 'phx_0123456789', projectId: 1 });
    for (const call of [
      () => ph.experiments.retrieve(1, { maxRetry: 0 } as never),
      () => ph.experiments.list({}, { timeout: 5 } as never),
      () => ph.request({ method: 'GET', path: '/api/x' }, { retries: 0 } as never),
    ]) {
      const error = await Promise.resolve(call()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
    }
  });

  it.each([
    [{ headers: { 'X-Trace': 'a\r\nX-Injected: 1' } }, 'headers.X-Trace'],
    [{ userAgent: 'app\r\nX-Evil: 1' }, 'headers.User-Agent'],
  ])('client %p: every call is refused without sending', async (options, field) => {
    const error = await ld(options)
      .getExperiment({ experimentKey: 'k' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it('headers given as Headers or Map are sent, not dropped: on the client, per call and in request()', async () => {
    const sent: Array<Record<string, unknown>> = [];
    nock(BASE)
      .get('/api/v2/projects/p/environments/e/experiments/k')
      .times(2)
      .reply(function () {
        sent.push(this.req.headers);
        return [200, { key: 'k', name: 'n', _maintainerId: 'm', _creationDate: 1, _links: {} }];
      })
      .get('/raw')
      .reply(function () {
        sent.push(this.req.headers);
        return [200, {}];
      });
    const ld = new LaunchDarklyExperiments({
      apiKey: KEY,
      baseUrl: BASE,
      projectKey: 'p',
      environmentKey: 'e',
      headers: new Headers({ 'X-Team': 'growth', 'LD-API-Version': 'beta' }) as never,
    });
    await ld.getExperiment({ experimentKey: 'k' });
    await ld.getExperiment({ experimentKey: 'k' }, { headers: new Map([['X-Trace', 'abc']]) as never });
    await ld.request({ method: 'GET', path: '/raw', headers: new Headers({ 'X-Trace': 'raw' }) as never });
    expect(sent.map((h) => [h['x-team'], h['x-trace'], h['ld-api-version']])).toEqual([
      ['growth', undefined, 'beta'],
      ['growth', 'abc', 'beta'],
      ['growth', 'raw', 'beta'],
    ]);
  });
  it('a number among the client headers is sent as text, as it always was', async () => {
    let seen: unknown;
    nock(BASE)
      .get('/api/v2/projects/p/environments/e/experiments/k')
      .reply(function () {
        seen = this.req.headers['x-retry-budget'];
        return [200, { key: 'k', name: 'n', _maintainerId: 'm', _creationDate: 1, _links: {} }];
      });
    await ld({ headers: { 'X-Retry-Budget': 3 as never } }).getExperiment({ experimentKey: 'k' });
    expect(seen).toBe('3');
  });
});
