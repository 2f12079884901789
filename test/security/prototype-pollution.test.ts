/**
 * Response JSON with `__proto__` and `constructor.prototype` keys (top level, nested in list items and in
 * error bodies) cannot pollute prototypes: after every call through both clients `({}).polluted` is undefined
 * and Object/Array/Function prototypes are unchanged. Bodies are sent as raw text by a loopback server, so
 * the keys arrive exactly as an attacker would write them.
 */
import { ApiError, LaunchDarklyExperiments, PostHogExperiments } from '../../src';
import { exampleResponse, json, startServer, type LocalServer } from './local-server';

const POISON = '"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}';

/**
 * The JSON text of `value` with the poison keys at the top level and in every object of `items`, `results` and
 * `treatments` arrays; in a `flags` map (values must be flag objects) `__proto__` maps to a poisoned copy of the
 * first flag.
 */
function poisoned(value: unknown): string {
  // Flag maps only appear in LaunchDarkly experiments, whose example provides a valid flag object.
  const flags = exampleResponse('getExperiment').currentIteration.flags as Record<string, object>;
  const flag = JSON.stringify({ ...Object.values(flags)[0], polluted: 'yes' });
  return `{${POISON},${JSON.stringify(value).slice(1)}`
    .replace(/"(items|results|treatments)":\[\{/g, `"$1":[{${POISON},`)
    .replace(/"flags":\{/g, `"flags":{"__proto__":${flag},`);
}

let server: LocalServer;
let respond: (url: string) => { status: number; body: string } = () => ({ status: 200, body: '{}' });

beforeAll(async () => {
  server = await startServer((req, res) => {
    const { status, body } = respond(req.url);
    json(res, status, body);
  });
});
afterAll(() => server.close());

const snapshot = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  fn: Object.getOwnPropertyNames(Function.prototype).sort(),
});
const before = snapshot();

function expectClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(snapshot()).toEqual(before);
}

const ld = () =>
  new LaunchDarklyExperiments({
    apiKey: 'api-0123456789abcdef',
    baseUrl: server.url,
    projectKey: 'default',
    environmentKey: 'production',
    maxRetries: 0,
  });
const ph = () =>
  new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1, host: server.url, maxRetries: 0 });

const ERROR_BODY = `{${POISON},"code":"invalid_request","message":"bad","nested":{${POISON}},"items":[{${POISON}}]}`;

describe('LaunchDarkly', () => {
  it('a poisoned experiment (top level, flags map, treatments) parses without polluting', async () => {
    respond = () => ({ status: 200, body: poisoned(exampleResponse('getExperiment')) });
    const experiment = await ld().getExperiment({ experimentKey: 'checkout-button', expand: ['treatments'] });
    expect(experiment.key).toBe('checkout-button');
    expect(Object.getPrototypeOf(experiment)).toBe(Object.prototype);
    // The map is rebuilt by the generated mapValues: `__proto__` must stay an own data key, not become the
    // map's prototype.
    const flags = experiment.currentIteration?.flags as Record<string, unknown>;
    expect(Object.getPrototypeOf(flags)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(flags, '__proto__')).toBe(true);
    expect(Object.keys(flags)).toContain('__proto__');
    expectClean();
  });

  it('poisoned list items, iterated with for await', async () => {
    respond = () => ({
      status: 200,
      body: poisoned({
        items: [exampleResponse('getExperiment'), exampleResponse('getExperiment')],
        total_count: 2,
        _links: {},
      }),
    });
    const keys: string[] = [];
    for await (const experiment of ld().getExperiments()) keys.push(experiment.key);
    expect(keys).toHaveLength(2);
    expectClean();
  });

  it.each([400, 404, 409, 429, 500])('a poisoned %i error body', async (status) => {
    respond = () => ({ status, body: ERROR_BODY });
    const error = await ld()
      .getExperiment({ experimentKey: 'x' }, { maxRetries: 0 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    expectClean();
  });
});

describe('PostHog', () => {
  it('a poisoned experiment parses without polluting', async () => {
    respond = () => ({ status: 200, body: poisoned(exampleResponse('experiments_retrieve')) });
    const experiment = await ph().experiments.retrieve(1);
    expect(experiment.id).toBeDefined();
    expectClean();
  });

  it('poisoned list results, iterated with for await', async () => {
    respond = () => ({ status: 200, body: poisoned({ ...exampleResponse('experiments_list'), next: null }) });
    let n = 0;
    for await (const experiment of ph().experiments.list()) n += experiment.id ? 1 : 0;
    expect(n).toBeGreaterThan(0);
    expectClean();
  });

  it.each([400, 403, 404, 409, 429, 500])('a poisoned %i error body', async (status) => {
    respond = () => ({ status, body: ERROR_BODY });
    const error = await ph()
      .experiments.retrieve(1, { maxRetries: 0 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ApiError);
    expectClean();
  });
});

// Regression test for a fixed bug (src/core/redact.ts `redactValue`, `out[redactString(key)] = ...` on a plain `{}`): the error-body copy
// assigns an own `__proto__` key through the `__proto__` setter, so `error.body` loses that entry and gets the
// attacker's object as its prototype: `error.body.isAdmin === true`, `error.body.nested.polluted === 'yes'`
// (inherited), and `Object.getPrototypeOf(error.body) !== Object.prototype`. Global prototypes stay clean (tests
// above), but code reading `error.body.someFlag` sees attacker data that is not in the body's own keys.
// Expected: `__proto__` kept as an own data key (Object.defineProperty or a null-prototype copy), plain prototype.
//
it.each([
  ['LaunchDarkly', () => ld().getExperiment({ experimentKey: 'x' })],
  ['PostHog', () => ph().experiments.retrieve(1)],
] as const)('%s: error.body keeps `__proto__` as data and a plain prototype', async (_name, call) => {
  respond = () => ({ status: 400, body: ERROR_BODY });
  const error = (await (call as () => Promise<unknown>)().then(
    () => undefined,
    (e: unknown) => e,
  )) as ApiError;
  const body = error.body as Record<string, unknown>;
  expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  expect(Object.prototype.hasOwnProperty.call(body, '__proto__')).toBe(true);
  expect(body.isAdmin).toBeUndefined();
  expect((body.nested as Record<string, unknown>).polluted).toBeUndefined();
});
