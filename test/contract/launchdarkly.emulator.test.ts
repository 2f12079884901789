/**
 * Contract tests: the LaunchDarkly facade against the emulator over real HTTP on 127.0.0.1 (no nock).
 * The emulator validates every request against openapi.yaml and, with `validateResponses`, checks its own
 * answers too, so each call here is judged on both sides of the wire.
 */
import {
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  LaunchDarklyExperiments,
  NotFoundError,
  ResponseParseError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  instructions,
  type ExperimentPost,
  type IterationInput,
  type RetryInfo,
} from 'experiments-api';
import {
  LD_FIXTURE_KEYS as K,
  sampleExperimentPost,
  startEmulator,
  type RecordedRequest,
  type RunningEmulator,
} from 'experiments-api/emulator';

const EXPERIMENTS = `/api/v2/projects/${K.projectKey}/environments/${K.environments.production}/experiments`;
/** Experiments seeded in the `test` environment for the pagination test (nothing else uses that environment). */
const PAGED = 47;

let emulator: RunningEmulator;

/** A fresh client (own throttle gate, so a rate-limit test cannot slow the next one down). */
function client(options: Partial<ConstructorParameters<typeof LaunchDarklyExperiments>[0]> = {}) {
  return new LaunchDarklyExperiments({
    apiKey: K.apiKey,
    baseUrl: emulator.url,
    projectKey: K.projectKey,
    environmentKey: K.environments.production,
    ...options,
  });
}

/** Requests the emulator received for one method + path since `from` (an index into `emulator.requests`). */
function received(method: string, path: string, from = 0): RecordedRequest[] {
  return emulator.requests.slice(from).filter((r) => r.method === method && r.path === path);
}

/** A typed first iteration on the on flag: control vs above-the-fold, measuring a metric and the funnel group. */
function iteration(overrides: Partial<IterationInput> = {}): IterationInput {
  return {
    hypothesis: 'Moving the button above the fold increases checkouts',
    canReshuffleTraffic: true,
    metrics: [
      { key: K.metrics.conversion, isGroup: false },
      { key: K.metrics.numeric },
      { key: K.metricGroup, isGroup: true },
    ],
    primarySingleMetricKey: K.metrics.conversion,
    randomizationUnit: K.randomizationUnits.default,
    flags: { [K.flags.on]: { ruleId: 'fallthrough', flagConfigVersion: 12 } },
    treatments: [
      {
        name: 'Below the fold',
        baseline: true,
        allocationPercent: '50',
        parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
      },
      {
        name: 'Above the fold',
        baseline: false,
        allocationPercent: '50',
        parameters: [{ flagKey: K.flags.on, variationId: K.variations.aboveTheFold }],
      },
    ],
    ...overrides,
  };
}

function experiment(key: string, overrides: Partial<ExperimentPost> = {}): ExperimentPost {
  return { key, name: `Experiment ${key}`, description: 'Contract test', iteration: iteration(), ...overrides };
}

/** Awaits a promise that must reject, and returns the error for assertions. */
async function failure(promise: PromiseLike<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  emulator = await startEmulator({
    validateResponses: true,
    seed: {
      experiments: Array.from({ length: PAGED }, (_, i) => ({
        environmentKey: K.environments.test,
        body: sampleExperimentPost(`paged-${String(i).padStart(2, '0')}`),
      })),
    },
  });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.configure({ rateLimit: null });
});

