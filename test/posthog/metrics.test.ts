import { ValidationError } from '../../src';
import { checkMetric, checkMetricList } from '../../src/posthog/metrics';
import { client, failure, ph, PROJECT, requestValidator, responseExample, useNock } from './helpers';

useNock();

const events = (event: string, extra: Record<string, unknown> = {}) => ({ kind: 'EventsNode', event, ...extra });
const mean = { kind: 'ExperimentMetric', metric_type: 'mean', source: events('purchase_completed') };
const funnel = {
  kind: 'ExperimentMetric',
  metric_type: 'funnel',
  series: [events('checkout_started'), events('purchase_completed')],
};
const ratio = {
  kind: 'ExperimentMetric',
  metric_type: 'ratio',
  numerator: events('purchase_completed'),
  denominator: events('checkout_started'),
};
const retention = {
  kind: 'ExperimentMetric',
  metric_type: 'retention',
  start_event: events('signed_up'),
  completion_event: events('purchase_completed'),
  retention_window_start: 1,
  retention_window_end: 7,
  retention_window_unit: 'day',
  start_handling: 'first_seen',
};
const experiment = (metrics: unknown[], metrics_secondary?: unknown[]) => ({
  name: 'Checkout button copy',
  feature_flag_key: 'checkout-button-copy',
  metrics: metrics as any,
  ...(metrics_secondary ? { metrics_secondary: metrics_secondary as any } : {}),
});

const rejected: Array<[string, unknown, string]> = [
  ['not an object', 'revenue', 'metrics[0]'],
  ['legacy kind', { ...mean, kind: 'ExperimentTrendsQuery' }, 'metrics[0].kind'],
  ['missing metric_type', { kind: 'ExperimentMetric', source: events('x') }, 'metrics[0].metric_type'],
  ['unknown metric_type', { ...mean, metric_type: 'trend' }, 'metrics[0].metric_type'],
  ['blank uuid', { ...mean, uuid: '' }, 'metrics[0].uuid'],
  ['unknown goal', { ...mean, goal: 'up' }, 'metrics[0].goal'],
  ['conversion window 0', { ...mean, conversion_window: 0 }, 'metrics[0].conversion_window'],
  ['unknown window unit', { ...mean, conversion_window_unit: 'year' }, 'metrics[0].conversion_window_unit'],
  ['mean without source', { kind: 'ExperimentMetric', metric_type: 'mean' }, 'metrics[0].source'],
  ['source without kind', { ...mean, source: { event: 'x' } }, 'metrics[0].source.kind'],
  ['source of unknown kind', { ...mean, source: { kind: 'PersonsNode' } }, 'metrics[0].source.kind'],
  ['blank event name', { ...mean, source: events(' ') }, 'metrics[0].source.event'],
  ['id on an EventsNode', { ...mean, source: events('x', { id: 4 }) }, 'metrics[0].source.id'],
  ['ActionsNode without id', { ...mean, source: { kind: 'ActionsNode' } }, 'metrics[0].source.id'],
  ['unknown math', { ...mean, source: events('x', { math: 'median' }) }, 'metrics[0].source.math'],
  [
    'hogql math without expression',
    { ...mean, source: events('x', { math: 'hogql' }) },
    'metrics[0].source.math_hogql',
  ],
  [
    'group type 5',
    { ...mean, source: events('x', { math: 'unique_group', math_group_type_index: 5 }) },
    'metrics[0].source.math_group_type_index',
  ],
  [
    'property filter without key',
    { ...mean, source: events('x', { properties: [{ value: 1 }] }) },
    'metrics[0].source.properties[0].key',
  ],
  [
    'properties not an array',
    { ...mean, source: events('x', { properties: { key: 'a' } }) },
    'metrics[0].source.properties',
  ],
  ['winsorization bound above 1', { ...mean, upper_bound_percentile: 99 }, 'metrics[0].upper_bound_percentile'],
  [
    'lower bound above upper',
    { ...mean, lower_bound_percentile: 0.9, upper_bound_percentile: 0.1 },
    'metrics[0].upper_bound_percentile',
  ],
  ['threshold 0', { ...mean, threshold: 0 }, 'metrics[0].threshold'],
  [
    'threshold with avg math',
    { ...mean, source: events('x', { math: 'avg', math_property: 'p' }), threshold: 2 },
    'metrics[0].threshold',
  ],
  ['threshold with winsorization', { ...mean, threshold: 2, upper_bound_percentile: 0.99 }, 'metrics[0].threshold'],
  ['funnel without series', { kind: 'ExperimentMetric', metric_type: 'funnel' }, 'metrics[0].series'],
  ['funnel with no steps', { ...funnel, series: [] }, 'metrics[0].series'],
  [
    'funnel with a bad step',
    { ...funnel, series: [events('a'), { kind: 'EventsNode', event: '' }] },
    'metrics[0].series[1].event',
  ],
  ['ratio without denominator', { ...ratio, denominator: undefined }, 'metrics[0].denominator'],
  ['ratio without numerator', { ...ratio, numerator: null }, 'metrics[0].numerator'],
  [
    'ratio outlier bound out of range',
    { ...ratio, numerator_outlier_handling: { lower_bound_percentile: -0.1 } },
    'metrics[0].numerator_outlier_handling.lower_bound_percentile',
  ],
  ['retention without completion event', { ...retention, completion_event: undefined }, 'metrics[0].completion_event'],
  [
    'retention window end before start',
    { ...retention, retention_window_start: 7, retention_window_end: 1 },
    'metrics[0].retention_window_end',
  ],
  ['retention negative window', { ...retention, retention_window_start: -1 }, 'metrics[0].retention_window_start'],
  ['retention unknown unit', { ...retention, retention_window_unit: 'fortnight' }, 'metrics[0].retention_window_unit'],
  ['retention unknown start handling', { ...retention, start_handling: 'any' }, 'metrics[0].start_handling'],
];

