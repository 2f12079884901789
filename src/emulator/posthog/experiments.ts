import type { Handler, HandlerContext } from '../handler';
import { badRequest } from '../http';
import { applyExperimentWrite, checkCreateKeys } from './experiment-write';
import type { PhFlag } from './fixtures';
import { flagForNewExperiment } from './flags';
import { usesEvent } from './metrics';
import { paginate } from './paginate';
import { experimentBasicRep, experimentRep, statusOf } from './represent';
import type { PhExperiment, PhProject, PhStore } from './store';

const iso = (ms: number) => new Date(ms).toISOString();

/** Sort keys of `order`; a leading `-` means descending. Ties fall back to newest id first. */
function sortKey(project: PhProject, e: PhExperiment, field: string): string | number {
  switch (field) {
    case 'name':
      return e.name.toLowerCase();
    case 'created_by':
      return 0;
    case 'status':
      return statusOf(project, e);
    case 'duration':
      return e.start_date ? Date.parse(e.end_date ?? '9999-12-31T00:00:00Z') - Date.parse(e.start_date) : -1;
    default:
      return (e as any)[field] ?? '';
  }
}

/** Commits copies made by a write back into the project (swap by id). */
export function commit(project: PhProject, e: PhExperiment, flag: PhFlag): void {
  const i = project.experiments.findIndex((x) => x.id === e.id);
  if (i >= 0) project.experiments[i] = e;
  else project.experiments.push(e);
  const f = project.flags.findIndex((x) => x.id === flag.id);
  if (f >= 0) project.flags[f] = flag;
  else project.flags.push(flag);
}

function update(store: PhStore, ctx: HandlerContext): ReturnType<Handler> {
  const project = store.project(ctx.params.project_id);
  // A body with `deleted: false` may find a soft-deleted experiment: that is how one is restored.
  const found = store.experiment(project, Number(ctx.params.id), ctx.body?.deleted === false);
  const e = structuredClone(found);
  const flag = structuredClone(store.flagOf(project, found));
  applyExperimentWrite(store, project, e, flag, ctx.body ?? {}, iso(ctx.now), false);
  commit(project, e, flag);
  return { status: 200, body: experimentRep(store, project, e) };
}

/** Handlers of experiment CRUD (soft delete through PATCH `deleted: true`; DELETE is always 405). */
export function experimentCrudHandlers(store: PhStore, writableKeys: string[]): Record<string, Handler> {
  return {
    experiments_list: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const q = ctx.query;
      const archived = q.archived === true;
      const wanted = q.status === 'complete' ? 'stopped' : q.status;
      let list = project.experiments.filter((e) => !e.deleted && e.archived === archived);
      if (wanted && wanted !== 'all') list = list.filter((e) => statusOf(project, e) === wanted);
      if (q.created_by_id !== undefined) list = list.filter(() => q.created_by_id === store.user.id);
      if (q.feature_flag_id !== undefined) list = list.filter((e) => e.flagId === q.feature_flag_id);
      if (q.search) list = list.filter((e) => e.name.toLowerCase().includes(String(q.search).toLowerCase()));
      if (q.event) list = list.filter((e) => [...e.metrics, ...e.metrics_secondary].some((m) => usesEvent(m, q.event)));
      if (q.prompt_name)
        list = list.filter((e) => (e.parameters as any)?.prompt_metadata?.prompt_name === q.prompt_name);
      const order: string = q.order ?? '-created_at';
      const field = order.replace(/^-/, '');
      const sign = order.startsWith('-') ? -1 : 1;
      list = [...list].sort((a, b) => {
        const x = sortKey(project, a, field);
        const y = sortKey(project, b, field);
        return (x < y ? -1 : x > y ? 1 : 0) * sign || b.id - a.id;
      });
      const page = paginate(ctx, list);
      return {
        status: 200,
        body: { ...page, results: page.results.map((e) => experimentBasicRep(store, project, e)) },
      };
    },

    experiments_create: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const body = ctx.body;
      checkCreateKeys(body, writableKeys, 'Experiment');
      const flag = structuredClone(flagForNewExperiment(store, project, body));
      const now = iso(ctx.now);
      const e: PhExperiment = {
        id: store.nextId('experiment'),
        name: body.name,
        description: null,
        start_date: null,
        end_date: null,
        feature_flag_key: body.feature_flag_key,
        flagId: flag.id,
        holdout_id: null,
        exposure_cohort: null,
        parameters: null,
        running_time_calculation: null,
        excluded_variants: null,
        archived: false,
        deleted: false,
        created_at: now,
        updated_at: now,
        type: 'product',
        conclusion: null,
        conclusion_comment: null,
        metrics: [],
        metrics_secondary: [],
        saved_metrics: [],
        stats_config: { method: 'bayesian' },
        scheduling_config: null,
        exposure_criteria: { filterTestAccounts: true },
        primary_metrics_ordered_uuids: [],
        secondary_metrics_ordered_uuids: [],
        filters: {},
        only_count_matured_users: false,
        frozen: false,
      };
      if (body.deleted) throw badRequest('Cannot create a deleted experiment.', 'deleted');
      applyExperimentWrite(store, project, e, flag, body, now, true);
      commit(project, e, flag);
      return { status: 201, body: experimentRep(store, project, e) };
    },

    experiments_retrieve: (ctx) => {
      const project = store.project(ctx.params.project_id);
      return { status: 200, body: experimentRep(store, project, store.experiment(project, Number(ctx.params.id))) };
    },

    experiments_update: (ctx) => update(store, ctx),
    experiments_partial_update: (ctx) => update(store, ctx),

    // PostHog never hard-deletes experiments: 405 with an empty body for any id, known, unknown or soft-deleted
    // (soft delete is PATCH deleted: true).
    experiments_destroy: () => ({ status: 405 }),
  };
}
