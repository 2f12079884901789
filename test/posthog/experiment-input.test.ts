import { ValidationError, type PostHogExperiments } from '../../src';
import { checkExperimentWrite } from '../../src/posthog/experiment-input';
import { client, CONTROL_TEST_FLAG, failure, ph, PROJECT, requestExample, responseExample, useNock } from './helpers';

useNock();

const ID = 812;
const base = { name: 'Checkout button copy', feature_flag_key: 'checkout-button-copy' };
const variants = CONTROL_TEST_FLAG;

const rejected: Array<[string, string, (c: PostHogExperiments) => unknown]> = [
  ['no body', 'experiment', (c) => c.experiments.create(undefined as any)],
  ['missing name', 'name', (c) => c.experiments.create({ feature_flag_key: 'k' } as any)],
  ['blank name', 'name', (c) => c.experiments.create({ ...base, name: ' \t' })],
  ['name over 400', 'name', (c) => c.experiments.create({ ...base, name: 'n'.repeat(401) })],
  ['missing flag key', 'feature_flag_key', (c) => c.experiments.create({ name: 'n' } as any)],
  ['flag key with a space', 'feature_flag_key', (c) => c.experiments.create({ ...base, feature_flag_key: 'my flag' })],
  ['PUT without name', 'name', (c) => c.experiments.update(ID, { feature_flag_key: 'k' } as any)],
  ['PATCH blank name', 'name', (c) => c.experiments.partialUpdate(ID, { name: '' })],
  ['PATCH bad flag key', 'feature_flag_key', (c) => c.experiments.partialUpdate(ID, { feature_flag_key: 'a/b' })],
  ['description over 3000', 'description', (c) => c.experiments.create({ ...base, description: 'd'.repeat(3001) })],
  ['unknown conclusion', 'conclusion', (c) => c.experiments.partialUpdate(ID, { conclusion: 'maybe' as any })],
  [
    'conclusion comment over 4000',
    'conclusion_comment',
    (c) => c.experiments.partialUpdate(ID, { conclusion_comment: 'c'.repeat(4001) }),
  ],
  ['holdout id 0', 'holdout_id', (c) => c.experiments.partialUpdate(ID, { holdout_id: 0 })],
  ['unknown type', 'type', (c) => c.experiments.create({ ...base, type: 'mobile' as any })],
  ['start_date as a string', 'start_date', (c) => c.experiments.partialUpdate(ID, { start_date: '2025-03-06' as any })],
  ['invalid end_date', 'end_date', (c) => c.experiments.partialUpdate(ID, { end_date: new Date('nope') })],
  [
    'end before start',
    'end_date',
    (c) => c.experiments.partialUpdate(ID, { start_date: new Date('2025-03-06'), end_date: new Date('2025-03-01') }),
  ],
  [
    'saved_metrics_ids not an array',
    'saved_metrics_ids',
    (c) => c.experiments.partialUpdate(ID, { saved_metrics_ids: {} as any }),
  ],
  [
    'saved metric id 0',
    'saved_metrics_ids[0].id',
    (c) => c.experiments.partialUpdate(ID, { saved_metrics_ids: [{ id: 0 }] }),
  ],
  [
    'saved metric link type',
    'saved_metrics_ids[0].metadata.type',
    (c) => c.experiments.partialUpdate(ID, { saved_metrics_ids: [{ id: 31, metadata: { type: 'tertiary' as any } }] }),
  ],
  [
    'ordered uuids not strings',
    'primary_metrics_ordered_uuids',
    (c) => c.experiments.partialUpdate(ID, { primary_metrics_ordered_uuids: [1] as any }),
  ],
  [
    'excluded variants not a list',
    'excluded_variants',
    (c) => c.experiments.partialUpdate(ID, { excluded_variants: 'test' as any }),
  ],
  [
    'unknown stats method',
    'stats_config.method',
    (c) => c.experiments.partialUpdate(ID, { stats_config: { method: 'bootstrap' as any } }),
  ],
  [
    'baseline that is not a variant',
    'stats_config.baseline_variant_key',
    (c) =>
      c.experiments.create({ ...base, feature_flag: variants, stats_config: { baseline_variant_key: 'treatment' } }),
  ],
  [
    'unknown multiple-variant handling',
    'exposure_criteria.multiple_variant_handling',
    (c) => c.experiments.partialUpdate(ID, { exposure_criteria: { multiple_variant_handling: 'last_seen' as any } }),
  ],
  [
    'exposure event missing',
    'exposure_criteria.exposure_config.event',
    (c) =>
      c.experiments.partialUpdate(ID, {
        exposure_criteria: { exposure_config: { kind: 'ExperimentEventExposureConfig', properties: [] } as any },
      }),
  ],
  [
    'exposure action without id',
    'exposure_criteria.exposure_config.id',
    (c) =>
      c.experiments.partialUpdate(ID, {
        exposure_criteria: { exposure_config: { kind: 'ActionsNode', properties: [] } as any },
      }),
  ],
  [
    'exposure properties missing',
    'exposure_criteria.exposure_config.properties',
    (c) =>
      c.experiments.partialUpdate(ID, {
        exposure_criteria: { exposure_config: { kind: 'ExperimentEventExposureConfig', event: '$pageview' } as any },
      }),
  ],
  [
    'unknown exposure kind',
    'exposure_criteria.exposure_config.kind',
    (c) =>
      c.experiments.partialUpdate(ID, {
        exposure_criteria: { exposure_config: { kind: 'EventsNode', event: 'x', properties: [] } as any },
      }),
  ],
  ['end with an unknown conclusion', 'conclusion', (c) => c.experiments.end(ID, { conclusion: 'win' as any })],
  [
    'end with a long comment',
    'conclusion_comment',
    (c) => c.experiments.end(ID, { conclusion_comment: 'c'.repeat(4001) }),
  ],
  ['end with a long repository', 'repository', (c) => c.experiments.end(ID, { repository: 'r'.repeat(256) })],
  ['end with a non-object body', 'body', (c) => c.experiments.end(ID, 'won' as any)],
  ['shipVariant with a blank variant', 'variant_key', (c) => c.experiments.shipVariant(ID, { variant_key: ' ' })],
  [
    'shipVariant with an unknown conclusion',
    'conclusion',
    (c) => c.experiments.shipVariant(ID, { variant_key: 'test', conclusion: 'shipped' as any }),
  ],
];