describe('experiment lifecycle through every operation and helper', () => {
  const key = 'contract-lifecycle';

  it('create → createIteration → startIteration → results → stop with a winner', async () => {
    const ld = client();
    const created = await ld.createExperiment({ experiment: experiment(key) });
    expect(created).toMatchObject({ key, name: `Experiment ${key}`, description: 'Contract test' });
    expect(created.currentIteration?.status).toBe('not_started');
    expect(created._creationDate).toEqual(expect.any(Number));

    // createIteration replaces the pending draft (LaunchDarkly deprecates it; it still works).
    const draft = await ld.createIteration({
      experimentKey: key,
      iteration: iteration({ hypothesis: 'Above the fold wins, second draft' }),
    });
    expect(draft).toMatchObject({ status: 'not_started', hypothesis: 'Above the fold wins, second draft' });
    expect(draft._id).toEqual(expect.any(String));

    const started = await ld.startIteration(key, { comment: 'Ready for traffic' });
    expect(started.currentIteration).toMatchObject({ _id: draft._id, status: 'running' });
    expect(started.currentIteration?.startedAt).toEqual(expect.any(Number));
    const patch = received('PATCH', `${EXPERIMENTS}/${key}`).pop()!;
    expect(patch.headers['content-type']).toBe('application/json; domain-model=launchdarkly.semanticpatch');
    expect(patch.body).toEqual({ comment: 'Ready for traffic', instructions: [{ kind: 'startIteration' }] });

    const single = await ld.getExperimentResults({
      experimentKey: key,
      metricKey: K.metrics.conversion,
      expand: ['traffic'],
    });
    const arms = single.results?.[0]?.treatmentResults ?? [];
    expect(arms.map((a) => a.treatmentName).sort()).toEqual(['Above the fold', 'Below the fold']);
    for (const arm of arms) {
      expect(arm.mean).toEqual(expect.any(Number));
      expect(arm.credibleInterval?.lower).toBeLessThanOrEqual(arm.credibleInterval?.upper ?? -1);
      expect(arm.pBest).toBeGreaterThanOrEqual(0);
    }
    // Results are derived from seeds, not from the clock: the same request gives the same body.
    expect(
      await ld.getExperimentResults({ experimentKey: key, metricKey: K.metrics.conversion, expand: ['traffic'] }),
    ).toEqual(single);
    const byIteration = await ld.getExperimentResults({
      experimentKey: key,
      metricKey: K.metrics.numeric,
      iterationId: draft._id,
    });
    expect(byIteration.results?.[0]?.treatmentResults).toHaveLength(2);

    const group = await ld.getExperimentResultsForMetricGroup({ experimentKey: key, metricGroupKey: K.metricGroup });
    expect(group.metrics.map((m) => m.metric.key)).toEqual([K.metrics.cartViewed, K.metrics.conversion]);
    for (const step of group.metrics) expect(step.results.results?.[0]?.treatmentResults).toHaveLength(2);

    const current = await ld.getExperiment({ experimentKey: key, expand: ['treatments'] });
    const winner = current.currentIteration?.treatments?.find((t) => t.name === 'Above the fold');
    expect(winner?._id).toBe(K.variations.aboveTheFold);
    const stopped = await ld.stopIteration(key, {
      winningTreatmentId: winner!._id!,
      winningReason: 'Clear lift in checkouts',
    });
    expect(stopped.currentIteration).toMatchObject({
      status: 'stopped',
      winningTreatmentId: K.variations.aboveTheFold,
      winningReason: 'Clear lift in checkouts',
    });
  });

  it('saveAndStartNewIteration → field, name and description edits → patch with several instructions', async () => {
    const ld = client();
    const before = await ld.getExperiment({ experimentKey: key });
    const restarted = await ld.saveAndStartNewIteration(key, {
      fields: { hypothesis: { operation: 'update', value: 'Second run with the same split' } },
      comment: 'Re-run',
    });
    expect(restarted.currentIteration?.status).toBe('running');
    expect(restarted.currentIteration?._id).not.toBe(before.currentIteration?._id);
    expect(restarted.currentIteration?.hypothesis).toBe('Second run with the same split');
    const withHistory = await ld.getExperiment({ experimentKey: key, expand: ['previousIterations'] });
    expect(withHistory.previousIterations?.map((i) => i.status)).toContain('stopped');

    const edited = await ld.updateExperimentFields(key, {
      description: { operation: 'update', value: 'Edited through updateExperimentFields' },
      tags: { operation: 'add', value: ['checkout', 'contract'] },
    });
    expect(edited.description).toBe('Edited through updateExperimentFields');
    expect(edited.tags).toEqual(expect.arrayContaining(['checkout', 'contract']));
    expect(edited.mutableFieldsByStatus?.running).toBeDefined();
    // `remove` with a value drops just those tags.
    const untagged = await ld.updateExperimentFields(key, { tags: { operation: 'remove', value: ['contract'] } });
    expect(untagged.tags).toContain('checkout');
    expect(untagged.tags).not.toContain('contract');

    expect((await ld.updateName(key, 'Checkout CTA placement')).name).toBe('Checkout CTA placement');
    expect((await ld.updateDescription(key, 'Where the button goes')).description).toBe('Where the button goes');

    // Several instructions applied atomically, through both spellings of the raw call.
    const both = await ld.patch(key, [instructions.updateName('Checkout CTA'), instructions.updateDescription('v3')], {
      comment: 'Two at once',
    });
    expect(both).toMatchObject({ name: 'Checkout CTA', description: 'v3' });
    const raw = await ld.patchExperiment({
      experimentKey: key,
      instructions: [instructions.updateDescription('v4')],
      comment: 'patchExperiment',
    });
    expect(raw.description).toBe('v4');
    expect(received('PATCH', `${EXPERIMENTS}/${key}`).pop()?.body).toEqual({
      comment: 'patchExperiment',
      instructions: [{ kind: 'updateDescription', value: 'v4' }],
    });
  });

  it('archive → lists by lifecycleState, filter and expand → restore', async () => {
    const ld = client();
    const running = await ld.getExperiment({ experimentKey: key });
    await ld.stopIteration(key, { winningTreatmentId: K.variations.control, winningReason: 'Done' });
    const archived = await ld.archiveExperiment(key, { comment: 'Finished' });
    expect(archived.archivedDate).toEqual(expect.any(Number));
    expect(running.archivedDate).toBeUndefined();

    const keys = async (list: AsyncIterable<{ key: string }>) => {
      const out: string[] = [];
      for await (const e of list) out.push(e.key);
      return out;
    };
    expect(await keys(ld.getExperiments({ limit: 50 }))).not.toContain(key);
    expect(await keys(ld.getExperiments({ lifecycleState: ['archived'] }))).toContain(key);
    expect(await keys(ld.getExperiments({ lifecycleState: ['active', 'archived'] }))).toContain(key);
    expect(await keys(ld.getExperimentsAnyEnv({ lifecycleState: ['archived'] }))).toEqual([key]);
    expect(received('GET', EXPERIMENTS).pop()?.query).toMatchObject({ lifecycleState: 'active,archived' });

    const filtered = await ld.getExperiments({
      lifecycleState: ['archived'],
      filter: { flagKey: K.flags.on, metricKey: K.metrics.cartViewed, status: 'stopped' },
      expand: ['treatments', 'previousIterations', 'secondaryMetrics'],
    });
    expect(filtered.items?.map((e) => e.key)).toEqual([key]);
    expect(filtered.items?.[0].previousIterations?.length).toBeGreaterThan(0);
    expect(filtered.items?.[0].currentIteration?.treatments).toHaveLength(2);
    const query = received('GET', EXPERIMENTS).pop()?.query;
    expect(query?.filter).toBe(`flagKey:${K.flags.on},metricKey:${K.metrics.cartViewed},status:stopped`);
    expect(String(query?.expand).split(',').sort()).toEqual(['previousIterations', 'secondaryMetrics', 'treatments']);
    const none = await ld.getExperiments({ lifecycleState: ['archived'], filter: { flagKey: K.flags.off } });
    expect(none.items).toEqual([]);
    expect(none.total_count).toBe(0);

    const restored = await ld.restoreExperiment(key, { comment: 'Back' });
    expect(restored.archivedDate).toBeUndefined();
    expect(await keys(ld.getExperiments({ filter: { status: 'stopped' } }))).toContain(key);
  });
});

