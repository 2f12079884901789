/** A body that cannot be JSON (a BigInt, a cycle) is bad input: ValidationError, nothing sent. */
import { LaunchDarklyExperiments, PostHogExperiments, ValidationError } from '../../src';
import { useNock } from '../helpers/nock';

useNock();

const ld = new LaunchDarklyExperiments({
  apiKey: 'api-00000000-0000-4000-8000-000000000000',
  baseUrl: 'https://ld.test',
  projectKey: 'p',
  environmentKey: 'e',
});
const posthog = new PostHogExperiments({ apiKey: 'phx_0123456789abcdef', projectId: 1, host: 'https://ph.test' });
const cycle: Record<string, unknown> = { a: 1 };
cycle.self = cycle;

// No interceptor: a request would fail with nock's NetConnectNotAllowedError (a ConnectionError) instead.
it.each([
  [
    'a generated LaunchDarkly call',
    () => ld.updateExperimentFields('k', { description: { operation: 'update', value: 1n } }),
  ],
  [
    'a generated PostHog call',
    () => posthog.experiments.partialUpdate(1, { parameters: { variant_notes: cycle as never } }),
  ],
  ['request()', () => ld.request({ method: 'POST', path: '/api/v2/x', body: { n: 1n } })],
  ['request() with a cycle', () => posthog.request({ method: 'POST', path: '/api/projects/1/x/', body: cycle })],
])('%s', async (_name, call) => {
  const error = await Promise.resolve()
    .then(call)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toBe('body');
  expect((error as Error).message).toMatch(/cannot be sent as JSON/);
});
