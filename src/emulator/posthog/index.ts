import type { Handler } from '../handler';
import { experimentActionHandlers } from './actions';
import { experimentCrudHandlers } from './experiments';
import { holdoutHandlers } from './holdouts';
import { savedMetricHandlers } from './saved-metrics';
import type { PhStore } from './store';

export { PH_FIXTURE_KEYS, defaultPhFixtures } from './fixtures';
export type { PhFixtures } from './fixtures';
export { PhStore } from './store';
export type { PhApprovalAction } from './store';

/**
 * All PostHog handlers by operationId. `schemas` (the spec's components.schemas) tells which keys a
 * create body may carry. Operations without a handler here answer 501 `not_implemented`.
 */
export function postHogHandlers(store: PhStore, schemas: Record<string, any>): Record<string, Handler> {
  const keys = (name: string) => Object.keys(schemas[name]?.properties ?? {});
  return {
    ...experimentCrudHandlers(store, keys('PostHogExperimentWrite')),
    ...experimentActionHandlers(store),
    ...holdoutHandlers(store),
    ...savedMetricHandlers(store, keys('PostHogSavedMetricWrite')),
  };
}
