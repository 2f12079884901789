import nock from 'nock';
import { inspect } from 'node:util';
import {
  BadRequestError,
  ConflictError,
  ConnectionError,
  LaunchDarklyExperiments,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  ServerError,
  UnauthorizedError,
  ValidationError,
  VERSION,
  instructions,
  type RetryInfo,
} from '../../src';
import { specExample, validatorFor } from '../helpers/spec';
import { useNock } from '../helpers/nock';
import { ITERATION } from './fixtures';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-SECRET-7f3a9c1e5b';
const SEMANTIC_PATCH = 'application/json; domain-model=launchdarkly.semanticpatch';
const ENV = '/api/v2/projects/proj/environments/prod';
const patchSchema = validatorFor('#/components/schemas/ExperimentPatchInput');

const client = (extra: Partial<ConstructorParameters<typeof LaunchDarklyExperiments>[0]> = {}) =>
  new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'proj', environmentKey: 'prod', ...extra });

const ld = (headers: Record<string, string | ((v: string) => boolean)> = {}) =>
  nock(BASE, { reqheaders: { authorization: KEY, 'ld-api-version': '20240415', ...headers } });

const iteration = { ...ITERATION, randomizationUnit: 'user' };

const experimentPage = (keys: string[], total: number | undefined) => ({
  items: keys.map((key) => ({ ...specExample('ExperimentCollection').items[0], key })),
  ...(total === undefined ? {} : { total_count: total }),
  _links: {},
});

useNock();

