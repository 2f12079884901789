import nock from 'nock';
import nodeFetch from 'node-fetch';
import { LaunchDarklyExperiments, NotFoundError, instructions } from '../../src';
import { specExample } from '../helpers/spec';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-node-fetch-key-1234';
const ENV = '/api/v2/projects/p/environments/e';

// node-fetch v2 has its own Response/Headers classes; the transport must only duck-type them.
const ld = new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'p', environmentKey: 'e', fetch: nodeFetch as any });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('LaunchDarklyExperiments with node-fetch v2 as the transport', () => {
  it('sends the semantic patch and parses the result', async () => {
    nock(BASE, {
      reqheaders: { authorization: KEY, 'content-type': 'application/json; domain-model=launchdarkly.semanticpatch' },
    })
      .patch(`${ENV}/experiments/x`, { instructions: [{ kind: 'archiveExperiment' }] })
      .reply(200, specExample('RunningExperiment'));
    const experiment = await ld.patch('x', [instructions.archiveExperiment()]);
    expect(experiment._links.self.href).toContain('/experiments/checkout-button');
  });

  it('retries a 429 and maps errors', async () => {
    nock(BASE).get(`${ENV}/experiments/x`).reply(429, { code: 'rate_limited', message: 'x' }, { 'Retry-After': '0' });
    nock(BASE).get(`${ENV}/experiments/x`).reply(404, { code: 'not_found', message: 'nope', id: 'r-2' });
    const error = await ld.getExperiment({ experimentKey: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.errorId).toBe('r-2');
  });

  it('iterates pages', async () => {
    const page = (keys: string[]) => ({
      items: keys.map((key) => ({ ...specExample('ExperimentCollection').items[0], key })),
      total_count: 3,
    });
    nock(BASE)
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '0' })
      .reply(200, page(['a', 'b']));
    nock(BASE)
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '2' })
      .reply(200, page(['c']));
    expect((await ld.getExperiments({ limit: 2 }).toArray({ max: 10 })).map((e) => e.key)).toEqual(['a', 'b', 'c']);
  });
});