describe('metric shapes reject before any request', () => {
  it.each(rejected)('%s', async (_name, metric, field) => {
    const error = await failure(() => client().experiments.create(experiment([metric])));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });

  it('checks secondary metrics with their own field names', async () => {
    const error = await failure(() =>
      client().experiments.partialUpdate(812, { metrics_secondary: [{ ...funnel, series: [] }] as any }),
    );
    expect(error.field).toBe('metrics_secondary[0].series');
  });

  it('refuses a metric uuid used in both primary and secondary metrics', async () => {
    const error = await failure(() =>
      client().experiments.create(experiment([{ ...mean, uuid: 'u1' }], [{ ...funnel, uuid: 'u1' }])),
    );
    expect(error).toMatchObject({ field: 'metrics' });
    expect(error.message).toContain('"u1" is used more than once');
  });

  it('refuses metrics that are not an array', async () => {
    const error = await failure(() => client().experiments.partialUpdate(812, { metrics: {} as any }));
    expect(error.field).toBe('metrics');
  });
});

describe('valid metrics of every type are sent unchanged', () => {
  it('create with a mean, a funnel, a ratio and a retention metric', async () => {
    const winsorized = {
      ...mean,
      uuid: 'm1',
      lower_bound_percentile: 0.01,
      upper_bound_percentile: 0.99,
      goal: 'increase',
    };
    const action = {
      ...mean,
      source: { kind: 'ActionsNode', id: 12, math: 'sum', math_property: 'revenue' },
      threshold: 10,
    };
    const body = experiment([winsorized, action, funnel], [ratio, retention]);
    let sent: any;
    ph()
      .post(`${PROJECT}/experiments/`, (b) => ((sent = b), true))
      .reply(201, responseExample('experiments_create'));
    await client().experiments.create(body);
    expect(sent.metrics).toEqual(body.metrics);
    expect(sent.metrics_secondary).toEqual(body.metrics_secondary);
    const validate = requestValidator('experiments_create');
    expect(validate(sent) ? [] : validate.errors).toEqual([]);
  });

  it('accepts the documented extras directly', () => {
    // One funnel step is valid: PostHog prepends the exposure event as step zero.
    expect(() => checkMetric({ ...funnel, series: [events('purchase_completed')] }, 'm')).not.toThrow();
    expect(() =>
      checkMetric({ metric_type: 'mean', source: events('x', { math: 'hogql', math_hogql: 'sum(1)' }) }, 'm'),
    ).not.toThrow();
    expect(() =>
      checkMetric({ metric_type: 'mean', source: { kind: 'ExperimentDataWarehouseNode', table_name: 't' } }, 'm'),
    ).not.toThrow();
    expect(() =>
      checkMetric({ metric_type: 'mean', source: events('x', { event: null, properties: null }) }, 'm'),
    ).not.toThrow();
    expect(() => checkMetric({ ...ratio, denominator_outlier_handling: null, breakdownFilter: {} }, 'm')).not.toThrow();
    expect(checkMetricList(null, 'm')).toEqual([]);
    expect(checkMetricList([{ ...mean, uuid: 'a' }, mean], 'm')).toEqual(['a']);
  });
});
