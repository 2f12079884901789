import { NotFoundError, ValidationError, type PostHogExperiments } from '../../src';
import {
  client,
  expectRefused,
  expectWire,
  failure,
  ph,
  PROJECT,
  requestExample,
  responseExample,
  useNock,
  type WireCase,
} from './helpers';

useNock();

const ID = 812;
const EXP = `/experiments/${ID}/`;
const RUN = '0195b0c2-aaaa-7bbb-8ccc-ddddeeeeffff';
const METRIC_UUID = '5d0b7a4e-1c2f-4e8a-9b3d-7f6a5c4e3d21';

const cases: Array<[string, WireCase]> = [
  [
    'timeseriesResults',
    {
      operationId: 'experiments_timeseries_results',
      path: `${EXP}timeseries_results/`,
      query: `metric_uuid=${METRIC_UUID}&fingerprint=4f9c2a71d0b3`,
      call: (c) => c.experiments.timeseriesResults(ID, { metric_uuid: METRIC_UUID, fingerprint: '4f9c2a71d0b3' }),
      check: (r) => {
        expect([r.experiment_id, r.status]).toEqual([812, 'completed']);
        expect(r.computed_at).toEqual(new Date('2025-03-08T02:00:00Z'));
        expect(Object.keys(r.timeseries).length).toBeGreaterThan(0);
      },
    },
  ],
  [
    'recalculateTimeseries (201 new job)',
    {
      operationId: 'experiments_recalculate_timeseries',
      path: `${EXP}recalculate_timeseries/`,
      status: 201,
      body: requestExample('experiments_recalculate_timeseries'),
      call: (c) => c.experiments.recalculateTimeseries(ID, requestExample('experiments_recalculate_timeseries')),
      check: (r) => {
        expect([r.id, r.status]).toEqual(['0195b0a1-1111-7222-8333-944455556667', 'pending']);
        expect(r.created_at).toBeInstanceOf(Date);
      },
    },
  ],
  [
    'recalculateTimeseries (200 job already pending)',
    {
      operationId: 'experiments_recalculate_timeseries',
      path: `${EXP}recalculate_timeseries/`,
      status: 200,
      body: requestExample('experiments_recalculate_timeseries'),
      call: (c) => c.experiments.recalculateTimeseries(ID, requestExample('experiments_recalculate_timeseries')),
      check: (r) => expect(r.id).toBe('0195b0a1-1111-7222-8333-944455556666'),
    },
  ],
  [
    'recalculateMetrics',
    {
      operationId: 'experiments_metrics_recalculation_create',
      path: `${EXP}metrics_recalculation/`,
      status: 201,
      body: { trigger: 'manual' },
      call: (c) => c.experiments.recalculateMetrics(ID, { trigger: 'manual' }),
      check: (r) => expect([r.id, r.status, r.is_existing, r.results]).toEqual([RUN, 'pending', false, []]),
    },
  ],
  [
    'recalculateMetrics without a body',
    {
      operationId: 'experiments_metrics_recalculation_create',
      path: `${EXP}metrics_recalculation/`,
      status: 200,
      call: (c) => c.experiments.recalculateMetrics(ID),
      check: (r) => expect([r.status, r.is_existing]).toEqual(['in_progress', true]),
    },
  ],
  [
    'latestMetricsRecalculation',
    {
      operationId: 'experiments_metrics_recalculation_latest',
      path: `${EXP}metrics_recalculation/latest/`,
      call: (c) => c.experiments.latestMetricsRecalculation(ID),
      check: (r) => {
        expect([r.status, r.results.length]).toEqual(['completed', 2]);
        expect(r.completed_at).toEqual(new Date('2025-03-12T10:01:10Z'));
      },
    },
  ],
  [
    'retrieveMetricsRecalculation',
    {
      operationId: 'experiments_metrics_recalculation_retrieve',
      path: `${EXP}metrics_recalculation/${RUN}/`,
      call: (c) => c.experiments.retrieveMetricsRecalculation(ID, RUN),
      check: (r) => expect(r.results[0].status).toBe('completed'),
    },
  ],
  [
    'activity',
    {
      operationId: 'experiments_activity',
      path: `${EXP}activity/`,
      call: (c) => c.experiments.activity(ID) as unknown as Promise<unknown>,
      check: (page) => {
        expect(page.total_count).toBe(1);
        expect(page.results[0]).toMatchObject({ activity: 'updated', scope: 'Experiment', item_id: '812' });
        expect(page.results[0].created_at).toBeInstanceOf(Date);
      },
    },
  ],
  [
    'flagCleanupTarget',
    {
      operationId: 'experiments_flag_cleanup_target',
      path: `${EXP}flag_cleanup_target/`,
      call: (c) => c.experiments.flagCleanupTarget(ID),
      check: (r) => expect([r.repository, r.source]).toEqual(['acme/web-app', 'single_repo']),
    },
  ],
  [
    'flagCleanupTask',
    {
      operationId: 'experiments_flag_cleanup_task',
      path: `${EXP}flag_cleanup_task/`,
      call: (c) => c.experiments.flagCleanupTask(ID),
      check: (r) => expect([r.run_status, r.is_terminal]).toEqual(['in_progress', false]),
    },
  ],
  [
    'sessionBuckets',
    {
      operationId: 'experiments_session_buckets',
      path: `${EXP}session_buckets/`,
      body: { variant: 'test' },
      call: (c) => c.experiments.sessionBuckets(ID, { variant: 'test' }),
      check: (r) => expect([r.session_ids.length, r.truncated]).toEqual([1, false]),
    },
  ],
  [
    'stats',
    {
      operationId: 'experiments_stats',
      path: '/experiments/stats/',
      call: (c) => c.experiments.stats(),
      check: (r) => expect(r).toEqual(responseExample('experiments_stats')),
    },
  ],
  [
    'calculateRunningTime',
    {
      operationId: 'experiments_calculate_running_time',
      path: '/experiments/calculate_running_time/',
      body: requestExample('experiments_calculate_running_time'),
      call: (c) => c.experiments.calculateRunningTime(requestExample('experiments_calculate_running_time')),
      check: (r) => expect([r.recommended_sample_size, r.recommended_running_time_days]).toEqual([46930, 31.3]),
    },
  ],
  [
    'createFromPrompt',
    {
      operationId: 'experiments_create_from_prompt',
      path: '/experiments/create_from_prompt/',
      body: requestExample('experiments_create_from_prompt'),
      call: (c) => c.experiments.createFromPrompt(requestExample('experiments_create_from_prompt')),
      check: (e) => {
        expect([e.id, e.feature_flag_key]).toEqual([860, 'support-answer-prompt-test']);
        expect(e.created_at).toBeInstanceOf(Date);
      },
    },
  ],
  [
    'promptTemplates',
    {
      operationId: 'experiments_prompt_templates',
      path: '/experiments/prompt_templates/',
      call: (c) => c.experiments.promptTemplates(),
      check: (r) => expect(r.map((t: any) => t.key)).toEqual(['cost', 'latency']),
    },
  ],
  [
    'eligibleFeatureFlags with every filter',
    {
      operationId: 'experiments_eligible_feature_flags',
      path: '/experiments/eligible_feature_flags/',
      query:
        'search=onboarding&limit=50&offset=10&active=true&created_by_id=17&order=-created_at&evaluation_runtime=server&has_evaluation_contexts=false',
      call: (c) =>
        c.experiments.eligibleFeatureFlags({
          search: 'onboarding',
          limit: 50,
          offset: 10,
          active: true,
          created_by_id: 17,
          order: '-created_at',
          evaluation_runtime: 'server',
          has_evaluation_contexts: false,
        }) as unknown as Promise<unknown>,
      check: (page) => {
        expect(page.count).toBe(1);
        expect(page.results[0].key).toBe('new-onboarding');
        expect(page.results[0].created_at).toBeInstanceOf(Date);
      },
    },
  ],
  [
    'eligibleFeatureFlags with defaults sends the server default page size',
    {
      operationId: 'experiments_eligible_feature_flags',
      path: '/experiments/eligible_feature_flags/',
      query: 'limit=20&offset=0',
      call: (c) => c.experiments.eligibleFeatureFlags() as unknown as Promise<unknown>,
      check: (page) => expect(page.results).toHaveLength(1),
    },
  ],
  [
    'requiresFlagImplementation',
    {
      operationId: 'experiments_requires_flag_implementation',
      path: '/experiments/requires_flag_implementation/',
      call: (c) => c.experiments.requiresFlagImplementation(),
      check: (r) => expect(r.result).toBe(false),
    },
  ],
  [
    'sessionContext',
    {
      operationId: 'experiments_session_context',
      path: '/experiments/session_context/',
      query: 'session_id=0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
      call: (c) => c.experiments.sessionContext('0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f'),
      check: (r) => expect(r.results[0].flag_key).toBe('checkout-button-copy'),
    },
  ],
  [
    'sessionContexts',
    {
      operationId: 'experiments_session_contexts',
      path: '/experiments/session_contexts/',
      body: requestExample('experiments_session_contexts'),
      call: (c) => c.experiments.sessionContexts(requestExample('experiments_session_contexts')),
      check: (r) => expect(r.results[0].session_id).toBe('0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f'),
    },
  ],
];

