/**
 * Contract tests: the PostHog facade against the emulator over real HTTP on 127.0.0.1 (no nock). The emulator
 * validates requests against openapi.yaml and (with `validateResponses`) its own answers too.
 */
import {
  ApiError,
  ApprovalRequiredError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PostHogExperiments,
  ServerError,
  UnauthorizedError,
  type PostHogExperimentMetric,
  type PostHogExperimentWrite,
  type PostHogOptions,
  type RetryInfo,
} from 'experiments-api';
import {
  PH_FIXTURE_KEYS as K,
  startEmulator,
  type RecordedRequest,
  type RunningEmulator,
} from 'experiments-api/emulator';

const BASE = `/api/projects/${K.projectId}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;

let emulator: RunningEmulator;

function client(options: Partial<PostHogOptions> = {}): PostHogExperiments {
  return new PostHogExperiments({ apiKey: K.apiKey, host: emulator.url, projectId: K.projectId, ...options });
}

function received(method: string, path: string, from = 0): RecordedRequest[] {
  return emulator.requests.slice(from).filter((r) => r.method === method && r.path === path);
}

async function failure(promise: PromiseLike<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const revenue: PostHogExperimentMetric = {
  kind: 'ExperimentMetric',
  metric_type: 'mean',
  name: 'Revenue per user',
  goal: 'increase',
  source: { kind: 'EventsNode', event: 'purchase', math: 'sum', math_property: 'revenue' },
};
const funnel: PostHogExperimentMetric = {
  kind: 'ExperimentMetric',
  metric_type: 'funnel',
  name: 'Checkout conversion',
  series: [
    { kind: 'EventsNode', event: 'cart_viewed' },
    { kind: 'EventsNode', event: 'checkout_completed' },
  ],
  conversion_window: 14,
  conversion_window_unit: 'day',
};

function experimentBody(flagKey: string, overrides: Partial<PostHogExperimentWrite> = {}): PostHogExperimentWrite {
  return {
    name: `Experiment ${flagKey}`,
    description: 'Contract test',
    feature_flag_key: flagKey,
    feature_flag: {
      filters: {
        multivariate: {
          variants: [
            { key: 'control', name: 'Control', rollout_percentage: 50 },
            { key: 'test', name: 'Buy now', rollout_percentage: 50 },
          ],
        },
      },
    },
    metrics: [revenue, funnel],
    ...overrides,
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ validateResponses: true });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.configure({ rateLimit: null });
  emulator.state.posthog.approvalRequired.clear();
});

describe('experiments: CRUD and every lifecycle action', () => {
  let id: number;

  it('create → retrieve → update (PUT) → partialUpdate (PATCH) → list', async () => {
    const ph = client();
    const created = await ph.experiments.create(experimentBody('contract-crud'));
    id = created.id;
    expect(created).toMatchObject({
      name: 'Experiment contract-crud',
      feature_flag_key: 'contract-crud',
      status: 'draft',
      start_date: null,
      feature_flag: { key: 'contract-crud', active: false },
    });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(created.metrics?.map((m) => (m as { uuid?: string }).uuid)).toEqual([
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
    ]);

    expect(await ph.experiments.retrieve(id)).toEqual(created);

    const replaced = await ph.experiments.update(id, {
      name: 'Checkout copy',
      feature_flag_key: 'contract-crud',
      description: 'Replaced with PUT',
      metrics: [revenue],
    });
    expect(replaced).toMatchObject({ name: 'Checkout copy', description: 'Replaced with PUT' });
    expect(replaced.metrics).toHaveLength(1);

    const patched = await ph.experiments.partialUpdate(id, { description: 'Patched', metrics_secondary: [funnel] });
    expect(patched).toMatchObject({ name: 'Checkout copy', description: 'Patched' });
    expect(patched.metrics_secondary).toHaveLength(1);
    expect(received('PATCH', `${BASE}/experiments/${id}/`).pop()?.body).toEqual({
      description: 'Patched',
      metrics_secondary: [expect.objectContaining({ metric_type: 'funnel', name: 'Checkout conversion' })],
    });

    const page = await ph.experiments.list({ search: 'checkout copy', status: 'draft', order: 'name' });
    expect(page.count).toBe(1);
    expect(page.results.map((e) => e.id)).toEqual([id]);
    expect(received('GET', `${BASE}/experiments/`).pop()?.query).toMatchObject({
      search: 'checkout copy',
      status: 'draft',
      order: 'name',
    });
  });

  it('launch → pause → resume → freeze/unfreeze exposure → end → ship variant → archive → unarchive → reset', async () => {
    const ph = client();
    const launched = await ph.experiments.launch(id);
    expect(launched.status).toBe('running');
    expect(launched.start_date).toBeInstanceOf(Date);
    expect(launched.feature_flag?.active).toBe(true);
    expect((await ph.experiments.list({ status: 'running' })).results.map((e) => e.id)).toContain(id);

    expect((await ph.experiments.pause(id)).status).toBe('paused');
    expect((await ph.experiments.resume(id)).status).toBe('running');
    expect((await ph.experiments.freezeExposure(id)).status).toBe('exposure_frozen');
    expect((await ph.experiments.unfreezeExposure(id)).status).toBe('running');

    const ended = await ph.experiments.end(id, { conclusion: 'won', conclusion_comment: 'Clear lift' });
    expect(ended).toMatchObject({ status: 'stopped', conclusion: 'won', conclusion_comment: 'Clear lift' });
    expect(ended.end_date).toBeInstanceOf(Date);

    const shipped = await ph.experiments.shipVariant(id, { variant_key: 'test' });
    const variants: Array<{ key: string; rollout_percentage: number }> =
      shipped.feature_flag?.filters?.multivariate?.variants ?? [];
    expect(variants.map((v) => [v.key, v.rollout_percentage])).toEqual([
      ['control', 0],
      ['test', 100],
    ]);

    const archived = await ph.experiments.archive(id, { disable_feature_flag: true });
    expect(archived.archived).toBe(true);
    expect((await ph.experiments.list()).results.map((e) => e.id)).not.toContain(id);
    expect((await ph.experiments.list({ archived: true })).results.map((e) => e.id)).toEqual([id]);

    expect((await ph.experiments.unarchive(id)).archived).toBe(false);
    const reset = await ph.experiments.reset(id);
    expect(reset).toMatchObject({ status: 'draft', start_date: null, end_date: null, conclusion: null });
  });

  it('duplicate, stats, soft delete (gone from list and retrieve) and restore', async () => {
    const ph = client();
    const copy = await ph.experiments.duplicate(id, { name: 'Checkout copy (2)', feature_flag_key: 'contract-dup' });
    expect(copy).toMatchObject({ name: 'Checkout copy (2)', feature_flag_key: 'contract-dup', status: 'draft' });
    expect(copy.id).not.toBe(id);

    const stats = await ph.experiments.stats();
    expect(stats).toMatchObject({ launched_last_30d: expect.any(Number), active_experiments: expect.any(Number) });

    const deleted = await ph.experiments.delete(copy.id);
    expect(deleted.id).toBe(copy.id);
    expect(received('PATCH', `${BASE}/experiments/${copy.id}/`).pop()?.body).toEqual({ deleted: true });
    expect(received('DELETE', `${BASE}/experiments/${copy.id}/`)).toEqual([]);
    expect(await failure(ph.experiments.retrieve(copy.id))).toBeInstanceOf(NotFoundError);
    const ids: number[] = [];
    for await (const e of ph.experiments.list({ status: 'all' })) ids.push(e.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(copy.id);

    await ph.experiments.restore(copy.id);
    expect((await ph.experiments.retrieve(copy.id)).name).toBe('Checkout copy (2)');
  });
});

describe('operations the emulator does not implement answer 501', () => {
  // Every one of these is documented in src/emulator/README.md as "Not implemented (answer 501)". maxRetries 0:
  // a 501 is a 5xx, which the transport retries for GETs (see the report); the point here is the typed error.
  const calls: Array<[string, (ph: PostHogExperiments, id: number) => Promise<unknown>]> = [
    ['copyToProject', (ph, id) => ph.experiments.copyToProject(id, { target_team_id: K.otherProjectId })],
    ['createExposureCohort', (ph, id) => ph.experiments.createExposureCohort(id)],
    [
      'recalculateTimeseries',
      (ph, id) => ph.experiments.recalculateTimeseries(id, { metric: revenue, fingerprint: 'f' }),
    ],
    ['recalculateMetrics', (ph, id) => ph.experiments.recalculateMetrics(id, { trigger: 'manual' })],
    ['latestMetricsRecalculation', (ph, id) => ph.experiments.latestMetricsRecalculation(id)],
    [
      'retrieveMetricsRecalculation',
      (ph, id) => ph.experiments.retrieveMetricsRecalculation(id, '5d0b7a4e-1c2f-4e8a-9b3d-7f6a5c4e3d21'),
    ],
    ['timeseriesResults', (ph, id) => ph.experiments.timeseriesResults(id, { metric_uuid: 'u', fingerprint: 'f' })],
    ['activity', async (ph, id) => ph.experiments.activity(id)],
    ['flagCleanupTarget', (ph, id) => ph.experiments.flagCleanupTarget(id)],
    ['flagCleanupTask', (ph, id) => ph.experiments.flagCleanupTask(id)],
    ['sessionBuckets', (ph, id) => ph.experiments.sessionBuckets(id, { variant: 'test' })],
    [
      'calculateRunningTime',
      (ph) => ph.experiments.calculateRunningTime({ metric_type: 'funnel', minimum_detectable_effect: 5 }),
    ],
    ['createFromPrompt', (ph) => ph.experiments.createFromPrompt({ prompt_id: 'support-answer', versions: [3, 4] })],
    ['promptTemplates', (ph) => ph.experiments.promptTemplates()],
    ['eligibleFeatureFlags', async (ph) => ph.experiments.eligibleFeatureFlags({ limit: 5 })],
    ['requiresFlagImplementation', (ph) => ph.experiments.requiresFlagImplementation()],
    ['sessionContext', (ph) => ph.experiments.sessionContext('0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f')],
    [
      'sessionContexts',
      (ph) => ph.experiments.sessionContexts({ session_ids: ['0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f'] }),
    ],
  ];

  it.each(calls)('%s → ApiError 501 not_implemented', async (_name, call) => {
    const ph = client();
    const { id } = await ph.experiments.create(experimentBody(`contract-501-${_name.toLowerCase()}`));
    const start = emulator.requests.length;
    const error = await failure(call(ph, id));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 501, code: 'not_implemented' });
    // Reached the router once: valid (a bad request would be 400) and, as 501 is final, not retried.
    expect(emulator.requests.slice(start).map((r) => r.status)).toEqual([501]);
  });
});

describe('holdouts', () => {
  it('create → retrieve → list → update → partialUpdate → attach → delete for good', async () => {
    const ph = client();
    const holdout = await ph.holdouts.create({
      name: 'Global holdout',
      description: '5% of users see no experiment',
      filters: [{ rollout_percentage: 5, properties: [] }],
    });
    expect(holdout).toMatchObject({ name: 'Global holdout', filters: [{ rollout_percentage: 5 }] });
    expect(await ph.holdouts.retrieve(holdout.id)).toEqual(holdout);
    expect((await ph.holdouts.list()).results.map((h) => h.id)).toContain(holdout.id);

    const replaced = await ph.holdouts.update(holdout.id, {
      name: 'Global holdout v2',
      filters: [{ rollout_percentage: 10 }],
    });
    expect(replaced).toMatchObject({ name: 'Global holdout v2', filters: [{ rollout_percentage: 10 }] });
    expect((await ph.holdouts.partialUpdate(holdout.id, { description: 'Ten percent' })).description).toBe(
      'Ten percent',
    );

    const experiment = await ph.experiments.create(
      experimentBody('contract-holdout', { holdout_id: holdout.id, metrics: [revenue] }),
    );
    expect(experiment.holdout?.id).toBe(holdout.id);

    await expect(ph.holdouts.delete(holdout.id)).resolves.toBeUndefined();
    expect(received('DELETE', `${BASE}/experiment_holdouts/${holdout.id}/`).map((r) => r.status)).toEqual([204]);
    expect(await failure(ph.holdouts.retrieve(holdout.id))).toBeInstanceOf(NotFoundError);
    expect((await ph.experiments.retrieve(experiment.id)).holdout_id ?? null).toBeNull();
  });
});

describe('saved metrics', () => {
  it('create → list (search, event) → retrieve → update → partialUpdate → link → delete for good', async () => {
    const ph = client();
    const metric = await ph.savedMetrics.create({
      name: 'Contract revenue',
      description: 'Revenue per user',
      query: revenue,
      tags: ['revenue'],
    });
    expect(metric).toMatchObject({ name: 'Contract revenue', tags: ['revenue'] });
    expect((metric.query as { uuid?: string }).uuid).toMatch(UUID);

    expect((await ph.savedMetrics.list({ search: 'contract rev' })).results.map((m) => m.id)).toEqual([metric.id]);
    expect((await ph.savedMetrics.list({ event: 'purchase' })).results.map((m) => m.id)).toContain(metric.id);
    expect((await ph.savedMetrics.list({ event: 'signup' })).results.map((m) => m.id)).not.toContain(metric.id);
    expect(await ph.savedMetrics.retrieve(metric.id)).toEqual(metric);

    const replaced = await ph.savedMetrics.update(metric.id, { name: 'Contract revenue v2', query: revenue });
    expect(replaced.name).toBe('Contract revenue v2');
    expect((replaced.query as { uuid?: string }).uuid).toBe((metric.query as { uuid?: string }).uuid);
    expect((await ph.savedMetrics.partialUpdate(metric.id, { tags: ['revenue', 'core'] })).tags).toEqual([
      'revenue',
      'core',
    ]);

    const experiment = await ph.experiments.create(
      experimentBody('contract-saved-metric', {
        saved_metrics_ids: [{ id: metric.id, metadata: { type: 'primary' } }],
      }),
    );
    expect(experiment.saved_metrics?.map((l) => l.saved_metric)).toEqual([metric.id]);

    await expect(ph.savedMetrics.delete(metric.id)).resolves.toBeUndefined();
    expect(await failure(ph.savedMetrics.retrieve(metric.id))).toBeInstanceOf(NotFoundError);
    expect((await ph.experiments.retrieve(experiment.id)).saved_metrics).toEqual([]);
  });
});

describe('pagination over absolute next links', () => {
  it('for await walks every page of 25 experiments, 10 at a time, on the emulator origin', async () => {
    const ph = client();
    for (let i = 0; i < 25; i++) {
      await ph.experiments.create(experimentBody(`contract-page-${i}`, { name: `Paged ${i}`, metrics: [] }));
    }
    const first = await ph.experiments.list({ search: 'Paged', limit: 10 });
    expect(first.count).toBe(25);
    expect(first.results).toHaveLength(10);
    expect(first.next).toMatch(new RegExp(`^${emulator.url}${BASE}/experiments/\\?`));
    expect(new URL(first.next!).searchParams.get('offset')).toBe('10');

    const start = emulator.requests.length;
    const names: string[] = [];
    for await (const e of ph.experiments.list({ search: 'Paged', limit: 10 })) names.push(e.name);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    const gets = received('GET', `${BASE}/experiments/`, start);
    expect(gets.map((r) => [r.query.offset ?? '0', r.query.limit, r.query.search])).toEqual([
      ['0', '10', 'Paged'],
      ['10', '10', 'Paged'],
      ['20', '10', 'Paged'],
    ]);
    expect(gets.every((r) => r.headers.authorization === 'Bearer [redacted]')).toBe(true);
  });
});

describe('typed errors from the real server', () => {
  it('401 for a wrong key, without the key in the error', async () => {
    const error = await failure(client({ apiKey: 'phx_wrong_key_123456' }).experiments.list());
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.status).toBe(401);
    expect(JSON.stringify(error)).not.toContain('phx_wrong_key_123456');
  });

  it('404 for an unknown experiment, holdout or saved metric', async () => {
    const ph = client();
    for (const call of [ph.experiments.retrieve(99999), ph.holdouts.retrieve(99999), ph.savedMetrics.retrieve(99999)]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('validation errors keep the offending field in details.attr', async () => {
    const ph = client();
    const flag = await failure(ph.experiments.create({ name: 'Boolean flag', feature_flag_key: K.flags.boolean }));
    expect(flag).toBeInstanceOf(BadRequestError);
    expect(flag).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(flag.details).toMatchObject({ type: 'validation_error', attr: 'feature_flag_key' });

    const event = await failure(
      ph.experiments.create(
        experimentBody('contract-unknown-event', {
          metrics: [{ ...revenue, source: { kind: 'EventsNode', event: 'never_seen', math: 'total' } }],
        }),
      ),
    );
    expect(event.details).toMatchObject({ type: 'validation_error', attr: 'metrics__0' });

    await ph.savedMetrics.create({ name: 'Contract unique', query: revenue });
    const duplicate = await failure(ph.savedMetrics.create({ name: 'CONTRACT UNIQUE', query: revenue }));
    expect(duplicate).toBeInstanceOf(BadRequestError);
    expect(duplicate.details).toMatchObject({ attr: 'name' });

    const notRunning = await failure(ph.experiments.pause((await ph.experiments.create(experimentBody('c-pause'))).id));
    expect(notRunning).toBeInstanceOf(BadRequestError);
    expect(notRunning.details).toMatchObject({ attr: null });
  });

  it('an approval policy answers 409: ApprovalRequiredError with the change request id, nothing changes', async () => {
    const ph = client();
    const { id } = await ph.experiments.create(experimentBody('contract-approval'));
    emulator.state.posthog.approvalRequired.add('experiment.launch');
    const start = emulator.requests.length;
    const error = await failure(ph.experiments.launch(id));
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'approval_required', resourceType: 'feature_flag' });
    expect(error.changeRequestId).toMatch(UUID);
    expect(received('POST', `${BASE}/experiments/${id}/launch/`, start)).toHaveLength(1);
    expect((await ph.experiments.retrieve(id)).status).toBe('draft');

    emulator.state.posthog.approvalRequired.add('experiment_holdout.delete');
    const holdout = await ph.holdouts.create({ name: 'Gated', filters: [{ rollout_percentage: 1 }] });
    const gated = await failure(ph.holdouts.delete(holdout.id));
    expect(gated).toBeInstanceOf(ApprovalRequiredError);
    expect(gated).toMatchObject({ resourceType: 'experiment_holdout', resourceId: String(holdout.id) });
    // DELETE is idempotent, but a 409 is never retried.
    expect(received('DELETE', `${BASE}/experiment_holdouts/${holdout.id}/`)).toHaveLength(1);
    expect((await ph.holdouts.retrieve(holdout.id)).id).toBe(holdout.id);

    emulator.state.posthog.approvalRequired.clear();
    expect((await ph.experiments.launch(id)).status).toBe('running');
  });
});

describe('fault injection', () => {
  it('a GET answered 503 once succeeds after exactly one retry', async () => {
    const retries: RetryInfo[] = [];
    const ph = client({ onRetry: (info) => retries.push(info) });
    emulator.faults.add({ kind: 'status', status: 503, operationId: 'experiments_list', times: 1 });
    const start = emulator.requests.length;
    const page = await ph.experiments.list({ limit: 1 });
    expect(page.results).toHaveLength(1);
    expect(received('GET', `${BASE}/experiments/`, start).map((r) => r.status)).toEqual([503, 200]);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, status: 503, reason: 'server_error' })]);
  });

  it('a POST create answered 500 reaches the server once and throws ServerError', async () => {
    const ph = client();
    emulator.faults.add({ kind: 'status', status: 500, operationId: 'experiments_create', times: 1 });
    const start = emulator.requests.length;
    const error = await failure(ph.experiments.create(experimentBody('contract-500')));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
    expect(received('POST', `${BASE}/experiments/`, start)).toHaveLength(1);
    expect((await ph.experiments.list({ search: 'contract-500' })).count).toBe(0);
  });

  it('a PATCH whose answer is dropped after the write throws ConnectionError once, and the write happened', async () => {
    const ph = client();
    const { id } = await ph.experiments.create(experimentBody('contract-drop'));
    emulator.faults.add({ kind: 'drop', phase: 'after', operationId: 'experiments_partial_update', times: 1 });
    const start = emulator.requests.length;
    const error = await failure(ph.experiments.partialUpdate(id, { description: 'Written, answer lost' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(received('PATCH', `${BASE}/experiments/${id}/`, start)).toHaveLength(1);
    expect((await ph.experiments.retrieve(id)).description).toBe('Written, answer lost');
  });

  it('rate-limit mode: PostHog states the wait only in the body; the client waits it and succeeds', async () => {
    const ph = client();
    await ph.experiments.create(experimentBody('contract-rate-limit'));
    emulator.configure({ rateLimit: { budget: 5, windowMs: 1000, family: 'route' } });
    const start = emulator.requests.length;
    for (let i = 0; i < 8; i++) expect((await ph.experiments.list({ limit: 1 })).results).toHaveLength(1);
    const gets = received('GET', `${BASE}/experiments/`, start);
    expect(gets.filter((r) => r.status === 200)).toHaveLength(8);
    // No X-Ratelimit headers on PostHog, so the first over-budget request collects one 429 per window.
    expect(gets.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2);
  }, 10_000);
});