describe('experimentation settings', () => {
  it('reads the units, replaces the list and puts it back', async () => {
    const ld = client();
    const settings = await ld.getExperimentationSettings();
    const units = (settings.randomizationUnits ?? []).map((u) => ({
      randomizationUnit: u.randomizationUnit!,
      default: u.default,
    }));
    expect(units).toEqual([
      { randomizationUnit: 'user', default: true },
      { randomizationUnit: 'organization', default: false },
    ]);
    const updated = await ld.putExperimentationSettings({
      randomizationUnits: [...units, { randomizationUnit: 'device', default: false }],
    });
    expect(updated.randomizationUnits?.map((u) => u.randomizationUnit)).toEqual(['user', 'organization', 'device']);
    expect((await ld.getExperimentationSettings({ projectKey: K.projectKey })).randomizationUnits).toHaveLength(3);
    expect(received('PUT', `/api/v2/projects/${K.projectKey}/experimentation-settings`).pop()?.body).toEqual({
      randomizationUnits: [...units, { randomizationUnit: 'device', default: false }],
    });
    await ld.putExperimentationSettings({ randomizationUnits: units });
  });
});

describe('legacy flag-scoped results', () => {
  it('reads a window of daily buckets, resets the data, and reads zeros', async () => {
    const ld = client();
    const params = { featureFlagKey: K.flags.on, metricKey: K.metrics.conversion };
    const all = await ld.getLegacyExperimentResults(params);
    expect(all.series).toHaveLength(14);
    const from = all.series![2].Time!;
    const to = all.series![4].Time!;
    const window = await ld.getLegacyExperimentResults({ ...params, from, to });
    expect(window.series?.map((s) => s.Time)).toEqual([from, all.series![3].Time, to]);
    expect(window.series?.[0].VariationData?.some((v) => (v.count ?? 0) > 0)).toBe(true);

    await expect(ld.resetExperiment(params)).resolves.toBeUndefined();
    const last = received(
      'DELETE',
      `/api/v2/flags/${K.projectKey}/${K.flags.on}/experiments/${K.environments.production}/${K.metrics.conversion}/results`,
    );
    expect(last.map((r) => r.status)).toEqual([204]);
    const zeroed = await ld.getLegacyExperimentResults(params);
    expect(zeroed.series?.every((s) => s.VariationData?.every((v) => v.count === 0))).toBe(true);
  });
});