describe('construction', () => {
  it.each([
    [{ apiKey: '' }, 'apiKey'],
    [{ apiKey: 'Bearer api-x' }, 'apiKey'],
    [{ apiKey: `${KEY}\n` }, 'apiKey'],
    [{ apiKey: 'api-abc\r\nX-Injected: 1' }, 'apiKey'],
    [{ apiKey: 'api abc' }, 'apiKey'],
    [{ apiKey: KEY, instance: 'mars' as any }, 'instance'],
    [{ apiKey: KEY, instance: 'toString' as any }, 'instance'],
    [{ apiKey: KEY, baseUrl: 'http://ld.example.com' }, 'baseUrl'],
    [{ apiKey: KEY, baseUrl: 'ftp://x' }, 'baseUrl'],
    [{ apiKey: KEY, baseUrl: 'not a url' }, 'baseUrl'],
    [{ apiKey: KEY, baseUrl: 'https://u:p@x.example' }, 'baseUrl'],
    [{ apiKey: KEY, apiVersion: '2024-04-15' }, 'apiVersion'],
  ])('refuses %j', (options, field) => {
    expect(() => new LaunchDarklyExperiments(options as any)).toThrow(ValidationError);
    try {
      new LaunchDarklyExperiments(options);
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
    }
  });

  it('picks the instance URL, allows http on loopback and trims slashes', () => {
    expect(client().baseUrl).toBe(BASE);
    expect(client({ instance: 'federal' }).baseUrl).toBe('https://app.launchdarkly.us');
    expect(client({ instance: 'eu' }).baseUrl).toBe('https://app.eu.launchdarkly.com');
    expect(client({ baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
    expect(client({ baseUrl: 'http://ld.internal', allowInsecureHttp: true }).baseUrl).toBe('http://ld.internal');
  });

  it('never shows the key in JSON or inspect output', () => {
    const c = client();
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(c)).toContain('"projectKey":"proj"');
  });
});

describe('one method per operation: the exact request', () => {
  it('getExperiments sends typed query helpers and parses the page', async () => {
    ld({ 'user-agent': `experiments-api/${VERSION} my-app/1.0` })
      .get(`${ENV}/experiments`)
      .query({
        limit: '5',
        offset: '10',
        filter: 'flagKey:f,status:running',
        expand: 'treatments,draftIteration',
        lifecycleState: 'active,archived',
      })
      .reply(200, specExample('ExperimentCollection'));
    const page = await client({ userAgent: 'my-app/1.0' }).getExperiments({
      limit: 5,
      offset: 10,
      filter: { flagKey: 'f', status: 'running' },
      expand: ['treatments', 'draftIteration', 'treatments'],
      lifecycleState: ['active', 'archived'],
    });
    expect(page.total_count).toBe(1);
    expect(page.items[0].key).toBe('checkout-button');
  });

  it('getExperimentsAnyEnv uses the project-wide path and a per-call project', async () => {
    ld()
      .get('/api/v2/projects/other/experiments')
      .query({ limit: '20', offset: '0' })
      .reply(200, specExample('ExperimentCollection'));
    const page = await client().getExperimentsAnyEnv({ projectKey: 'other' });
    expect(page.items).toHaveLength(1);
  });

  it('createExperiment posts the body', async () => {
    const experiment = { name: 'E', key: 'e', iteration };
    ld({ 'content-type': 'application/json' })
      .post(`${ENV}/experiments`, experiment)
      .reply(201, specExample('DraftExperiment'));
    const created = await client().createExperiment({ experiment });
    expect(created.currentIteration?.status).toBe('not_started');
  });

  it('getExperiment encodes keys and sends expand', async () => {
    ld()
      .get(`${ENV}/experiments/a%2Fb%3Fc%23d%25`)
      .query({ expand: 'treatments' })
      .reply(200, specExample('RunningExperiment'));
    const e = await client().getExperiment({ experimentKey: 'a/b?c#d%', expand: ['treatments'] });
    expect(e.currentIteration?.treatments?.[1]._id).toBe('7a8b9c0d-55f6-49dd-a02f-eb24acf39d06');
  });

  it("getExperiment sends expand=mutableFieldsByStatus (missing from LaunchDarkly's list, asked for by its patch text)", async () => {
    ld()
      .get(`${ENV}/experiments/e`)
      .query({ expand: 'mutableFieldsByStatus' })
      .reply(200, specExample('RunningExperiment'));
    await client().getExperiment({ experimentKey: 'e', expand: ['mutableFieldsByStatus'] });
  });

  it('patch sends the semantic-patch content type with the comment', async () => {
    let body: any;
    ld({ 'content-type': SEMANTIC_PATCH })
      .patch(`${ENV}/experiments/e`, (b) => ((body = b), true))
      .reply(200, specExample('RunningExperiment'));
    await client().patch('e', [instructions.updateName('New'), instructions.archiveExperiment()], { comment: 'tidy' });
    expect(body).toEqual({
      comment: 'tidy',
      instructions: [{ kind: 'updateName', value: 'New' }, { kind: 'archiveExperiment' }],
    });
    expect(patchSchema(body)).toBe(true);
  });

  it('createIteration, results, metric-group results, settings, legacy results and reset', async () => {
    ld({ 'content-type': 'application/json' })
      .post(`${ENV}/experiments/e/iterations`, iteration)
      .reply(200, specExample('DraftIteration'));
    // The beta-era operations send LD-API-Version: beta whatever the client's version.
    const beta = { 'ld-api-version': 'beta' };
    ld(beta)
      .get(`${ENV}/experiments/e/metrics/m/results`)
      .query({ iterationId: 'it', expand: 'traffic' })
      .reply(200, specExample('BayesianResults'));
    ld(beta).get(`${ENV}/experiments/e/metric-groups/g/results`).reply(200, { _links: {}, metrics: [] });
    ld().get('/api/v2/projects/proj/experimentation-settings').reply(200, specExample('RandomizationSettings'));
    ld({ 'content-type': 'application/json' })
      .put('/api/v2/projects/proj/experimentation-settings', {
        randomizationUnits: [{ randomizationUnit: 'user', default: true }],
      })
      .reply(200, specExample('RandomizationSettings'));
    ld(beta)
      .get('/api/v2/flags/proj/f/experiments/prod/m')
      .query({ from: '1', to: '2' })
      .reply(200, specExample('LegacyResults'));
    ld(beta).delete('/api/v2/flags/proj/f/experiments/prod/m/results').reply(204);

    const c = client();
    expect((await c.createIteration({ experimentKey: 'e', iteration }))._id).toBe('8d2e3f4a5b6c7d8e9f0a1b2c');
    const results = await c.getExperimentResults({
      experimentKey: 'e',
      metricKey: 'm',
      iterationId: 'it',
      expand: ['traffic'],
    });
    expect(results.results?.[0].treatmentResults?.[0].traffic).toBe(5120);
    expect((await c.getExperimentResultsForMetricGroup({ experimentKey: 'e', metricGroupKey: 'g' })).metrics).toEqual(
      [],
    );
    expect((await c.getExperimentationSettings()).randomizationUnits?.[0].default).toBe(true);
    await c.putExperimentationSettings({ randomizationUnits: [{ randomizationUnit: 'user', default: true }] });
    expect(
      (await c.getLegacyExperimentResults({ featureFlagKey: 'f', metricKey: 'm', from: 1, to: 2 })).stats?.chi2,
    ).toBe(12.6);
    await expect(c.resetExperiment({ featureFlagKey: 'f', metricKey: 'm' })).resolves.toBeUndefined();
  });
});

describe('lifecycle helpers send one instruction each', () => {
  const cases: Array<[string, (c: LaunchDarklyExperiments) => Promise<unknown>, object]> = [
    [
      'startIteration',
      (c) => c.startIteration('e', { changeJustification: 'go' }),
      { kind: 'startIteration', changeJustification: 'go' },
    ],
    [
      'stopIteration',
      (c) => c.stopIteration('e', { winningTreatmentId: 't', winningReason: 'r' }),
      { kind: 'stopIteration', winningTreatmentId: 't', winningReason: 'r' },
    ],
    ['archiveExperiment', (c) => c.archiveExperiment('e'), { kind: 'archiveExperiment' }],
    ['restoreExperiment', (c) => c.restoreExperiment('e', { comment: 'back' }), { kind: 'restoreExperiment' }],
    ['updateName', (c) => c.updateName('e', 'N'), { kind: 'updateName', value: 'N' }],
    ['updateDescription', (c) => c.updateDescription('e', 'D'), { kind: 'updateDescription', value: 'D' }],
    [
      'updateExperimentFields',
      (c) => c.updateExperimentFields('e', { tags: { operation: 'add', value: ['x'] } }),
      { kind: 'updateExperimentFields', value: { tags: { operation: 'add', value: ['x'] } } },
    ],
    [
      'saveAndStartNewIteration',
      (c) => c.saveAndStartNewIteration('e', { fields: { hypothesis: { operation: 'update', value: 'h2' } } }),
      { kind: 'saveAndStartNewIteration', value: { hypothesis: { operation: 'update', value: 'h2' } } },
    ],
  ];
  it.each(cases)('%s', async (_name, call, instruction) => {
    let body: any;
    ld({ 'content-type': SEMANTIC_PATCH })
      .patch(`${ENV}/experiments/e`, (b) => ((body = b), true))
      .reply(200, specExample('RunningExperiment'));
    await call(client());
    expect(body.instructions).toEqual([instruction]);
    expect(patchSchema(body)).toBe(true);
  });
});

describe('bad input fails before any request', () => {
  // nock.disableNetConnect() plus no interceptors: any request would fail with a different error.
  const c = client();
  it.each([
    ['empty instruction list', () => c.patch('e', [])],
    ['missing winner', () => c.stopIteration('e', { winningReason: 'r' } as any)],
    ['blank name', () => c.updateName('e', ' ')],
    ['dot-dot key', () => c.getExperiment({ experimentKey: '..' })],
    ['blank key', () => c.getExperiment({ experimentKey: '' })],
    [
      'no environment',
      () => new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'p' }).getExperiment({ experimentKey: 'e' }),
    ],
    ['unknown expand', () => c.getExperiment({ experimentKey: 'e', expand: ['owners' as any] })],
    ['bad filter value', () => c.getExperiments({ filter: { flagKey: 'a,b' } })],
    ['limit 0', () => c.getExperiments({ limit: 0 })],
    ['negative offset', () => c.getExperiments({ offset: -1 })],
    ['unknown lifecycleState', () => c.getExperiments({ lifecycleState: ['deleted' as any] })],
    [
      'no primary metric',
      () =>
        c.createExperiment({
          experiment: { name: 'n', key: 'k', iteration: { ...iteration, primarySingleMetricKey: undefined } },
        }),
    ],
    [
      'allocation over 100',
      () =>
        c.createIteration({
          experimentKey: 'e',
          iteration: { ...iteration, treatments: iteration.treatments.map((t) => ({ ...t, allocationPercent: '60' })) },
        }),
    ],
    [
      'numeric allocation',
      () =>
        c.createIteration({
          experimentKey: 'e',
          iteration: { ...iteration, treatments: [{ ...iteration.treatments[0], allocationPercent: 50 as any }] },
        }),
    ],
    [
      'two baselines',
      () =>
        c.createIteration({
          experimentKey: 'e',
          iteration: { ...iteration, treatments: iteration.treatments.map((t) => ({ ...t, baseline: true })) },
        }),
    ],
    ['no flags', () => c.createIteration({ experimentKey: 'e', iteration: { ...iteration, flags: {} } })],
    ['blank experiment name', () => c.createExperiment({ experiment: { name: ' ', key: 'k', iteration } })],
    [
      'two default units',
      () =>
        c.putExperimentationSettings({
          randomizationUnits: [
            { randomizationUnit: 'a', default: true },
            { randomizationUnit: 'b', default: true },
          ],
        }),
    ],
    ['empty units', () => c.putExperimentationSettings({ randomizationUnits: [] })],
    ['from after to', () => c.getLegacyExperimentResults({ featureFlagKey: 'f', metricKey: 'm', from: 5, to: 1 })],
    ['no experiment body', () => c.createExperiment({} as any)],
    ['non-string comment', () => c.patch('e', [instructions.archiveExperiment()], { comment: 5 as any })],
    ['bad per-call apiVersion', () => c.getExperiment({ experimentKey: 'e' }, { apiVersion: 'v2' })],
    // The generated serializer drops what the spec does not know, and turns a non-object into {}.
    [
      'a misspelt experiment field',
      () => c.createExperiment({ experiment: { name: 'n', key: 'k', iteration, descripton: 'x' } as any }),
    ],
    [
      'a misspelt iteration field, deep down',
      () =>
        c.createIteration({
          experimentKey: 'e',
          iteration: { ...iteration, treatments: [{ ...iteration.treatments[0], alocationPercent: '1' }] } as any,
        }),
    ],
    [
      'a metric given as its key',
      () => c.createIteration({ experimentKey: 'e', iteration: { ...iteration, metrics: ['m'] as any } }),
    ],
    [
      'a null metric',
      () => c.createIteration({ experimentKey: 'e', iteration: { ...iteration, metrics: [null] as any } }),
    ],
    [
      'a hole among the treatments',
      () =>
        c.createIteration({
          experimentKey: 'e',
          // eslint-disable-next-line no-sparse-arrays -- the point of the case
          iteration: { ...iteration, treatments: [, ...iteration.treatments] } as any,
        }),
    ],
    [
      'a flag rule given as a string',
      () => c.createIteration({ experimentKey: 'e', iteration: { ...iteration, flags: { f: 'fallthrough' } } as any }),
    ],
    [
      "default: 'false'",
      () =>
        c.putExperimentationSettings({ randomizationUnits: [{ randomizationUnit: 'user', default: 'false' as any }] }),
    ],
    [
      'a misspelt unit field',
      () => c.putExperimentationSettings({ randomizationUnits: [{ randomizationUnit: 'user', defualt: true } as any] }),
    ],
    ['null params of the legacy results', () => c.getLegacyExperimentResults(null as any)],
    ['null patch options with no instructions', () => c.patch('e', [], null as any)],
  ] as Array<[string, () => unknown]>)('%s', async (_name, call) => {
    await expect(Promise.resolve().then(() => call())).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    ['startIteration', () => c.startIteration('e', { changeJustification: ' ' })],
    ['stopIteration', () => c.stopIteration('e', { winningReason: 'r' } as any)],
    ['updateName', () => c.updateName('e', '')],
    ['updateDescription', () => c.updateDescription('e', 5 as any)],
    ['updateExperimentFields', () => c.updateExperimentFields('e', { name: { operation: 'rename' } as any })],
    ['saveAndStartNewIteration', () => c.saveAndStartNewIteration('e', { changeJustification: ' ' })],
  ] as Array<[string, () => Promise<unknown>]>)(
    '%s returns a rejected promise for bad input, never throws',
    async (_name, call) => {
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = call())).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(ValidationError);
    },
  );

  it('a list call with null params takes the defaults', () => {
    expect(() => c.getExperiments(null as any)).not.toThrow();
    expect(() => c.getExperimentsAnyEnv(null as any)).not.toThrow();
  });
});