describe('one method per operation: the exact request and the parsed response', () => {
  it.each(cases)('%s', async (_name, wire) => {
    await expectWire(wire);
  });
});

describe('paginated helpers', () => {
  it('eligibleFeatureFlags iterates by offset until count is reached', async () => {
    const flag = responseExample('experiments_eligible_feature_flags').results[0];
    const path = `${PROJECT}/experiments/eligible_feature_flags/`;
    ph()
      .get(path)
      .query({ limit: '2', offset: '0' })
      .reply(200, { count: 3, results: [flag, { ...flag, id: 2 }] });
    ph()
      .get(path)
      .query({ limit: '2', offset: '2' })
      .reply(200, { count: 3, results: [{ ...flag, id: 3 }] });
    const ids: number[] = [];
    for await (const f of client().experiments.eligibleFeatureFlags({ limit: 2 })) ids.push(f.id);
    expect(ids).toEqual([4700, 2, 3]);
  });

  it('activity follows its same-origin next link', async () => {
    const first = responseExample('experiments_activity');
    const path = `${PROJECT}${EXP}activity/`;
    ph()
      .get(path)
      .reply(200, { ...first, next: `https://us.posthog.com${path}?page=2`, total_count: 2 });
    ph()
      .get(path)
      .query({ page: '2' })
      .reply(200, { ...first, results: [{ ...first.results[0], id: 'second' }], next: null, total_count: 2 });
    const entries = await client().experiments.activity(ID).toArray({ max: 10 });
    expect(entries.map((e) => e.id)).toEqual([first.results[0].id, 'second']);
  });

  it('latestMetricsRecalculation with nothing to show is a NotFoundError (bare {detail} body)', async () => {
    ph().get(`${PROJECT}${EXP}metrics_recalculation/latest/`).reply(404, { detail: 'No recalculation found.' });
    const error = await failure(() => client().experiments.latestMetricsRecalculation(ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('404: No recalculation found.');
  });
});

describe('bad input fails before any request', () => {
  const c = client();
  const metric = requestExample('experiments_recalculate_timeseries').metric;
  const calls: Array<[string, string, (c: PostHogExperiments) => unknown]> = [
    [
      'timeseriesResults without fingerprint',
      'fingerprint',
      (x) => x.experiments.timeseriesResults(ID, { metric_uuid: 'u' } as any),
    ],
    ['timeseriesResults without params', 'metric_uuid', (x) => x.experiments.timeseriesResults(ID, undefined as any)],
    [
      'recalculateTimeseries with a legacy metric',
      'metric.kind',
      (x) =>
        x.experiments.recalculateTimeseries(ID, {
          metric: { ...metric, kind: 'ExperimentTrendsQuery' },
          fingerprint: 'f',
        }),
    ],
    [
      'recalculateTimeseries without fingerprint',
      'fingerprint',
      (x) => x.experiments.recalculateTimeseries(ID, { metric, fingerprint: '' }),
    ],
    [
      'recalculateMetrics with an unknown trigger',
      'trigger',
      (x) => x.experiments.recalculateMetrics(ID, { trigger: 'nightly' as any }),
    ],
    [
      'retrieveMetricsRecalculation with a non-UUID',
      'recalculationId',
      (x) => x.experiments.retrieveMetricsRecalculation(ID, 'latest'),
    ],
    ['activity(0)', 'id', (x) => x.experiments.activity(0)],
    ['flagCleanupTarget(0)', 'id', (x) => x.experiments.flagCleanupTarget(0)],
    ['flagCleanupTask(-2)', 'id', (x) => x.experiments.flagCleanupTask(-2)],
    ['sessionBuckets without a body', 'body', (x) => x.experiments.sessionBuckets(ID, null as any)],
    [
      'calculateRunningTime with effect 0',
      'minimum_detectable_effect',
      (x) => x.experiments.calculateRunningTime({ metric_type: 'funnel', minimum_detectable_effect: 0 }),
    ],
    [
      'calculateRunningTime with one variant',
      'number_of_variants',
      (x) =>
        x.experiments.calculateRunningTime({
          metric_type: 'funnel',
          minimum_detectable_effect: 5,
          number_of_variants: 1,
        }),
    ],
    [
      'calculateRunningTime with a bad metric type',
      'metric_type',
      (x) => x.experiments.calculateRunningTime({ metric_type: 'mean' as any, minimum_detectable_effect: 5 }),
    ],
    [
      'calculateRunningTime with negative exposure',
      'exposure_rate_per_day',
      (x) =>
        x.experiments.calculateRunningTime({
          metric_type: 'ratio',
          minimum_detectable_effect: 5,
          exposure_rate_per_day: -1,
        }),
    ],
    ['createFromPrompt with an array', 'body', (x) => x.experiments.createFromPrompt([] as any)],
    ['eligibleFeatureFlags limit 101', 'limit', (x) => x.experiments.eligibleFeatureFlags({ limit: 101 })],
    [
      'eligibleFeatureFlags bad runtime',
      'evaluation_runtime',
      (x) => x.experiments.eligibleFeatureFlags({ evaluation_runtime: 'edge' as any }),
    ],
    [
      'eligibleFeatureFlags non-boolean active',
      'active',
      (x) => x.experiments.eligibleFeatureFlags({ active: 'yes' as any }),
    ],
    [
      'eligibleFeatureFlags creator 0',
      'created_by_id',
      (x) => x.experiments.eligibleFeatureFlags({ created_by_id: 0 }),
    ],
    ['sessionContext blank', 'sessionId', (x) => x.experiments.sessionContext(' ')],
    ['sessionContexts empty', 'session_ids', (x) => x.experiments.sessionContexts({ session_ids: [] })],
    [
      'sessionContexts 21 ids',
      'session_ids',
      (x) => x.experiments.sessionContexts({ session_ids: Array.from({ length: 21 }, (_, i) => `s${i}`) }),
    ],
    ['sessionContexts blank id', 'session_ids[1]', (x) => x.experiments.sessionContexts({ session_ids: ['a', ''] })],
  ];
  it.each(calls)('%s', async (_name, field, call) => {
    const error = await failure(() => call(c));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });
});

describe('keys the request would not send and unsendable query values are refused before sending', () => {
  const metric = requestExample('experiments_recalculate_timeseries').metric;
  it.each<[string, string, (c: PostHogExperiments) => unknown]>([
    [
      'recalculateMetrics with a misspelt trigger',
      'triger',
      (c) => c.experiments.recalculateMetrics(ID, { triger: 'cold_run' } as any),
    ],
    [
      'recalculateTimeseries with an extra key',
      'metric_uuid',
      (c) => c.experiments.recalculateTimeseries(ID, { metric, fingerprint: 'f', metric_uuid: METRIC_UUID } as any),
    ],
    [
      'sessionContexts with a camel-case key',
      'sessionIds',
      (c) => c.experiments.sessionContexts({ session_ids: ['s1'], sessionIds: ['s2'] } as any),
    ],
    [
      'calculateRunningTime with a misspelt field',
      'exposure_per_day',
      (c) =>
        c.experiments.calculateRunningTime({
          metric_type: 'funnel',
          minimum_detectable_effect: 5,
          exposure_per_day: 100,
        } as any),
    ],
    ['sessionContext with a lone surrogate', 'sessionId', (c) => c.experiments.sessionContext('\ud800')],
    [
      'timeseriesResults with a lone surrogate in metric_uuid',
      'metric_uuid',
      (c) => c.experiments.timeseriesResults(ID, { metric_uuid: '\ud800', fingerprint: 'f' }),
    ],
    [
      'timeseriesResults with a lone surrogate in fingerprint',
      'fingerprint',
      (c) => c.experiments.timeseriesResults(ID, { metric_uuid: METRIC_UUID, fingerprint: 'f\udc00' }),
    ],
  ])('%s', async (_name, field, call) => {
    await expectRefused(() => call(client()), field);
  });

  it('recalculateMetrics(id, null) sends no body, as without one', async () => {
    let sent: unknown;
    ph()
      .post(`${PROJECT}${EXP}metrics_recalculation/`, (body) => ((sent = body), true))
      .reply(201, responseExample('experiments_metrics_recalculation_create', '201'));
    await client().experiments.recalculateMetrics(ID, null as any);
    expect(sent).toBe('');
  });
});