describe('pagination', () => {
  it(`walks ${PAGED} experiments 10 at a time with for await, and total_count is exact`, async () => {
    const ld = client();
    const start = emulator.requests.length;
    const pages = ld.getExperiments({ environmentKey: K.environments.test, limit: 10 });
    const first = await pages;
    expect(first.total_count).toBe(PAGED);
    expect(first.items).toHaveLength(10);

    const keys: string[] = [];
    for await (const e of ld.getExperiments({ environmentKey: K.environments.test, limit: 10 })) keys.push(e.key);
    expect(keys).toHaveLength(PAGED);
    expect(new Set(keys).size).toBe(PAGED);
    const path = `/api/v2/projects/${K.projectKey}/environments/${K.environments.test}/experiments`;
    const gets = received('GET', path, start);
    // One request for the awaited page, then ceil(47 / 10) = 5 for the walk, with increasing offsets.
    expect(gets.map((r) => [r.query.limit, r.query.offset ?? '0'])).toEqual([
      ['10', '0'],
      ['10', '0'],
      ['10', '10'],
      ['10', '20'],
      ['10', '30'],
      ['10', '40'],
    ]);

    // Across environments: every active experiment of the project, page by page from an offset.
    const any = await ld.getExperimentsAnyEnv({ limit: 10, offset: 5 });
    let count = 0;
    for await (const _ of ld.getExperimentsAnyEnv({ limit: 10, offset: 5 })) count += 1;
    expect(any.total_count).toBeGreaterThanOrEqual(PAGED);
    expect(count).toBe(any.total_count! - 5);
  });
});

