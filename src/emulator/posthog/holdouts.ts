import type { Handler, HandlerContext } from '../handler';
import { syncHoldout } from './flags';
import { paginate } from './paginate';
import { holdoutRep } from './represent';
import type { PhHoldout, PhProject, PhStore } from './store';
import { notFound } from '../http';

const iso = (ms: number) => new Date(ms).toISOString();

function find(store: PhStore, ctx: HandlerContext): { project: PhProject; holdout: PhHoldout } {
  const project = store.project(ctx.params.project_id);
  const holdout = project.holdouts.find((h) => h.id === Number(ctx.params.id));
  if (!holdout) throw notFound('Not found.');
  return { project, holdout };
}

/** The server names each group's variant after the holdout. */
function normaliseFilters(id: number, filters: Array<Record<string, any>>): Array<Record<string, any>> {
  return filters.map((f) => ({ ...structuredClone(f), properties: f.properties ?? [], variant: `holdout-${id}` }));
}

/** Rewrites the holdout exclusion into the flag of every experiment that uses the holdout. */
function pushToFlags(project: PhProject): void {
  for (const e of project.experiments) {
    const flag = project.flags.find((f) => f.id === e.flagId);
    if (flag && (e.holdout_id !== null || flag.filters.holdout)) syncHoldout(project, e, flag);
  }
}

function update(store: PhStore, ctx: HandlerContext) {
  const { project, holdout } = find(store, ctx);
  store.checkApproval('experiment_holdout.update', 'experiment_holdout', holdout.id);
  const body = ctx.body ?? {};
  if (body.name !== undefined) holdout.name = body.name;
  if (body.description !== undefined) holdout.description = body.description;
  if (body.filters !== undefined) holdout.filters = normaliseFilters(holdout.id, body.filters);
  holdout.updated_at = iso(ctx.now);
  pushToFlags(project);
  return { status: 200, body: holdoutRep(store, holdout) };
}

/** Experiment holdouts: CRUD, newest first, hard delete that first unlinks every experiment. */
export function holdoutHandlers(store: PhStore): Record<string, Handler> {
  return {
    experiment_holdouts_list: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const page = paginate(
        ctx,
        [...project.holdouts].sort((a, b) => b.id - a.id),
      );
      return { status: 200, body: { ...page, results: page.results.map((h) => holdoutRep(store, h)) } };
    },
    experiment_holdouts_create: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const id = store.nextId('holdout');
      const now = iso(ctx.now);
      const holdout: PhHoldout = {
        id,
        name: ctx.body.name,
        description: ctx.body.description ?? null,
        filters: normaliseFilters(id, ctx.body.filters),
        created_at: now,
        updated_at: now,
      };
      project.holdouts.push(holdout);
      return { status: 201, body: holdoutRep(store, holdout) };
    },
    experiment_holdouts_retrieve: (ctx) => ({ status: 200, body: holdoutRep(store, find(store, ctx).holdout) }),
    experiment_holdouts_update: (ctx) => update(store, ctx),
    experiment_holdouts_partial_update: (ctx) => update(store, ctx),
    experiment_holdouts_destroy: (ctx) => {
      const { project, holdout } = find(store, ctx);
      store.checkApproval('experiment_holdout.delete', 'experiment_holdout', holdout.id);
      for (const e of project.experiments) if (e.holdout_id === holdout.id) e.holdout_id = null;
      project.holdouts = project.holdouts.filter((h) => h.id !== holdout.id);
      pushToFlags(project);
      return { status: 204 };
    },
  };
}
