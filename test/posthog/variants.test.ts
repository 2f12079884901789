import { ValidationError } from '../../src';
import { checkFlagInput, checkLegacyVariants, checkVariants } from '../../src/posthog/variants';
import { client, failure, ph, PROJECT, requestValidator, responseExample, useNock } from './helpers';

useNock();

const v = (key: string, rollout_percentage: number, name?: string) => ({
  key,
  rollout_percentage,
  ...(name ? { name } : {}),
});
const flag = (variants: unknown, extra: Record<string, unknown> = {}) => ({
  filters: { multivariate: { variants }, ...extra },
});
const experiment = (feature_flag: unknown) => ({
  name: 'Checkout button copy',
  feature_flag_key: 'checkout-button-copy',
  feature_flag: feature_flag as any,
});
const VARIANTS = 'feature_flag.filters.multivariate.variants';

const rejected: Array<[string, unknown, string]> = [
  ['one variant', flag([v('control', 100)]), VARIANTS],
  ['21 variants', flag([v('control', 0), ...Array.from({ length: 20 }, (_, i) => v(`t${i}`, 5))]), VARIANTS],
  ['variants not an array', flag({ control: 50 }), VARIANTS],
  ['no control', flag([v('a', 50), v('b', 50)]), VARIANTS],
  ['two controls in different casing', flag([v('control', 50), v('Control', 50)]), VARIANTS],
  ['duplicate keys', flag([v('control', 34), v('test', 33), v('test', 33)]), `${VARIANTS}[2].key`],
  ['blank key', flag([v('control', 50), v(' ', 50)]), `${VARIANTS}[1].key`],
  ['variant not an object', flag([v('control', 50), 'test']), `${VARIANTS}[1]`],
  ['missing percentage', flag([v('control', 50), { key: 'test' }]), `${VARIANTS}[1].rollout_percentage`],
  ['fractional percentage', flag([v('control', 50.5), v('test', 49.5)]), `${VARIANTS}[0].rollout_percentage`],
  [
    'percentage as a string',
    flag([v('control', 50), { key: 'test', rollout_percentage: '50' }]),
    `${VARIANTS}[1].rollout_percentage`,
  ],
  ['percentage over 100', flag([v('control', 101), v('test', -1)]), `${VARIANTS}[0].rollout_percentage`],
  ['sum below 100', flag([v('control', 50), v('test', 49)]), VARIANTS],
  ['sum above 100', flag([v('control', 60), v('test', 50)]), VARIANTS],
  [
    'split_percent alias on the new path',
    flag([{ key: 'control', split_percent: 50 }, v('test', 50)]),
    `${VARIANTS}[0].rollout_percentage`,
  ],
  ['multivariate null', { filters: { multivariate: null } }, 'feature_flag.filters.multivariate'],
  [
    'two release conditions',
    flag([v('control', 50), v('test', 50)], { groups: [{}, {}] }),
    'feature_flag.filters.groups',
  ],
  [
    'release condition over 100',
    flag([v('control', 50), v('test', 50)], { groups: [{ rollout_percentage: 150 }] }),
    'feature_flag.filters.groups[0].rollout_percentage',
  ],
  [
    'release condition with properties',
    flag([v('control', 50), v('test', 50)], { groups: [{ properties: [{ key: 'email' }] }] }),
    'feature_flag.filters.groups[0].properties',
  ],
  [
    'payload not a string',
    flag([v('control', 50), v('test', 50)], { payloads: { test: { color: 'green' } } }),
    'feature_flag.filters.payloads.test',
  ],
  [
    'group type out of range',
    flag([v('control', 50), v('test', 50)], { aggregation_group_type_index: 5 }),
    'feature_flag.filters.aggregation_group_type_index',
  ],
  [
    'unknown filter key',
    flag([v('control', 50), v('test', 50)], { rollout_percentage: 100 }),
    'feature_flag.filters.rollout_percentage',
  ],
  ['unknown flag key', { filters: {}, active: true }, 'feature_flag.active'],
  ['non-boolean continuity', { ensure_experience_continuity: 'yes' }, 'feature_flag.ensure_experience_continuity'],
  ['flag not an object', 'control/test', 'feature_flag'],
];

describe('variant rules reject before any request', () => {
  // nock.disableNetConnect() and no interceptor: a request would fail with ConnectionError, not ValidationError.
  it.each(rejected)('create: %s', async (_name, featureFlag, field) => {
    const error = await failure(() => client().experiments.create(experiment(featureFlag)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });

  it.each(rejected)('partialUpdate: %s', async (_name, featureFlag, field) => {
    const error = await failure(() => client().experiments.partialUpdate(812, { feature_flag: featureFlag as any }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });

  it('update (PUT) applies the same rules', async () => {
    const error = await failure(() => client().experiments.update(812, experiment(flag([v('control', 100)]))));
    expect(error).toMatchObject({ name: 'ValidationError', field: VARIANTS });
  });

  it('the deprecated parameters.feature_flag_variants path is checked too', async () => {
    const error = await failure(() =>
      client().experiments.create({
        ...experiment(undefined),
        parameters: { feature_flag_variants: [v('control', 50), v('test', 40)] },
      }),
    );
    expect(error).toMatchObject({ field: 'parameters.feature_flag_variants' });
    expect(error.message).toContain('sum to 100 (got 90)');
  });
});

describe('valid variant configurations are sent unchanged', () => {
  it('20 variants at 5% each, a release condition and payloads', async () => {
    const variants = [v('control', 5, 'Control'), ...Array.from({ length: 19 }, (_, i) => v(`t${i}`, 5))];
    const body = experiment(
      flag(variants, { groups: [{ rollout_percentage: 50, properties: [] }], payloads: { t0: '{"color":"green"}' } }),
    );
    let sent: any;
    ph()
      .post(`${PROJECT}/experiments/`, (b) => ((sent = b), true))
      .reply(201, responseExample('experiments_create'));
    await client().experiments.create(body);
    expect(sent.feature_flag).toEqual(body.feature_flag);
    expect(requestValidator('experiments_create')(sent)).toBe(true);
  });

  it('accepts the documented shapes directly', () => {
    expect(checkVariants([v('control', 50), v('test', 50)], 'v')).toEqual(['control', 'test']);
    expect(checkVariants([v('Control', 34), v('a', 33), v('b', 33)], 'v')).toEqual(['Control', 'a', 'b']);
    expect(checkVariants([{ key: 'control', split_percent: 50 }, v('test', 50)], 'v', true)).toEqual([
      'control',
      'test',
    ]);
    expect(checkFlagInput(undefined, 'f')).toBeUndefined();
    expect(checkFlagInput({}, 'f')).toBeUndefined();
    expect(checkFlagInput({ ensure_experience_continuity: true, filters: { groups: [] } }, 'f')).toBeUndefined();
    // A flag echoed from a GET carries its id; PostHog ignores it, so it is not checked either.
    expect(checkFlagInput({ id: 4521, filters: { anything: 1 } } as any, 'f')).toBeUndefined();
    expect(checkLegacyVariants(null, 'p')).toBeUndefined();
    expect(checkLegacyVariants({ variant_notes: { test: 'x' } }, 'p')).toBeUndefined();
    // Echoing a GET's parameters back (both percentage keys present) is valid.
    const echoed = responseExample('experiments_retrieve').parameters;
    expect(checkLegacyVariants(echoed, 'p')).toEqual(['control', 'test']);
  });

  it('refuses a legacy rollout percentage out of range', () => {
    expect(() => checkLegacyVariants({ rollout_percentage: 120 }, 'parameters')).toThrow(ValidationError);
  });
});
