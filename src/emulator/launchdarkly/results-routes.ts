import type { Handler, HandlerContext } from '../handler';
import { badRequest, HttpError, notFound } from '../http';
import { legacyResults } from './legacy';
import { metricInGroupRep } from './represent';
import { bayesianResults } from './results';
import { type LdStore, type StoredExperiment, type StoredIteration, currentOf } from './store';

/** The iteration named by `iterationId`, else the current one; 404 when there is none. */
function iterationFor(ctx: HandlerContext, e: StoredExperiment): StoredIteration {
  const id: string | undefined = ctx.query.iterationId;
  const iteration = id === undefined ? currentOf(e) : e.iterations.find((i) => i._id === id);
  if (!iteration) throw notFound(id === undefined ? 'The experiment has no iteration' : `Unknown iteration id '${id}'`);
  return iteration;
}

function treatmentNames(iteration: StoredIteration): Record<string, string> {
  return Object.fromEntries(iteration.spec.treatments.map((t) => [t.parameters[0].variationId, t.name]));
}

/**
 * LaunchDarkly's 403 for a beta resource called without `LD-API-Version: beta`: a body with only `message`
 * (the one observed, api-client-go#21).
 */
class BetaGateError extends HttpError {
  constructor() {
    super(
      403,
      'forbidden',
      'This API is in beta. To use it, your request must include the header `LD-API-Version: beta`.',
    );
  }

  override customBody(): Record<string, unknown> {
    return { message: this.message };
  }
}

/**
 * These endpoints were served only while Experiments were in beta (2022-04 to 2026-07; the results ones were
 * removed in 2025-10), when every call without `LD-API-Version: beta` was answered 403.
 */
function betaOnly(handlers: Record<string, Handler>): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([operationId, handler]) => [
      operationId,
      (ctx: HandlerContext) => {
        if (ctx.headers['ld-api-version'] !== 'beta') throw new BetaGateError();
        return handler(ctx);
      },
    ]),
  );
}

/** Handlers of the Bayesian results endpoints and the legacy flag-scoped results/reset endpoints. */
export function resultsHandlers(store: LdStore): Record<string, Handler> {
  return betaOnly({
    getExperimentResults: (ctx) => {
      const { projectKey, environmentKey, experimentKey, metricKey } = ctx.params;
      const project = store.project(projectKey);
      const experiment = store.experiment(projectKey, environmentKey, experimentKey);
      const metric = store.metric(project, metricKey);
      const iteration = iterationFor(ctx, experiment);
      // A metric counts as measured directly or as a step of a measured metric group.
      const measured = iteration.spec.metrics.some(
        (m) =>
          m.key === metricKey ||
          (m.isGroup &&
            project.fixture.metricGroups.find((g) => g.key === m.key)?.metrics.some((s) => s.key === metricKey)),
      );
      if (!measured) throw notFound(`Metric '${metricKey}' is not measured by iteration '${iteration._id}'`);
      const body = bayesianResults({
        experimentId: experiment._id,
        iteration,
        metric,
        treatmentNames: treatmentNames(iteration),
        includeTraffic: ((ctx.query.expand as string[] | undefined) ?? []).includes('traffic'),
        selfHref: ctx.pathname,
      });
      return { status: 200, body };
    },

    getExperimentResultsForMetricGroup: (ctx) => {
      const { projectKey, environmentKey, experimentKey, metricGroupKey } = ctx.params;
      const project = store.project(projectKey);
      const experiment = store.experiment(projectKey, environmentKey, experimentKey);
      const group = store.metricGroup(project, metricGroupKey);
      const iteration = iterationFor(ctx, experiment);
      if (!iteration.spec.metrics.some((m) => m.isGroup && m.key === metricGroupKey)) {
        throw notFound(`Metric group '${metricGroupKey}' is not measured by iteration '${iteration._id}'`);
      }
      const metrics = group.metrics.map((step) => ({
        metric: metricInGroupRep(project, group, step),
        results: bayesianResults({
          experimentId: experiment._id,
          iteration,
          metric: store.metric(project, step.key),
          treatmentNames: treatmentNames(iteration),
          includeTraffic: false,
          selfHref: `${ctx.pathname.replace(/\/metric-groups\/[^/]+\/results$/, '')}/metrics/${step.key}/results`,
        }),
      }));
      return { status: 200, body: { _links: { self: { href: ctx.pathname, type: 'application/json' } }, metrics } };
    },

    getLegacyExperimentResults: (ctx) => {
      const { projectKey, featureFlagKey, environmentKey, metricKey } = ctx.params;
      const project = store.project(projectKey);
      const flag = store.flag(project, featureFlagKey);
      store.environment(project, environmentKey);
      const metric = store.metric(project, metricKey);
      const { from, to } = ctx.query as { from?: number; to?: number };
      if (from !== undefined && to !== undefined && from > to)
        throw badRequest("query parameter 'from' must not be after 'to'", 'from');
      const body = legacyResults({
        projectKey,
        environmentKey,
        flag,
        metric,
        from,
        to,
        reset: project.legacyResets.has(`${featureFlagKey}/${environmentKey}/${metricKey}`),
        selfHref: ctx.pathname,
      });
      return { status: 200, body };
    },

    resetExperiment: (ctx) => {
      const { projectKey, featureFlagKey, environmentKey, metricKey } = ctx.params;
      const project = store.project(projectKey);
      store.flag(project, featureFlagKey);
      store.environment(project, environmentKey);
      store.metric(project, metricKey);
      project.legacyResets.set(`${featureFlagKey}/${environmentKey}/${metricKey}`, ctx.now);
      return { status: 204 };
    },
  });
}
