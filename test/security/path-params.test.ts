/**
 * Path parameters cannot change the route: whatever characters a key holds (`/`, `..`, `?`, `#`, `%`,
 * `%2e%2e`, backslashes, unicode), the request that reaches a real loopback server has exactly the route's
 * segments, each percent-encoded, and no query or fragment of the key's making. `.` and `..` (which URL
 * parsing would collapse) are refused before anything is sent. PostHog ids are numbers: anything else is refused.
 */
import { LaunchDarklyExperiments, PostHogExperiments, ValidationError } from '../../src';
import { exampleResponse, json, startServer, type LocalServer } from './local-server';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.startsWith('/api/projects/')) return json(res, 200, exampleResponse('experiments_retrieve'));
    if (req.url.includes('/experimentation-settings'))
      return json(res, 200, exampleResponse('getExperimentationSettings'));
    return json(res, 200, exampleResponse('getExperiment'));
  });
});
afterAll(() => server.close());
beforeEach(() => void (server.requests.length = 0));

const ld = () => new LaunchDarklyExperiments({ apiKey: 'api-0123456789abcdef', baseUrl: server.url, maxRetries: 0 });

const HOSTILE = [
  'a/b',
  '../admin',
  '../../../../etc/passwd',
  '..%2f..%2fadmin',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '...',
  './x',
  'x/.',
  'x?expand=treatments',
  'x#fragment',
  '%',
  '%25',
  '%00',
  'a\\..\\b',
  '..\\',
  ' x ',
  'é/😀/日本',
  '\u202eevil',
  'a;b=c',
  'a&b=c',
  '@evil.example',
  '//evil.example',
  'http://evil.example/',
];

/** Raw request target → its path segments, percent-decoded. */
const decodedSegments = (target: string) => target.split('?')[0].split('/').slice(1).map(decodeURIComponent);

describe('LaunchDarkly', () => {
  it.each(HOSTILE)('experimentKey %j reaches the server as one encoded segment of the same route', async (key) => {
    await ld().getExperiment({ projectKey: 'default', environmentKey: 'production', experimentKey: key });
    expect(server.requests).toHaveLength(1);
    const { url } = server.requests[0];
    expect(url).toBe(`/api/v2/projects/default/environments/production/experiments/${encodeURIComponent(key)}`);
    expect(decodedSegments(url)).toEqual([
      'api',
      'v2',
      'projects',
      'default',
      'environments',
      'production',
      'experiments',
      key,
    ]);
  });

  it.each(HOSTILE)('projectKey and environmentKey %j stay in their segments', async (key) => {
    await ld().getExperiment({ projectKey: key, environmentKey: key, experimentKey: 'x' });
    expect(server.requests).toHaveLength(1);
    expect(decodedSegments(server.requests[0].url)).toEqual([
      'api',
      'v2',
      'projects',
      key,
      'environments',
      key,
      'experiments',
      'x',
    ]);
  });

  it.each(HOSTILE)('legacy flag/metric keys %j stay in their segments (resetExperiment, DELETE)', async (key) => {
    await ld().resetExperiment({
      projectKey: 'default',
      environmentKey: 'production',
      featureFlagKey: key,
      metricKey: key,
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].method).toBe('DELETE');
    expect(decodedSegments(server.requests[0].url)).toEqual([
      'api',
      'v2',
      'flags',
      'default',
      key,
      'experiments',
      'production',
      key,
      'results',
    ]);
  });

  it.each(['.', '..', '', '   '])('%j is refused before anything is sent, for every path parameter', async (key) => {
    const calls = [
      () => ld().getExperiment({ projectKey: 'default', environmentKey: 'production', experimentKey: key }),
      () => ld().getExperiment({ projectKey: key, environmentKey: 'production', experimentKey: 'x' }),
      () => ld().getExperiment({ projectKey: 'default', environmentKey: key, experimentKey: 'x' }),
      () => ld().getExperimentationSettings({ projectKey: key }),
      () => ld().archiveExperiment(key, { projectKey: 'default', environmentKey: 'production' }),
      () =>
        ld().resetExperiment({
          projectKey: 'default',
          environmentKey: 'production',
          featureFlagKey: key,
          metricKey: 'm',
        }),
      () =>
        ld().getExperimentResults({
          projectKey: 'default',
          environmentKey: 'production',
          experimentKey: 'x',
          metricKey: key,
        }),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('PostHog', () => {
  const ph = (projectId: unknown = 1) =>
    new PostHogExperiments({
      apiKey: 'phx_0123456789abcdef',
      projectId: projectId as number,
      host: server.url,
      maxRetries: 0,
    });

  it('a numeric id reaches the server as its own segment', async () => {
    await ph().experiments.retrieve(42);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/projects/1/experiments/42/']);
  });

  it.each([...HOSTILE, '.', '..', '1/../2', '1?x', '1#x', '-1', '0', '1.5', 'NaN', '1e3'])(
    'id %j (not a positive integer) is refused before anything is sent',
    async (id) => {
      await expect(ph().experiments.retrieve(id as unknown as number)).rejects.toBeInstanceOf(ValidationError);
      expect(server.requests).toHaveLength(0);
    },
  );

  it.each([...HOSTILE, '.', '..', '1/../2', '0', '-1', ' 1'])(
    'projectId %j is refused when the client is built',
    (projectId) => {
      expect(() => ph(projectId)).toThrow(ValidationError);
    },
  );
});
