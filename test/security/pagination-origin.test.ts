/**
 * Pagination never takes the API key to another origin. PostHog follows `next` links only on the configured
 * origin (another port, host name, scheme, userinfo trick or protocol-relative link throws ValidationError
 * before any request); LaunchDarkly pages by offset and never follows `_links.next` at all. Checked with two
 * real loopback servers: the "other" one must receive nothing.
 */
import { LaunchDarklyExperiments, PostHogExperiments, ValidationError } from '../../src';
import { exampleResponse, json, startServer, type LocalServer } from './local-server';

let home: LocalServer;
let other: LocalServer;
let nextLink: (home: LocalServer) => string = () => '';

const phItem = () => exampleResponse('experiments_list').results[0];
const ldItem = () => exampleResponse('getExperiment');

beforeAll(async () => {
  other = await startServer((req, res) => json(res, 200, { count: 0, next: null, previous: null, results: [] }));
  home = await startServer((req, res) => {
    const url = new URL(req.url, home.url);
    if (url.pathname.startsWith('/api/projects/')) {
      const page = url.searchParams.get('page');
      // Page 1 links to `nextLink`; the same-origin page 2 ends the list.
      return json(res, 200, {
        count: 2,
        next: page === '2' ? null : nextLink(home),
        previous: null,
        results: [{ ...phItem(), id: page === '2' ? 2 : 1 }],
      });
    }
    // LaunchDarkly list: one item per page, a total of 3, and a `next` link to the other server.
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return json(res, 200, {
      items: [{ ...ldItem(), key: `exp-${offset}` }],
      total_count: 3,
      _links: { next: { href: `${other.url}/api/v2/steal?offset=${offset + 1}`, type: 'application/json' } },
    });
  });
});
afterAll(async () => {
  await home.close();
  await other.close();
});
beforeEach(() => {
  home.requests.length = 0;
  other.requests.length = 0;
});

const ph = () =>
  new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1, host: home.url, maxRetries: 0 });

describe('PostHog `next` links', () => {
  const foreign: Array<[string, (h: LocalServer) => string]> = [
    ['another port', () => `${other.url}/api/projects/1/experiments/?page=2`],
    [
      'another host name (localhost for 127.0.0.1)',
      (h) => `http://localhost:${h.port}/api/projects/1/experiments/?page=2`,
    ],
    ['another scheme (https)', (h) => `https://127.0.0.1:${h.port}/api/projects/1/experiments/?page=2`],
    [
      'a userinfo trick',
      (h) => `http://127.0.0.1:${h.port}@localhost:${other.port}/api/projects/1/experiments/?page=2`,
    ],
    ['a protocol-relative link', () => `//localhost:${other.port}/api/projects/1/experiments/?page=2`],
    ['a backslash trick', () => `/\\localhost:${other.port}/api/projects/1/experiments/?page=2`],
  ];

  it.each(foreign)('to %s: iteration throws ValidationError and nothing else is requested', async (_label, link) => {
    nextLink = link;
    const seen: number[] = [];
    const iterate = async () => {
      for await (const experiment of ph().experiments.list()) seen.push(experiment.id);
    };
    await expect(iterate()).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toEqual([1]);
    expect(home.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    // .pages() and .toArray() use the same guard.
    await expect(ph().experiments.list().toArray({ max: 10 })).rejects.toBeInstanceOf(ValidationError);
    expect(other.requests).toHaveLength(0);
  });

  it.each([
    ['a relative link', () => '/api/projects/1/experiments/?page=2'],
    ['an absolute link on the same origin', (h: LocalServer) => `${h.url}/api/projects/1/experiments/?page=2`],
  ])('%s is followed (control)', async (_label, link) => {
    nextLink = link;
    const ids: number[] = [];
    for await (const experiment of ph().experiments.list()) ids.push(experiment.id);
    expect(ids).toEqual([1, 2]);
    expect(home.requests.map((r) => r.url)).toEqual([
      '/api/projects/1/experiments/',
      '/api/projects/1/experiments/?page=2',
    ]);
    expect(home.requests.every((r) => r.headers.authorization === 'Bearer phx_0123456789abcdef')).toBe(true);
  });
});

describe('LaunchDarkly pagination', () => {
  it('pages by offset on the configured origin and ignores `_links.next` to another origin', async () => {
    const ld = new LaunchDarklyExperiments({
      apiKey: 'api-0123456789abcdef',
      baseUrl: home.url,
      projectKey: 'default',
      environmentKey: 'production',
      maxRetries: 0,
    });
    const keys: string[] = [];
    for await (const experiment of ld.getExperiments({ limit: 1 })) keys.push(experiment.key);
    expect(keys).toEqual(['exp-0', 'exp-1', 'exp-2']);
    expect(home.requests.map((r) => new URL(r.url, home.url).searchParams.get('offset'))).toEqual(['0', '1', '2']);
    expect(other.requests).toHaveLength(0);
  });
});
