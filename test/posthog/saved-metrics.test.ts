import { ValidationError, type PostHogExperiments } from '../../src';
import { checkSavedMetricWrite } from '../../src/posthog/saved-metrics';
import { client, expectWire, failure, requestExample, useNock, type WireCase } from './helpers';

useNock();

const ID = 31;
const isSavedMetric = (m: any) => {
  expect([m.id, m.name]).toEqual([31, 'Checkout conversion']);
  expect(m.query.metric_type).toBe('funnel');
  expect(m.query.series.map((s: any) => s.event)).toEqual(['checkout_started', 'purchase_completed']);
  expect(m.created_at).toEqual(new Date('2025-02-10T11:00:00Z'));
};

const cases: Array<[string, WireCase]> = [
  [
    'list with search and event',
    {
      operationId: 'experiment_saved_metrics_list',
      path: '/experiment_saved_metrics/',
      query: 'limit=25&offset=0&search=checkout%20conversion&event=purchase_completed',
      call: (c) =>
        c.savedMetrics.list({
          limit: 25,
          offset: 0,
          search: 'checkout conversion',
          event: 'purchase_completed',
        }) as unknown as Promise<unknown>,
      check: (page) => {
        expect(page.count).toBe(1);
        isSavedMetric(page.results[0]);
        expect(page.results[0].query.fingerprint).toBe('b7c1d0f2e3a4');
      },
    },
  ],
  [
    'create',
    {
      operationId: 'experiment_saved_metrics_create',
      path: '/experiment_saved_metrics/',
      body: requestExample('experiment_saved_metrics_create'),
      call: (c) => c.savedMetrics.create(requestExample('experiment_saved_metrics_create')),
      check: isSavedMetric,
    },
  ],
  [
    'retrieve',
    {
      operationId: 'experiment_saved_metrics_retrieve',
      path: '/experiment_saved_metrics/31/',
      call: (c) => c.savedMetrics.retrieve(ID),
      check: isSavedMetric,
    },
  ],
  [
    'update (PUT)',
    {
      operationId: 'experiment_saved_metrics_update',
      path: '/experiment_saved_metrics/31/',
      body: requestExample('experiment_saved_metrics_update'),
      call: (c) => c.savedMetrics.update(ID, requestExample('experiment_saved_metrics_update')),
      check: (m) => expect(m.updated_at).toEqual(new Date('2025-03-09T12:00:00Z')),
    },
  ],
  [
    'partialUpdate (PATCH)',
    {
      operationId: 'experiment_saved_metrics_partial_update',
      path: '/experiment_saved_metrics/31/',
      body: { tags: ['checkout', 'revenue'] },
      call: (c) => c.savedMetrics.partialUpdate(ID, { tags: ['checkout', 'revenue'] }),
      check: (m) => expect(m.tags).toEqual(['checkout', 'revenue']),
    },
  ],
  [
    'delete is a hard DELETE answered 204',
    {
      operationId: 'experiment_saved_metrics_destroy',
      path: '/experiment_saved_metrics/31/',
      status: 204,
      call: (c) => c.savedMetrics.delete(ID),
      check: (r) => expect(r).toBeUndefined(),
    },
  ],
];

describe('one method per operation: the exact request and the parsed response', () => {
  it.each(cases)('%s', async (_name, wire) => {
    await expectWire(wire);
  });
});

describe('saved metric rules are checked before any request', () => {
  const c = client();
  const good = requestExample('experiment_saved_metrics_create');
  const calls: Array<[string, string, (c: PostHogExperiments) => unknown]> = [
    ['blank name', 'name', (x) => x.savedMetrics.create({ ...good, name: '' })],
    ['name over 400', 'name', (x) => x.savedMetrics.create({ ...good, name: 'n'.repeat(401) })],
    ['description over 400', 'description', (x) => x.savedMetrics.create({ ...good, description: 'd'.repeat(401) })],
    ['no query', 'query', (x) => x.savedMetrics.create({ name: 'n' } as any)],
    [
      'unknown metric type',
      'query.metric_type',
      (x) => x.savedMetrics.create({ ...good, query: { ...good.query, metric_type: 'trend' } }),
    ],
    [
      'funnel without steps',
      'query.series',
      (x) => x.savedMetrics.update(ID, { ...good, query: { ...good.query, series: [] } }),
    ],
    ['tags not strings', 'tags', (x) => x.savedMetrics.create({ ...good, tags: [1] as any })],
    // PostHog answers 400 "Can't create keys"; the serializer would have dropped it silently.
    ['a key PostHog does not create', 'descripton', (x) => x.savedMetrics.create({ ...good, descripton: 'd' })],
    ['a read-only key on create', 'created_at', (x) => x.savedMetrics.create({ ...good, created_at: 'x' })],
    [
      'PATCH with a broken query',
      'query.source',
      (x) => x.savedMetrics.partialUpdate(ID, { query: { kind: 'ExperimentMetric', metric_type: 'mean' } as any }),
    ],
    ['PATCH blank name', 'name', (x) => x.savedMetrics.partialUpdate(ID, { name: ' ' })],
    ['retrieve(0)', 'id', (x) => x.savedMetrics.retrieve(0)],
    ['delete(2.5)', 'id', (x) => x.savedMetrics.delete(2.5)],
    ['list limit 0', 'limit', (x) => x.savedMetrics.list({ limit: 0 })],
    ['list search not a string', 'search', (x) => x.savedMetrics.list({ search: 5 as any })],
  ];
  it.each(calls)('%s', async (_name, field, call) => {
    const error = await failure(() => call(c));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });

  it('a PATCH may leave every field out', () => {
    expect(() => checkSavedMetricWrite({}, true)).not.toThrow();
  });
});
