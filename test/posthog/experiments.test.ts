import nock from 'nock';
import { ApprovalRequiredError, ServerError, ValidationError, type PostHogExperiments } from '../../src';
import {
  BASE,
  client,
  CONTROL_TEST_FLAG,
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

/** The parsed detail of experiment 812 as documented. */
const isExperiment = (e: any, status?: string) => {
  expect(e.id).toBe(ID);
  expect(e.name).toBe('Checkout button copy');
  expect(e.created_at).toBeInstanceOf(Date);
  expect(e.created_by.email).toBe('ada@example.com');
  expect(e.feature_flag.key).toBe('checkout-button-copy');
  if (status) expect(e.status).toBe(status);
};

const cases: Array<[string, WireCase]> = [
  [
    'list with every filter and a typed order',
    {
      operationId: 'experiments_list',
      path: '/experiments/',
      query:
        'limit=2&offset=4&status=running&archived=false&created_by_id=17&feature_flag_id=4521&search=checkout%20button&event=%24pageview&prompt_name=support%2Fanswer&order=-start_date',
      call: (c) =>
        c.experiments.list({
          limit: 2,
          offset: 4,
          status: 'running',
          archived: false,
          created_by_id: 17,
          feature_flag_id: 4521,
          search: 'checkout button',
          event: '$pageview',
          prompt_name: 'support/answer',
          order: '-start_date',
        }) as unknown as Promise<unknown>,
      check: (page) => {
        expect(page.count).toBe(2);
        expect(page.next).toBe('https://us.posthog.com/api/projects/12345/experiments/?limit=2&offset=2');
        expect(page.results.map((e: any) => [e.id, e.status])).toEqual([
          [812, 'draft'],
          [790, 'running'],
        ]);
        expect(page.results[1].start_date).toEqual(new Date('2025-02-01T08:00:00Z'));
        expect(page.results[1].holdout.filters[0].variant).toBe('holdout-7');
      },
    },
  ],
  [
    'list without parameters sends no query',
    {
      operationId: 'experiments_list',
      path: '/experiments/',
      call: (c) => c.experiments.list() as unknown as Promise<unknown>,
      check: (page) => expect(page.results).toHaveLength(2),
    },
  ],
  [
    'create',
    {
      operationId: 'experiments_create',
      path: '/experiments/',
      body: requestExample('experiments_create'),
      call: (c) => c.experiments.create(requestExample('experiments_create')),
      check: (e) => {
        isExperiment(e, 'draft');
        expect(e.start_date ?? null).toBeNull(); // the generated parser turns JSON null dates into undefined
        expect(e.metrics[0].metric_type).toBe('mean');
        expect(e.saved_metrics[0].query.metric_type).toBe('funnel');
      },
    },
  ],
  [
    'retrieve',
    {
      operationId: 'experiments_retrieve',
      path: EXP,
      call: (c) => c.experiments.retrieve(ID),
      check: (e) => {
        isExperiment(e, 'running');
        expect(e.start_date).toEqual(new Date('2025-03-06T08:00:00Z'));
      },
    },
  ],
  [
    'update (PUT)',
    {
      operationId: 'experiments_update',
      path: EXP,
      body: requestExample('experiments_update'),
      call: (c) => c.experiments.update(ID, requestExample('experiments_update')),
      check: (e) => isExperiment(e),
    },
  ],
  [
    'partialUpdate (PATCH)',
    {
      operationId: 'experiments_partial_update',
      path: EXP,
      body: requestExample('experiments_partial_update'),
      call: (c) => c.experiments.partialUpdate(ID, requestExample('experiments_partial_update')),
      check: (e) => expect(e.metrics.map((m: any) => m.metric_type)).toEqual(['mean', 'ratio']),
    },
  ],
  [
    'delete is a soft delete: PATCH {"deleted": true}',
    {
      operationId: 'experiments_partial_update',
      path: EXP,
      body: { deleted: true },
      call: (c) => c.experiments.delete(ID),
      check: (e) => isExperiment(e),
    },
  ],
  [
    'restore: PATCH {"deleted": false}',
    {
      operationId: 'experiments_partial_update',
      path: EXP,
      body: { deleted: false },
      call: (c) => c.experiments.restore(ID),
      check: (e) => isExperiment(e),
    },
  ],
  ...(
    [
      ['launch', 'experiments_launch', 'running'],
      ['pause', 'experiments_pause', 'paused'],
      ['resume', 'experiments_resume', 'running'],
      ['unarchive', 'experiments_unarchive', 'stopped'],
      ['reset', 'experiments_reset', 'draft'],
      ['freezeExposure', 'experiments_freeze_exposure', 'exposure_frozen'],
      ['unfreezeExposure', 'experiments_unfreeze_exposure', 'running'],
    ] as const
  ).map(([method, operationId, status]): [string, WireCase] => [
    `${method} (POST, no body)`,
    {
      operationId,
      path: `${EXP}${operationId.replace('experiments_', '')}/`,
      call: (c) => c.experiments[method](ID),
      check: (e) => isExperiment(e, status),
    },
  ]),
  [
    'end with a conclusion',
    {
      operationId: 'experiments_end',
      path: `${EXP}end/`,
      body: { conclusion: 'won', conclusion_comment: 'Clear lift in revenue per user.' },
      call: (c) => c.experiments.end(ID, { conclusion: 'won', conclusion_comment: 'Clear lift in revenue per user.' }),
      check: (e) => {
        isExperiment(e, 'stopped');
        expect(e.end_date).toEqual(new Date('2025-03-20T17:00:00Z'));
        expect(e.conclusion).toBe('won');
      },
    },
  ],
  [
    'end without a body',
    {
      operationId: 'experiments_end',
      path: `${EXP}end/`,
      call: (c) => c.experiments.end(ID),
      check: (e) => isExperiment(e, 'stopped'),
    },
  ],
  [
    'shipVariant',
    {
      operationId: 'experiments_ship_variant',
      path: `${EXP}ship_variant/`,
      body: requestExample('experiments_ship_variant'),
      call: (c) => c.experiments.shipVariant(ID, requestExample('experiments_ship_variant')),
      check: (e) => isExperiment(e, 'stopped'),
    },
  ],
  [
    'archive',
    {
      operationId: 'experiments_archive',
      path: `${EXP}archive/`,
      body: { disable_feature_flag: false },
      call: (c) => c.experiments.archive(ID, { disable_feature_flag: false }),
      check: (e) => expect(e.archived).toBe(true),
    },
  ],
  [
    'duplicate',
    {
      operationId: 'experiments_duplicate',
      path: `${EXP}duplicate/`,
      body: requestExample('experiments_duplicate'),
      call: (c) => c.experiments.duplicate(ID, requestExample('experiments_duplicate')),
      check: (e) => expect([e.id, e.feature_flag_key, e.status]).toEqual([845, 'checkout-button-copy-v2', 'draft']),
    },
  ],
  [
    'copyToProject',
    {
      operationId: 'experiments_copy_to_project',
      path: `${EXP}copy_to_project/`,
      body: { target_team_id: 67890 },
      call: (c) => c.experiments.copyToProject(ID, { target_team_id: 67890 }),
      check: (e) => expect([e.id, e.feature_flag.team_id]).toEqual([46, 67890]),
    },
  ],
  [
    'createExposureCohort',
    {
      operationId: 'experiments_create_exposure_cohort_for_experiment',
      path: `${EXP}create_exposure_cohort_for_experiment/`,
      call: (c) => c.experiments.createExposureCohort(ID),
      check: (r) => {
        expect([r.cohort.id, r.cohort.is_calculating]).toEqual([2201, true]);
        expect(r.cohort.created_at).toBeInstanceOf(Date);
      },
    },
  ],
];

describe('one method per operation: the exact request and the parsed response', () => {
  it.each(cases)('%s', async (_name, wire) => {
    await expectWire(wire);
  });
});

describe('create refuses keys PostHog does not create', () => {
  it.each([
    ['a misspelt field', 'metric'],
    ['a read-only field', 'status'],
  ])(
    '%s, before sending (PostHog answers 400 "Can\'t create keys"; the serializer would drop it)',
    async (_name, key) => {
      const body = { ...requestExample('experiments_create'), [key]: [] };
      const error = await failure(() => client().experiments.create(body));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(key);
      expect(error.message).toMatch(/Can't create keys/);
    },
  );

  it('while a key left undefined is not sent and not refused', async () => {
    let sent: any;
    ph()
      .post(`${PROJECT}/experiments/`, (body) => ((sent = body), true))
      .reply(201, responseExample('experiments_retrieve'));
    const body = requestExample('experiments_create');
    body.metric = undefined;
    await client().experiments.create(body);
    expect(sent).not.toHaveProperty('metric');
  });
});

describe('a feature_flag echoed from a GET', () => {
  it.each([
    ['partialUpdate', 'patch'],
    ['update', 'put'],
  ] as const)(
    'is left out of %s: PostHog ignores it, and its filters must not become a flag change',
    async (method, verb) => {
      const fetched = responseExample('experiments_retrieve');
      // What a GET returns: the flag with its id and filters, including a release condition with properties.
      const flag = {
        ...fetched.feature_flag,
        filters: {
          ...fetched.feature_flag.filters,
          groups: [{ rollout_percentage: 100, properties: [{ key: 'email' }] }],
        },
      };
      let sent: any;
      const scope = ph();
      scope[verb](`${PROJECT}${EXP}`, (body) => ((sent = body), true)).reply(200, fetched);
      const body = { name: 'Renamed', feature_flag_key: fetched.feature_flag_key, feature_flag: flag };
      await client().experiments[method](ID, body);
      expect(sent).toEqual({ name: 'Renamed', feature_flag_key: fetched.feature_flag_key });
    },
  );

  it('while a flag configuration without an id is sent', async () => {
    const feature_flag = CONTROL_TEST_FLAG;
    let sent: any;
    ph()
      .patch(`${PROJECT}${EXP}`, (body) => ((sent = body), true))
      .reply(200, responseExample('experiments_retrieve'));
    await client().experiments.partialUpdate(ID, { feature_flag, update_feature_flag_params: true });
    expect(sent.feature_flag).toEqual(feature_flag);
  });
});

describe('lifecycle semantics', () => {
  it('a launch answered 500 is sent exactly once (POST is not retried)', async () => {
    let hits = 0;
    ph()
      .post(`${PROJECT}${EXP}launch/`)
      .times(3)
      .reply(
        () => (hits++, [500, { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null }]),
      );
    const error = await failure(() => client().experiments.launch(ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('500 error: A server error occurred.');
    expect(hits).toBe(1);
    nock.cleanAll();
  });

  it('a GET answered 503 is retried and then succeeds', async () => {
    ph().get(`${PROJECT}${EXP}`).reply(503, { type: 'server_error', code: 'error', detail: 'down', attr: null });
    ph().get(`${PROJECT}${EXP}`).reply(200, responseExample('experiments_retrieve'));
    const waits: number[] = [];
    const e = await client({ onRetry: (info) => waits.push(info.waitMs) }).experiments.retrieve(ID);
    expect(e.id).toBe(ID);
    expect(waits).toHaveLength(1);
  });

  it('a launch gated by an approval policy throws ApprovalRequiredError with the change request id', async () => {
    const body = {
      code: 'approval_required',
      status: 'approval_required',
      detail: 'This change requires approval. A change request has been created.',
      message: 'This change requires approval. A change request has been created.',
      resource_type: 'feature_flag',
      resource_id: '4521',
      change_request_id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
    };
    let hits = 0;
    ph()
      .post(`${PROJECT}${EXP}launch/`)
      .times(2)
      .reply(() => (hits++, [409, body]));
    const error = await failure(() => client().experiments.launch(ID));
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(error).toMatchObject({
      status: 409,
      code: 'approval_required',
      changeRequestId: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
      resourceType: 'feature_flag',
      resourceId: '4521',
      method: 'POST',
      path: `${PROJECT}${EXP}launch/`,
    });
    expect(hits).toBe(1); // a 409 is never retried
    nock.cleanAll();
  });

  it('delete never calls the DELETE endpoint (which always answers 405)', async () => {
    const forbidden = nock(BASE).delete(`${PROJECT}${EXP}`).reply(405);
    ph()
      .patch(`${PROJECT}${EXP}`, { deleted: true })
      .reply(200, { ...responseExample('experiments_retrieve'), deleted: true });
    const e = await client().experiments.delete(ID);
    expect(e.deleted).toBe(true);
    expect(forbidden.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('per-call headers and a per-call timeout reach the request', async () => {
    ph({ 'x-trace': 'abc' }).get(`${PROJECT}${EXP}`).reply(200, responseExample('experiments_retrieve'));
    await client().experiments.retrieve(ID, { headers: { 'X-Trace': 'abc' }, timeoutMs: 5_000 });
  });
});

describe('ids are checked before any request', () => {
  const c = client();
  const calls: Array<[string, (c: PostHogExperiments) => unknown]> = [
    ['retrieve(0)', (x) => x.experiments.retrieve(0)],
    ['retrieve(-1)', (x) => x.experiments.retrieve(-1)],
    ['retrieve(1.5)', (x) => x.experiments.retrieve(1.5)],
    ['retrieve("812")', (x) => x.experiments.retrieve('812' as any)],
    ['retrieve("../x")', (x) => x.experiments.retrieve('../x' as any)],
    ['delete(NaN)', (x) => x.experiments.delete(NaN)],
    ['launch(undefined)', (x) => x.experiments.launch(undefined as any)],
    ['end(0)', (x) => x.experiments.end(0)],
    ['archive(0)', (x) => x.experiments.archive(0)],
    ['archive with a non-boolean flag', (x) => x.experiments.archive(ID, { disable_feature_flag: 'yes' as any })],
    ['duplicate with a blank name', (x) => x.experiments.duplicate(ID, { name: ' ' })],
    ['duplicate with a bad flag key', (x) => x.experiments.duplicate(ID, { feature_flag_key: 'has space' })],
    ['copyToProject without target', (x) => x.experiments.copyToProject(ID, {} as any)],
    ['copyToProject to team 0', (x) => x.experiments.copyToProject(ID, { target_team_id: 0 })],
    ['shipVariant without variant_key', (x) => x.experiments.shipVariant(ID, {} as any)],
    ['createExposureCohort(0)', (x) => x.experiments.createExposureCohort(0)],
  ];
  it.each(calls)('%s', async (_name, call) => {
    const error = await failure(() => call(c));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBeDefined();
  });
});

describe('action bodies refuse what the request would not send, before sending', () => {
  it.each<[string, string, (c: PostHogExperiments) => unknown]>([
    [
      'end with a misspelt conclusion_comment',
      'conclusion_coment',
      (c) => c.experiments.end(ID, { conclusion: 'won', conclusion_coment: 'typo' } as any),
    ],
    [
      'end with open_cleanup_pr as a string',
      'open_cleanup_pr',
      (c) => c.experiments.end(ID, { open_cleanup_pr: 'true' as any }),
    ],
    [
      'archive with a misspelt flag option',
      'disable_flag',
      (c) => c.experiments.archive(ID, { disable_flag: true } as any),
    ],
    ['duplicate with a misspelt name', 'nam', (c) => c.experiments.duplicate(ID, { nam: 'copy' } as any)],
    [
      'copyToProject with a misspelt name',
      'nmae',
      (c) => c.experiments.copyToProject(ID, { target_team_id: 2, nmae: 'copy' } as any),
    ],
    [
      'shipVariant with release_to_everyone as a string',
      'release_to_everyone',
      (c) => c.experiments.shipVariant(ID, { variant_key: 'test', release_to_everyone: 'yes' as any }),
    ],
    [
      'shipVariant with a misspelt release option',
      'release_to_everybody',
      (c) => c.experiments.shipVariant(ID, { variant_key: 'test', release_to_everybody: true } as any),
    ],
  ])('%s', async (_name, field, call) => {
    await expectRefused(() => call(client()), field);
  });

  it.each<[string, string, (c: PostHogExperiments) => Promise<unknown>]>([
    ['end', 'end/', (c) => c.experiments.end(ID, null as any)],
    ['archive', 'archive/', (c) => c.experiments.archive(ID, null as any)],
    ['duplicate', 'duplicate/', (c) => c.experiments.duplicate(ID, null as any)],
  ])('%s(id, null) sends no body, as without one', async (_name, path, call) => {
    let sent: unknown;
    ph()
      .post(`${PROJECT}${EXP}${path}`, (body) => ((sent = body), true))
      .reply(200, responseExample('experiments_retrieve'));
    await call(client());
    expect(sent).toBe('');
  });

  it('partialUpdate still takes read-only keys of a retrieved experiment (dropped, not refused)', async () => {
    let sent: any;
    ph()
      .patch(`${PROJECT}${EXP}`, (body) => ((sent = body), true))
      .reply(200, responseExample('experiments_retrieve'));
    const edited = { id: ID, status: 'draft', user_access_level: 'editor', description: 'edited' };
    await client().experiments.partialUpdate(ID, edited);
    expect(sent).toEqual({ description: 'edited' });
  });
});
