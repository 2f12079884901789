/** `ld.request()`: endpoints the client does not model, through the same transport. */
import nock from 'nock';
import { LaunchDarklyExperiments, NotFoundError, ResponseParseError, ServerError, ValidationError } from '../../src';
import { useNock } from '../helpers/nock';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-SECRET-7f3a9c1e5b';
const client = (extra: Partial<ConstructorParameters<typeof LaunchDarklyExperiments>[0]> = {}) =>
  new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'proj', environmentKey: 'prod', ...extra });
const flag = {
  key: 'f',
  variations: [
    { _id: 'v0', value: false },
    { _id: 'v1', value: true },
  ],
};

useNock();

describe('request', () => {
  it('sends the token, LD-API-Version and User-Agent; fills the client default projectKey', async () => {
    nock(BASE, {
      reqheaders: {
        authorization: KEY,
        'ld-api-version': '20240415',
        'user-agent': /^experiments-api\//,
        accept: 'application/json',
      },
    })
      .get('/api/v2/flags/proj/f%2Fx')
      .query({ env: 'prod' })
      .reply(200, flag, { 'X-Ratelimit-Route-Remaining': '5' });
    const result = await client()
      .request<typeof flag>({
        method: 'GET',
        path: '/api/v2/flags/{projectKey}/{flagKey}',
        params: { flagKey: 'f/x' },
        query: { env: 'prod' },
      })
      .withResponse();
    expect(result.data.variations.map((v) => v._id)).toEqual(['v0', 'v1']);
    expect(result.response.headers['x-ratelimit-route-remaining']).toBe('5');
  });

  it('sends JSON bodies; caller headers replace defaults (content type, per-call apiVersion)', async () => {
    nock(BASE, {
      reqheaders: {
        'content-type': 'application/json; domain-model=launchdarkly.semanticpatch',
        'ld-api-version': 'beta',
      },
    })
      .patch('/api/v2/flags/proj/f', { instructions: [{ kind: 'turnFlagOn' }] })
      .reply(200, flag);
    const data = await client().request(
      {
        method: 'PATCH',
        path: '/api/v2/flags/{projectKey}/{flagKey}',
        params: { flagKey: 'f' },
        body: { instructions: [{ kind: 'turnFlagOn' }] },
        headers: { 'Content-Type': 'application/json; domain-model=launchdarkly.semanticpatch' },
      },
      { apiVersion: 'beta' },
    );
    expect(data).toEqual(flag);
  });

  it('retries GET on 503 but never POST/PATCH; errors are typed and redacted', async () => {
    nock(BASE).get('/api/v2/x').reply(503, {}).get('/api/v2/x').reply(200, { ok: true });
    expect(await client({ maxRetries: 1 }).request({ method: 'GET', path: '/api/v2/x' })).toEqual({ ok: true });

    nock(BASE).post('/api/v2/x').once().reply(503, { message: 'down' });
    const error = await client({ maxRetries: 3 })
      .request({ method: 'POST', path: '/api/v2/x', body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);

    nock(BASE)
      .get('/api/v2/flags/proj/nope')
      .reply(404, { code: 'not_found', message: `no flag for ${KEY}` });
    const missing = await client()
      .request({ method: 'GET', path: '/api/v2/flags/{projectKey}/nope' })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify(missing)).not.toContain(KEY);
    expect((missing as Error).message).toContain('[REDACTED]');
  });

  it('an empty 204 resolves undefined; a non-JSON 2xx is a ResponseParseError that says the server accepted it', async () => {
    nock(BASE).delete('/api/v2/x').reply(204);
    expect(await client().request({ method: 'DELETE', path: '/api/v2/x' })).toBeUndefined();
    nock(BASE).post('/api/v2/x').reply(201, 'created!', { 'Content-Type': 'text/plain' });
    const error = await client()
      .request({ method: 'POST', path: '/api/v2/x', body: { a: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 201, serverAccepted: true, method: 'POST', path: '/api/v2/x' });
  });

  it.each([
    [{ method: 'GET', path: 'https://evil.example/api' }, 'path'],
    [{ method: 'GET', path: '//evil.example/api' }, 'path'],
    [{ method: 'GET', path: '/api/v2/../../x' }, 'path'],
    [{ method: 'GET', path: '/api/v2/flags/{projectKey}/{flagKey}' }, 'params.flagKey'],
    [{ method: 'TRACE', path: '/api/v2/x' }, 'method'],
    [{ method: 'GET', path: '/api/v2/x', headers: { authorization: 'other' } }, 'headers.Authorization'],
    [{ method: 'GET', path: '/api/v2/x', headers: new Headers({ authorization: 'other' }) }, 'headers.Authorization'],
    // fetch refuses a GET body as a ConnectionError while node:http sends it: refused on both.
    [{ method: 'GET', path: '/api/v2/x', body: { a: 1 } }, 'body'],
    // Serialises to nothing: it was sent as an empty JSON request.
    [{ method: 'POST', path: '/api/v2/x', body: () => 1 }, 'body'],
    [{ method: 'POST', path: '/api/v2/x', body: Symbol('x') }, 'body'],
    [{ method: 'GET', path: '/api/v2/x', query: { limit: NaN } }, 'query.limit'],
    [{ method: 'GET', path: '/api/v2/x', query: { offset: [1, Infinity] } }, 'query.offset'],
    [{ method: 'GET', path: '/api/v2/x', query: ['env=production'] }, 'query'],
  ])('refuses %j before sending', async (request, field) => {
    const error = await client()
      .request(request as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it('refuses a missing projectKey when the client has no default', async () => {
    const noDefaults = new LaunchDarklyExperiments({ apiKey: KEY });
    const error = await noDefaults
      .request({ method: 'GET', path: '/api/v2/flags/{projectKey}' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'params.projectKey' });
  });

  it('reads a query given as URLSearchParams or Map instead of dropping it', async () => {
    nock(BASE)
      .get('/api/v2/x')
      .query({ env: 'production', tag: ['a', 'b'] })
      .times(2)
      .reply(200, {});
    await client().request({
      method: 'GET',
      path: '/api/v2/x',
      query: new URLSearchParams('env=production&tag=a&tag=b') as never,
    });
    await client().request({
      method: 'GET',
      path: '/api/v2/x',
      query: new Map<string, unknown>([
        ['env', 'production'],
        ['tag', ['a', 'b']],
      ]) as never,
    });
  });
});