describe('experiment bodies are checked before any request', () => {
  it.each(rejected)('%s', async (_name, field, call) => {
    const error = await failure(() => call(client()));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });
});

describe('valid bodies pass', () => {
  it('every documented request example', () => {
    expect(() => checkExperimentWrite(requestExample('experiments_create'), false)).not.toThrow();
    expect(() => checkExperimentWrite(requestExample('experiments_update'), false)).not.toThrow();
    expect(() => checkExperimentWrite(requestExample('experiments_partial_update'), true)).not.toThrow();
  });

  it('nulls, dates, a known baseline and custom exposure', () => {
    const body = {
      ...base,
      description: '',
      holdout_id: null,
      conclusion: null,
      start_date: new Date('2025-03-06T08:00:00Z'),
      end_date: new Date('2025-03-20T17:00:00Z'),
      feature_flag: variants,
      stats_config: { method: 'frequentist' as const, baseline_variant_key: 'control' },
      exposure_criteria: {
        filterTestAccounts: true,
        multiple_variant_handling: 'first_seen' as const,
        exposure_config: { kind: 'ExperimentEventExposureConfig' as const, event: '$pageview', properties: [] },
      },
      saved_metrics_ids: [{ id: 31, metadata: { type: 'primary' as const } }],
    };
    expect(() => checkExperimentWrite(body, false)).not.toThrow();
    expect(() =>
      checkExperimentWrite(
        { exposure_criteria: { exposure_config: { kind: 'ActionsNode', id: 3, properties: [] } } },
        true,
      ),
    ).not.toThrow();
  });

  it('a baseline of control names a Control variant, which PostHog stores as control', () => {
    const flag = {
      filters: {
        multivariate: {
          variants: [
            { key: 'Control', rollout_percentage: 50 },
            { key: 'test', rollout_percentage: 50 },
          ],
        },
      },
    };
    for (const baseline of ['control', 'Control']) {
      const body = { ...base, feature_flag: flag, stats_config: { baseline_variant_key: baseline } };
      expect(() => checkExperimentWrite(body, false)).not.toThrow();
    }
    const wrong = { ...base, feature_flag: flag, stats_config: { baseline_variant_key: 'CONTROL-2' } };
    expect(() => checkExperimentWrite(wrong, false)).toThrow(ValidationError);
  });

  it('sends Date fields as ISO strings', async () => {
    let sent: any;
    ph()
      .patch(`${PROJECT}/experiments/${ID}/`, (b) => ((sent = b), true))
      .reply(200, responseExample('experiments_partial_update'));
    await client().experiments.partialUpdate(ID, { end_date: new Date('2025-03-20T17:00:00Z') });
    expect(sent).toEqual({ end_date: '2025-03-20T17:00:00.000Z' });
  });
});