describe('typed errors from the real server', () => {
  it('401 for a wrong key, without the key in the error', async () => {
    const error = await failure(client({ apiKey: 'wrong-key-123456' }).getExperiment({ experimentKey: 'x' }));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, method: 'GET' });
    expect(JSON.stringify(error)).not.toContain('wrong-key-123456');
    expect(String(error)).not.toContain('wrong-key-123456');
  });

  it('404 for an unknown experiment, metric or flag', async () => {
    const ld = client();
    const missing = await failure(ld.getExperiment({ experimentKey: 'no-such-experiment' }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', errorId: expect.any(String) });
    expect(missing.path).toBe(`${EXPERIMENTS}/no-such-experiment`);
    expect(
      await failure(ld.getLegacyExperimentResults({ featureFlagKey: 'no-such-flag', metricKey: K.metrics.conversion })),
    ).toBeInstanceOf(NotFoundError);
  });

  it('400 with LaunchDarkly code when starting an experiment whose flag is off, sent once', async () => {
    const ld = client();
    const key = 'contract-flag-off';
    await ld.createExperiment({
      experiment: experiment(key, {
        iteration: iteration({
          metrics: [{ key: K.metrics.conversion }],
          flags: { [K.flags.off]: { ruleId: 'fallthrough', flagConfigVersion: 4 } },
          treatments: [
            {
              name: 'Old page',
              baseline: true,
              allocationPercent: '50',
              parameters: [{ flagKey: K.flags.off, variationId: K.variations.pricingControl }],
            },
            {
              name: 'New page',
              baseline: false,
              allocationPercent: '50',
              parameters: [{ flagKey: K.flags.off, variationId: K.variations.pricingNew }],
            },
          ],
        }),
      }),
    });
    const start = emulator.requests.length;
    const error = await failure(ld.startIteration(key));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', method: 'PATCH' });
    expect(error.message).toMatch(/new-pricing-page' is off in environment 'production'/);
    expect(received('PATCH', `${EXPERIMENTS}/${key}`, start)).toHaveLength(1);
    expect((await ld.getExperiment({ experimentKey: key })).currentIteration?.status).toBe('not_started');
  });

  it('409 on a stale If-Match is a ConflictError, not retried, and changes nothing', async () => {
    const ld = client();
    const key = 'contract-if-match';
    await ld.createExperiment({ experiment: experiment(key) });
    await ld.updateName(key, 'Moved on');
    const start = emulator.requests.length;
    const error = await failure(ld.updateName(key, 'Lost update', {}, { headers: { 'If-Match': '"1"' } }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'optimistic_locking_error' });
    expect(received('PATCH', `${EXPERIMENTS}/${key}`, start)).toHaveLength(1);
    expect(received('PATCH', `${EXPERIMENTS}/${key}`, start)[0].headers['if-match']).toBe('"1"');
    expect((await ld.getExperiment({ experimentKey: key })).name).toBe('Moved on');
  });

  it('a 409 status fault is a ConflictError and is not retried, even for a GET', async () => {
    const ld = client();
    emulator.faults.add({ kind: 'status', status: 409, operationId: 'getExperimentationSettings', times: 3 });
    const start = emulator.requests.length;
    const error = await failure(ld.getExperimentationSettings());
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(received('GET', `/api/v2/projects/${K.projectKey}/experimentation-settings`, start)).toHaveLength(1);
  });
});

describe('fault injection', () => {
  it('a GET answered 503 once succeeds after exactly one retry', async () => {
    const retries: RetryInfo[] = [];
    const ld = client({ onRetry: (info) => retries.push(info) });
    await ld.createExperiment({ experiment: experiment('contract-503') });
    emulator.faults.add({ kind: 'status', status: 503, operationId: 'getExperiment', times: 1 });
    const start = emulator.requests.length;
    const got = await ld.getExperiment({ experimentKey: 'contract-503' });
    expect(got.key).toBe('contract-503');
    expect(received('GET', `${EXPERIMENTS}/contract-503`, start).map((r) => r.status)).toEqual([503, 200]);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, status: 503, reason: 'server_error' })]);
  });

  it('a POST createExperiment answered 500 reaches the server once and throws ServerError', async () => {
    const ld = client();
    emulator.faults.add({ kind: 'status', status: 500, operationId: 'createExperiment', times: 1 });
    const start = emulator.requests.length;
    const error = await failure(ld.createExperiment({ experiment: experiment('contract-500') }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, method: 'POST' });
    expect(received('POST', EXPERIMENTS, start)).toHaveLength(1);
    // The fault fired before the handler: nothing was created.
    expect(await failure(ld.getExperiment({ experimentKey: 'contract-500' }))).toBeInstanceOf(NotFoundError);
  });

  it('a PATCH whose answer is dropped after the write throws ConnectionError once, and the write happened', async () => {
    const ld = client();
    const key = 'contract-drop';
    await ld.createExperiment({ experiment: experiment(key) });
    emulator.faults.add({ kind: 'drop', phase: 'after', operationId: 'patchExperiment', times: 1 });
    const start = emulator.requests.length;
    const error = await failure(ld.updateName(key, 'Renamed before the drop'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(received('PATCH', `${EXPERIMENTS}/${key}`, start)).toHaveLength(1);
    // So a caller must re-read before retrying by hand.
    expect((await ld.getExperiment({ experimentKey: key })).name).toBe('Renamed before the drop');
  });

  it('a GET that outlives its per-attempt timeout once is retried and succeeds', async () => {
    const ld = client({ timeoutMs: 400 });
    await ld.createExperiment({ experiment: experiment('contract-slow') });
    emulator.faults.add({ kind: 'latency', latencyMs: 1500, operationId: 'getExperiment', times: 1 });
    const start = emulator.requests.length;
    expect((await ld.getExperiment({ experimentKey: 'contract-slow' })).key).toBe('contract-slow');
    expect(received('GET', `${EXPERIMENTS}/contract-slow`, start)).toHaveLength(2);
  });

  it('a POST that times out throws TimeoutError and is not sent twice', async () => {
    const ld = client({ timeoutMs: 400 });
    emulator.faults.add({ kind: 'latency', latencyMs: 1500, operationId: 'createExperiment', times: 1 });
    const start = emulator.requests.length;
    const error = await failure(ld.createExperiment({ experiment: experiment('contract-slow-post') }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 400 });
    expect(received('POST', EXPERIMENTS, start)).toHaveLength(1);
  });

  it('a 200 with a body that is not JSON throws ResponseParseError', async () => {
    const ld = client();
    emulator.faults.add({ kind: 'malformedJson', operationId: 'getExperimentationSettings', times: 1 });
    const error = await failure(ld.getExperimentationSettings());
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.status).toBe(200);
  });

  it('rate-limit mode: 20 sequential GETs all succeed, proactive throttling keeps 429s rare', async () => {
    const ld = client();
    await ld.createExperiment({ experiment: experiment('contract-rate-limit') });
    emulator.configure({ rateLimit: { budget: 5, windowMs: 1000, family: 'route' } });
    const start = emulator.requests.length;
    const began = Date.now();
    for (let i = 0; i < 20; i++) {
      expect((await ld.getExperiment({ experimentKey: 'contract-rate-limit' })).key).toBe('contract-rate-limit');
    }
    const elapsed = Date.now() - began;
    const gets = received('GET', `${EXPERIMENTS}/contract-rate-limit`, start);
    const limited = gets.filter((r) => r.status === 429);
    expect(gets.filter((r) => r.status === 200)).toHaveLength(20);
    expect(limited.length).toBeLessThanOrEqual(2);
    expect(gets.every((r) => Boolean(r.rateLimited) === (r.status === 429))).toBe(true);
    // 20 requests at 5 per aligned 1 s window need 4 windows: at least 3 window boundaries crossed after the
    // first request (> 2 s), and not much more than 3 s plus jitter.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(4500);
  }, 10_000);
});
