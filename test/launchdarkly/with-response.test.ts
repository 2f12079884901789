/** `.withResponse()` on LaunchDarkly calls: the data with its status, headers, URL and request id. */
import nock from 'nock';
import { LaunchDarklyExperiments, ResponseParseError } from '../../src';
import { specExample } from '../helpers/spec';
import { useNock } from '../helpers/nock';
import { ITERATION } from './fixtures';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-SECRET-7f3a9c1e5b';
const ENV = '/api/v2/projects/proj/environments/prod';
const client = () => new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'proj', environmentKey: 'prod' });
const ld = () => nock(BASE, { reqheaders: { authorization: KEY } });
const experiment = (key: string) => ({ ...specExample('ExperimentCollection').items[0], key });
const RATE = { 'X-Ratelimit-Route-Remaining': '41', 'X-Ratelimit-Reset': '1767225600000' };

useNock();

describe('withResponse', () => {
  it('gives the experiment with its status, lower-cased frozen headers, URL and X-Request-Id', async () => {
    ld()
      .get(`${ENV}/experiments/e`)
      .reply(200, experiment('e'), { ...RATE, 'X-Request-Id': 'req-123', 'Content-Type': 'application/json' });
    const { data, response, requestId } = await client().getExperiment({ experimentKey: 'e' }).withResponse();
    expect(data.key).toBe('e');
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${BASE}${ENV}/experiments/e`);
    expect(response.headers['x-ratelimit-route-remaining']).toBe('41');
    expect(response.headers['x-ratelimit-reset']).toBe('1767225600000');
    expect(requestId).toBe('req-123');
    expect(Object.isFrozen(response.headers)).toBe(true);
    expect(Object.isFrozen(response)).toBe(true);
  });

  it('plain await is unchanged and sends one request', async () => {
    ld().get(`${ENV}/experiments/e`).once().reply(200, experiment('e'));
    const call = client().getExperiment({ experimentKey: 'e' });
    const data = await call;
    expect(data.key).toBe('e');
    expect((await call.withResponse()).data).toBe(data);
  });

  it('requestId is undefined when the server sends none', async () => {
    ld().get(`${ENV}/experiments/e`).reply(200, experiment('e'));
    expect((await client().getExperiment({ experimentKey: 'e' }).withResponse()).requestId).toBeUndefined();
  });

  it('headers never carry the request Authorization, and secrets echoed in response headers are redacted', async () => {
    ld()
      .get(`${ENV}/experiments/e`)
      .reply(200, experiment('e'), { 'Set-Cookie': 'session=abc', 'X-Echo': `token ${KEY}` });
    const { response } = await client().getExperiment({ experimentKey: 'e' }).withResponse();
    expect(response.headers.authorization).toBeUndefined();
    expect(response.headers['set-cookie']).toBe('[REDACTED]');
    expect(response.headers['x-echo']).toBe('token [REDACTED]');
    expect(JSON.stringify(response)).not.toContain(KEY);
  });

  it('writes and 204s have a response too', async () => {
    ld().patch(`${ENV}/experiments/e`).reply(200, experiment('e'), { 'X-Request-Id': 'w1' });
    const patched = await client().archiveExperiment('e').withResponse();
    expect(patched).toMatchObject({ data: { key: 'e' }, response: { status: 200 }, requestId: 'w1' });
    nock(BASE).delete('/api/v2/flags/proj/flag/experiments/prod/metric/results').reply(204);
    const reset = await client().resetExperiment({ featureFlagKey: 'flag', metricKey: 'metric' }).withResponse();
    expect(reset.data).toBeUndefined();
    expect(reset.response.status).toBe(204);
  });

  it('an input error rejects withResponse too, before any request', async () => {
    await expect(client().getExperiment({ experimentKey: '..' }).withResponse()).rejects.toThrow(/experimentKey/);
  });

  it('list: withResponse gives the first page; pagesWithResponse gives each page with its own headers', async () => {
    const page = (keys: string[]) => ({ items: keys.map(experiment), total_count: 3, _links: {} });
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '0' })
      .reply(200, page(['a', 'b']), { 'X-Request-Id': 'p1' });
    const list = client().getExperiments({ limit: 2 });
    const first = await list.withResponse();
    expect(first.data.items.map((e) => e.key)).toEqual(['a', 'b']);
    expect(first.requestId).toBe('p1');
    expect((await list).items.map((e) => e.key)).toEqual(['a', 'b']);

    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '0' })
      .reply(200, page(['a', 'b']), { 'X-Ratelimit-Route-Remaining': '9' })
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '2' })
      .reply(200, page(['c']), { 'X-Ratelimit-Route-Remaining': '8' });
    const seen: string[] = [];
    for await (const { data, response } of client().getExperiments({ limit: 2 }).pagesWithResponse()) {
      seen.push(`${data.items.map((e) => e.key).join('')}:${response.headers['x-ratelimit-route-remaining']}`);
    }
    expect(seen).toEqual(['ab:9', 'c:8']);
  });
});

describe('2xx bodies that cannot be read', () => {
  it('a non-JSON 2xx on a write says the server accepted it, with status and headers', async () => {
    ld()
      .post(`${ENV}/experiments`)
      .reply(201, '<html>proxy</html>', { 'Content-Type': 'text/html', 'X-Request-Id': 'c1' });
    const error = await client()
      .createExperiment({
        experiment: {
          key: 'k',
          name: 'n',
          iteration: ITERATION,
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 201, serverAccepted: true, method: 'POST' });
    expect((error as ResponseParseError).headers['x-request-id']).toBe('c1');
    expect((error as Error).message).toMatch(
      /accepted the request \(status 201\).*not valid JSON.*before repeating it/,
    );
    expect(JSON.stringify(error)).toContain('"serverAccepted":true');
  });
});
