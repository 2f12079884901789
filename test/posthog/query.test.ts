import { POSTHOG_EXPERIMENT_ORDER, POSTHOG_EXPERIMENT_STATUS_FILTERS, ValidationError } from '../../src';
import { experimentListQuery } from '../../src/posthog/query';
import { client, failure, useNock } from './helpers';

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
