import {
  POSTHOG_EXPERIMENT_ORDER,
  POSTHOG_EXPERIMENT_STATUS_FILTERS,
  ValidationError,
  type PostHogExperiments,
} from '../../src';
import { experimentListQuery } from '../../src/posthog/query';
import { BASE, client, expectRefused, failure, ph, PROJECT, useNock } from './helpers';

useNock();

describe('experiments.list parameters', () => {
  it('offers every documented order, ascending and descending', () => {
    expect([...POSTHOG_EXPERIMENT_ORDER].sort()).toEqual(
      [
        'created_at',
        '-created_at',
        'created_by',
        '-created_by',
        'updated_at',
        '-updated_at',
        'name',
        '-name',
        'start_date',
        '-start_date',
        'end_date',
        '-end_date',
        'duration',
        '-duration',
        'status',
        '-status',
      ].sort(),
    );
    expect(POSTHOG_EXPERIMENT_STATUS_FILTERS).toContain('complete');
  });

  it('maps PostHog parameter names onto the generated request', () => {
    expect(experimentListQuery({ created_by_id: 17, feature_flag_id: 4521, prompt_name: 'p', order: 'name' })).toEqual(
      expect.objectContaining({ createdById: 17, featureFlagId: 4521, promptName: 'p', order: 'name' }),
    );
  });

  it.each([
    ['unknown order', { order: 'popularity' }, 'order'],
    ['descending typo', { order: '--name' }, 'order'],
    ['unknown status', { status: 'finished' }, 'status'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['fractional limit', { limit: 2.5 }, 'limit'],
    ['negative offset', { offset: -1 }, 'offset'],
    ['archived as a string', { archived: 'true' }, 'archived'],
    ['creator 0', { created_by_id: 0 }, 'created_by_id'],
    ['fractional flag id', { feature_flag_id: 1.5 }, 'feature_flag_id'],
    ['search not a string', { search: 1 }, 'search'],
    ['event not a string', { event: ['a'] }, 'event'],
  ])('rejects %s before any request', async (_name, params, field) => {
    const error = await failure(() => client().experiments.list(params as any));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  });
});

describe('list parameters: null, unknown keys and unsendable strings', () => {
  const EMPTY = { count: 0, next: null, previous: null, results: [] };
  it.each([
    ['experiments.list', '/experiments/', (c: PostHogExperiments) => c.experiments.list(null as any)],
    ['savedMetrics.list', '/experiment_saved_metrics/', (c: PostHogExperiments) => c.savedMetrics.list(null as any)],
    ['holdouts.list', '/experiment_holdouts/', (c: PostHogExperiments) => c.holdouts.list(null as any)],
  ])('%s(null) lists with the defaults, as with no params', async (_name, path, call) => {
    let uri: string | undefined;
    ph()
      .get(PROJECT + path)
      .query(true)
      .reply(200, (u) => ((uri = u), EMPTY));
    await call(client());
    expect(uri).toBe(PROJECT + path);
  });

  it('experiments.eligibleFeatureFlags(null) asks for the default page', async () => {
    let uri: string | undefined;
    ph()
      .get(`${PROJECT}/experiments/eligible_feature_flags/`)
      .query(true)
      .reply(200, (u) => ((uri = u), { results: [], count: 0 }));
    await client().experiments.eligibleFeatureFlags(null as any);
    expect(Object.fromEntries(new URL(uri!, BASE).searchParams)).toEqual({ limit: '20', offset: '0' });
  });

  it.each<[string, string, (c: PostHogExperiments) => unknown]>([
    ['params not an object', 'params', (c) => c.experiments.list('running' as any)],
    ['a misspelt filter', 'statu', (c) => c.experiments.list({ statu: 'running' } as any)],
    ['a Django-style ordering', 'ordering', (c) => c.experiments.list({ limit: 5, ordering: '-name' } as any)],
    ['an unknown saved-metric filter', 'q', (c) => c.savedMetrics.list({ q: 'revenue' } as any)],
    ['an unknown holdout parameter', 'page', (c) => c.holdouts.list({ page: 2 } as any)],
    ['an unknown flag filter', 'status', (c) => c.experiments.eligibleFeatureFlags({ status: 'active' } as any)],
    ['a lone high surrogate in search', 'search', (c) => c.experiments.list({ search: '\ud800' })],
    ['a lone low surrogate in event', 'event', (c) => c.experiments.list({ event: 'a\udc00' })],
    ['a lone surrogate in prompt_name', 'prompt_name', (c) => c.experiments.list({ prompt_name: '\udbff' })],
    ['a lone surrogate in a saved-metric search', 'search', (c) => c.savedMetrics.list({ search: '\ud800x' })],
    ['a lone surrogate in a flag order', 'order', (c) => c.experiments.eligibleFeatureFlags({ order: '\ud800' })],
  ])('refuses %s with a ValidationError and sends nothing', async (_name, field, call) => {
    await expectRefused(() => call(client()), field);
  });

  it('still sends a well-formed surrogate pair', async () => {
    let uri: string | undefined;
    ph()
      .get(`${PROJECT}/experiments/`)
      .query(true)
      .reply(200, (u) => ((uri = u), EMPTY));
    await client().experiments.list({ search: 'rocket 🚀' });
    expect(new URL(uri!, BASE).searchParams.get('search')).toBe('rocket 🚀');
  });
});
