import type { Handler } from '../handler';
import { templatePattern, type SpecRoute } from '../spec';
import type { LdStore } from './store';

/** Operation id of the emulator-only flag route (LaunchDarkly calls the operation `getFeatureFlag`). */
export const GET_FEATURE_FLAG = 'getFeatureFlag';

const TEMPLATE = '/api/v2/flags/{projectKey}/{featureFlagKey}';

/**
 * Routes openapi.yaml does not describe (it covers experiments only), served from the fixtures so that code
 * reading flags through `ld.request()` (e.g. to build treatments from a flag's variations) runs against the
 * emulator. Not validated against the spec (`emulatorOnly`).
 */
export function launchDarklyEmulatorOnlyRoutes(): SpecRoute[] {
  return [
    {
      operationId: GET_FEATURE_FLAG,
      method: 'GET',
      template: TEMPLATE,
      ...templatePattern(TEMPLATE),
      vendor: 'launchdarkly',
      operation: {},
      pathParameters: [],
      emulatorOnly: true,
    },
  ];
}

/**
 * `GET /api/v2/flags/{projectKey}/{featureFlagKey}`: the fixture flag in LaunchDarkly's FeatureFlag form, reduced
 * to what experiments use (key, name, kind, variations with `_id`, per-environment `on`/`_version`/rules).
 * `?env=a,b` limits `environments` as LaunchDarkly does.
 */
export function flagHandlers(store: LdStore): Record<string, Handler> {
  return {
    [GET_FEATURE_FLAG]: (ctx) => {
      const project = store.project(ctx.params.projectKey);
      const flag = store.flag(project, ctx.params.featureFlagKey);
      const only = ctx.searchParams.get('env')?.split(',').filter(Boolean);
      const environments = Object.fromEntries(
        Object.entries(flag.environments)
          .filter(([key]) => !only || only.includes(key))
          .map(([key, env]) => [
            key,
            {
              on: env.on,
              archived: flag.archived,
              _version: env.version,
              _environmentName: project.fixture.environments.find((e) => e.key === key)?.name ?? key,
              rules: env.rules.map((r) => ({ _id: r._id, description: r.description, clauses: [] })),
            },
          ]),
      );
      const boolean = flag.variations.every((v) => typeof v.value === 'boolean');
      return {
        status: 200,
        body: {
          key: flag.key,
          name: flag.name,
          kind: boolean ? 'boolean' : 'multivariate',
          archived: flag.archived,
          temporary: false,
          tags: [],
          variations: flag.variations.map((v) => ({ _id: v._id, value: v.value, name: v.name })),
          environments,
          _links: {
            self: { href: `/api/v2/flags/${project.fixture.key}/${flag.key}`, type: 'application/json' },
            parent: { href: `/api/v2/flags/${project.fixture.key}`, type: 'application/json' },
          },
        },
      };
    },
  };
}
