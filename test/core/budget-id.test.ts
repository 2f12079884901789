import { createHash } from 'node:crypto';
import { budgetId } from '../../src/core/budget-id';
import { ValidationError } from '../../src/core/errors';
import { LaunchDarklyExperiments, MemoryRateLimitStore, PostHogExperiments } from '../../src';

describe('budgetId', () => {
  test('vendor plus 32 hex digits of SHA-256 over vendor and key; never the key', () => {
    const id = budgetId('launchdarkly', 'api-secret-key');
    const expected = createHash('sha256').update('launchdarkly\0api-secret-key').digest('hex').slice(0, 32);
    expect(id).toBe(`launchdarkly:${expected}`);
    expect(id).not.toContain('api-secret-key');
    expect(budgetId('posthog', 'api-secret-key')).not.toBe(`posthog:${expected}`);
    expect(budgetId('launchdarkly', 'other-key')).not.toBe(id);
  });
});

describe('rateLimitStore option', () => {
  test('both clients accept a store and refuse something that is not one', () => {
    const store = new MemoryRateLimitStore();
    const acquire = jest.spyOn(store, 'acquire');
    expect(() => new LaunchDarklyExperiments({ apiKey: 'api-secret-key', rateLimitStore: store })).not.toThrow();
    expect(() => new PostHogExperiments({ apiKey: 'phx_secret', projectId: 1, rateLimitStore: store })).not.toThrow();
    expect(acquire).not.toHaveBeenCalled();
    for (const bad of [null, {}, 'redis://localhost', { acquire: () => ({ ticket: 1 }) }]) {
      expect(() => new LaunchDarklyExperiments({ apiKey: 'api-secret-key', rateLimitStore: bad as never })).toThrow(
        ValidationError,
      );
    }
  });
});