describe('headers and per-call options', () => {
  it('sends LD-API-Version exactly once, replaced per call', async () => {
    let seen: string | string[] | undefined;
    nock(BASE)
      .get(`${ENV}/experiments/e`)
      .reply(function () {
        seen = this.req.headers['ld-api-version'];
        return [200, specExample('RunningExperiment')];
      });
    await client({ headers: { 'ld-api-version': '20191212' } }).getExperiment(
      { experimentKey: 'e' },
      { apiVersion: 'beta', headers: { 'X-Trace': '1' } },
    );
    expect(seen).toBe('beta');
  });

  it('an LD-API-Version among the client headers is the client apiVersion, sent once', async () => {
    const seen: Array<string | string[] | undefined> = [];
    nock(BASE)
      .get(`${ENV}/experiments/e`)
      .times(2)
      .reply(function () {
        seen.push(this.req.headers['ld-api-version']);
        return [200, specExample('RunningExperiment')];
      });
    await client({ headers: { 'LD-API-Version': 'beta' } }).getExperiment({ experimentKey: 'e' });
    await client({ apiVersion: '20220603', headers: { 'ld-api-version': '20220603' } }).getExperiment({
      experimentKey: 'e',
    });
    expect(seen).toEqual(['beta', '20220603']);
  });

  it.each([
    ['disagrees with apiVersion', { apiVersion: '20240415', headers: { 'ld-api-version': 'beta' } }],
    ['is not a version', { headers: { 'LD-API-Version': 'v2' } }],
  ])('refuses a client LD-API-Version header that %s', (_name, options) => {
    expect(() => client(options)).toThrow(ValidationError);
  });

  it('the beta-era operations default to beta; a per-call apiVersion still wins', async () => {
    const seen: Array<string | string[] | undefined> = [];
    nock(BASE)
      .get('/api/v2/flags/proj/f/experiments/prod/m')
      .times(4)
      .reply(function () {
        seen.push(this.req.headers['ld-api-version']);
        return [200, specExample('LegacyResults')];
      });
    const params = { featureFlagKey: 'f', metricKey: 'm' };
    await client().getLegacyExperimentResults(params);
    await client({ apiVersion: '20220603' }).getLegacyExperimentResults(params);
    await client().getLegacyExperimentResults(params, { apiVersion: '20191212' });
    // A per-call LD-API-Version header counts as the call's apiVersion, as a client one does.
    await client().getLegacyExperimentResults(params, { headers: { 'ld-api-version': '20200101' } });
    expect(seen).toEqual(['beta', 'beta', '20191212', '20200101']);
  });

  it.each([
    ['disagrees with apiVersion', { apiVersion: 'beta', headers: { 'ld-api-version': '20240415' } }],
    ['is not a version', { headers: { 'LD-API-Version': 'latest' } }],
  ])('refuses a per-call LD-API-Version header that %s, before sending', async (_name, options) => {
    const error = await client()
      .getExperiment({ experimentKey: 'e' }, options)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'apiVersion' });
  });

  it('per-call headers are merged case-insensitively over client headers', async () => {
    ld({ 'x-team': 'b' }).get(`${ENV}/experiments/e`).reply(200, specExample('RunningExperiment'));
    await client({ headers: { 'X-Team': 'a' } }).getExperiment({ experimentKey: 'e' }, { headers: { 'x-team': 'b' } });
  });
});

