import type { Handler } from '../handler';
import { flagHandlers } from './flags';
import { resultsHandlers } from './results-routes';
import { experimentHandlers } from './routes';
import { settingsHandlers } from './settings';
import type { LdStore } from './store';

export { LD_FIXTURE_KEYS, defaultLdFixtures, sampleExperimentPost } from './fixtures';
export type { LdFixtures, LdFlag, LdMetric, LdMetricGroup, LdProjectFixture } from './fixtures';
export { LdStore } from './store';
export { GET_FEATURE_FLAG, launchDarklyEmulatorOnlyRoutes } from './flags';

/** All LaunchDarkly handlers by operationId. */
export function launchDarklyHandlers(store: LdStore): Record<string, Handler> {
  return {
    ...experimentHandlers(store),
    ...settingsHandlers(store),
    ...resultsHandlers(store),
    ...flagHandlers(store),
  };
}
