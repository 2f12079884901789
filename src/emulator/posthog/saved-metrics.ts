import type { Handler, HandlerContext } from '../handler';
import { badRequest, notFound } from '../http';
import { checkCreateKeys } from './experiment-write';
import { prepareMetrics, usesEvent } from './metrics';
import { paginate } from './paginate';
import { savedMetricRep } from './represent';
import type { PhProject, PhSavedMetric, PhStore } from './store';

const iso = (ms: number) => new Date(ms).toISOString();

function find(store: PhStore, ctx: HandlerContext): { project: PhProject; metric: PhSavedMetric } {
  const project = store.project(ctx.params.project_id);
  const metric = project.savedMetrics.find((m) => m.id === Number(ctx.params.id));
  if (!metric) throw notFound('Not found.');
  return { project, metric };
}

/** Names are unique per project, ignoring case. */
function checkName(project: PhProject, name: string, self?: number): void {
  if (project.savedMetrics.some((m) => m.id !== self && m.name.toLowerCase() === name.toLowerCase())) {
    throw badRequest('A shared metric with this name already exists.', 'name');
  }
}

function update(store: PhStore, ctx: HandlerContext) {
  const { project, metric } = find(store, ctx);
  const body = ctx.body ?? {};
  const next = structuredClone(metric);
  if (body.name !== undefined) {
    checkName(project, body.name, metric.id);
    next.name = body.name;
  }
  if (body.description !== undefined) next.description = body.description;
  if (body.tags !== undefined) next.tags = [...body.tags];
  if (body.query !== undefined) {
    if (body.query.uuid !== undefined && body.query.uuid !== metric.query.uuid)
      throw badRequest('query.uuid cannot be changed.', 'query');
    next.query = prepareMetrics(store, [{ ...body.query, uuid: metric.query.uuid }], 'query', true)[0];
  }
  next.updated_at = iso(ctx.now);
  Object.assign(metric, next);
  return { status: 200, body: savedMetricRep(store, metric) };
}

/** Saved ("shared") metrics: CRUD ordered by name, search over name/description/tags, hard delete. */
export function savedMetricHandlers(store: PhStore, writableKeys: string[]): Record<string, Handler> {
  return {
    experiment_saved_metrics_list: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const search = String(ctx.query.search ?? '').toLowerCase();
      const list = project.savedMetrics
        .filter(
          (m) => !search || [m.name, m.description ?? '', ...m.tags].some((s) => s.toLowerCase().includes(search)),
        )
        .filter((m) => !ctx.query.event || usesEvent(m.query, ctx.query.event))
        .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id);
      const page = paginate(ctx, list);
      return { status: 200, body: { ...page, results: page.results.map((m) => savedMetricRep(store, m)) } };
    },
    experiment_saved_metrics_create: (ctx) => {
      const project = store.project(ctx.params.project_id);
      checkCreateKeys(ctx.body, writableKeys, 'ExperimentSavedMetric');
      checkName(project, ctx.body.name);
      const now = iso(ctx.now);
      const metric: PhSavedMetric = {
        id: store.nextId('saved_metric'),
        name: ctx.body.name,
        description: ctx.body.description ?? null,
        query: prepareMetrics(store, [ctx.body.query], 'query', true)[0],
        tags: [...(ctx.body.tags ?? [])],
        created_at: now,
        updated_at: now,
      };
      project.savedMetrics.push(metric);
      return { status: 201, body: savedMetricRep(store, metric) };
    },
    experiment_saved_metrics_retrieve: (ctx) => ({ status: 200, body: savedMetricRep(store, find(store, ctx).metric) }),
    experiment_saved_metrics_update: (ctx) => update(store, ctx),
    experiment_saved_metrics_partial_update: (ctx) => update(store, ctx),
    experiment_saved_metrics_destroy: (ctx) => {
      const { project, metric } = find(store, ctx);
      project.savedMetrics = project.savedMetrics.filter((m) => m.id !== metric.id);
      // Links to experiments go with the metric.
      for (const e of project.experiments)
        e.saved_metrics = e.saved_metrics.filter((l) => l.saved_metric !== metric.id);
      return { status: 204 };
    },
  };
}