describe('errors and retries through the facade', () => {
  it('maps statuses to typed errors with LD code, message and id', async () => {
    ld()
      .get(`${ENV}/experiments/missing`)
      .reply(404, { code: 'not_found', message: 'Unknown experiment key', id: 'req-1' });
    const error = await client()
      .getExperiment({ experimentKey: 'missing' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', errorId: 'req-1', method: 'GET' });
    expect(error.path).toBe(`${ENV}/experiments/missing`);
  });

  it('409 on patch is a ConflictError and is not retried', async () => {
    ld().patch(`${ENV}/experiments/e`).once().reply(409, { code: 'optimistic_locking_error', message: 'Conflict' });
    await expect(client().archiveExperiment('e')).rejects.toBeInstanceOf(ConflictError);
  });

  it('a PATCH answered 500 is sent exactly once', async () => {
    const scope = ld().patch(`${ENV}/experiments/e`).times(3).reply(500, { code: 'internal', message: 'boom' });
    await expect(client().archiveExperiment('e')).rejects.toBeInstanceOf(ServerError);
    expect(scope.pendingMocks()).toHaveLength(1);
    nock.cleanAll();
  });

  it('a POST whose connection resets is sent exactly once', async () => {
    const scope = ld()
      .post(`${ENV}/experiments`)
      .times(2)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(client().createExperiment({ experiment: { name: 'E', key: 'e', iteration } })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(scope.pendingMocks()).toHaveLength(1);
    nock.cleanAll();
  });

  it('a POST answered 429 is retried after Retry-After', async () => {
    const retries: RetryInfo[] = [];
    ld().post(`${ENV}/experiments`).reply(429, { code: 'rate_limited', message: 'slow down' }, { 'Retry-After': '0' });
    ld().post(`${ENV}/experiments`).reply(201, specExample('DraftExperiment'));
    const created = await client({ onRetry: (i) => retries.push(i) }).createExperiment({
      experiment: { name: 'E', key: 'e', iteration },
    });
    expect(created.key).toBe('checkout-button');
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, status: 429, reason: 'rate_limited', method: 'POST' }),
    ]);
  });

  it('PATCH is retried on 503 only when the caller opts in', async () => {
    ld().patch(`${ENV}/experiments/e`).reply(503, { code: 'unavailable', message: 'later' });
    ld().patch(`${ENV}/experiments/e`).reply(200, specExample('RunningExperiment'));
    await expect(client().archiveExperiment('e', {}, { retryNonIdempotent: true })).resolves.toMatchObject({
      key: 'checkout-button',
    });
  });

  it('a wait above the cap throws RateLimitError carrying the wait', async () => {
    ld().get(`${ENV}/experiments/e`).reply(429, { code: 'rate_limited', message: 'x' }, { 'Retry-After': '3600' });
    const error = await client()
      .getExperiment({ experimentKey: 'e' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
  });

  it('a 2xx with malformed JSON is a ResponseParseError', async () => {
    ld().get(`${ENV}/experiments/e`).reply(200, '{"key": "e", ', { 'Content-Type': 'application/json' });
    const error = await client()
      .getExperiment({ experimentKey: 'e' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 200, method: 'GET' });
  });

  it('the key never appears in errors or logs, even when the server echoes it', async () => {
    const lines: string[] = [];
    const log = (m: string, d?: unknown) => lines.push(m + JSON.stringify(d ?? {}));
    ld()
      .get(`${ENV}/experiments/e`)
      .reply(401, { code: 'unauthorized', message: `Invalid token ${KEY}` }, { 'X-Echo': KEY });
    ld()
      .get(`${ENV}/experiments/f`)
      .reply(503, { message: `down for ${KEY}` });
    ld().get(`${ENV}/experiments/f`).reply(400, { code: 'invalid_request', message: KEY });
    const c = client({ logger: { debug: log, info: log, warn: log, error: log }, logLevel: 'debug' });
    const errors = [
      await c.getExperiment({ experimentKey: 'e' }).catch((e) => e),
      await c.getExperiment({ experimentKey: 'f' }).catch((e) => e),
    ];
    expect(errors[0]).toBeInstanceOf(UnauthorizedError);
    expect(errors[1]).toBeInstanceOf(BadRequestError);
    for (const error of errors) {
      for (const text of [
        String(error),
        error.message,
        error.stack,
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
      ]) {
        expect(text).not.toContain(KEY);
      }
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
  });
});

describe('pagination', () => {
  it('iterates every item across pages with for await and stops at total_count', async () => {
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '0' })
      .reply(200, experimentPage(['a', 'b'], 5));
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '2' })
      .reply(200, experimentPage(['c', 'd'], 5));
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '4' })
      .reply(200, experimentPage(['e'], 5));
    const keys: string[] = [];
    for await (const experiment of client().getExperiments({ limit: 2 })) keys.push(experiment.key);
    expect(keys).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('stops on an empty page when total_count is too large', async () => {
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '2', offset: '0' })
      .reply(200, experimentPage(['a', 'b'], 1000));
    ld().get(`${ENV}/experiments`).query({ limit: '2', offset: '2' }).reply(200, experimentPage([], 1000));
    const all = await client().getExperiments({ limit: 2 }).toArray({ max: 100 });
    expect(all.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('ends at a repeated page when the server ignores offset, instead of looping for ever', async () => {
    ld()
      .get(`${ENV}/experiments`)
      .query(true)
      .times(2)
      .reply(200, experimentPage(['a', 'b'], 100));
    const keys: string[] = [];
    for await (const experiment of client().getExperiments({ limit: 2 })) keys.push(experiment.key);
    expect(keys).toEqual(['a', 'b']);
  });

  it('stops on a short page when total_count is missing, and iterates the any-env list too', async () => {
    ld()
      .get('/api/v2/projects/proj/experiments')
      .query({ limit: '3', offset: '0' })
      .reply(200, experimentPage(['a', 'b', 'c'], undefined));
    ld()
      .get('/api/v2/projects/proj/experiments')
      .query({ limit: '3', offset: '3' })
      .reply(200, experimentPage(['d'], undefined));
    const keys: string[] = [];
    for await (const e of client().getExperimentsAnyEnv({ limit: 3 })) keys.push(e.key);
    expect(keys).toEqual(['a', 'b', 'c', 'd']);
  });

  it('honours an abort signal between pages', async () => {
    const controller = new AbortController();
    ld()
      .get(`${ENV}/experiments`)
      .query({ limit: '1', offset: '0' })
      .reply(200, experimentPage(['a'], 3));
    const seen: string[] = [];
    const run = async () => {
      for await (const e of client().getExperiments({ limit: 1 }, { signal: controller.signal })) {
        seen.push(e.key);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['a']);
  });
});
