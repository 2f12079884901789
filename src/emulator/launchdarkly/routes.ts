import type { Handler, HandlerContext } from '../handler';
import { HttpError, badRequest } from '../http';
import { type PatchContext } from './field-updates';
import { buildIterationSpec } from './iteration-input';
import { byNewest, matchesFilter, matchesLifecycle, pageLinks, parseFilter } from './list';
import { applyInstructions } from './patch';
import { experimentRep, iterationRep } from './represent';
import { type LdStore, type ProjectState, type StoredExperiment, type StoredIteration } from './store';

const etag = (e: StoredExperiment) => ({ ETag: `"${e.version}"` });

/** The `expand` query as a set (validated against the spec's enum already). */
export const expandOf = (ctx: HandlerContext) => new Set<string>((ctx.query.expand as string[] | undefined) ?? []);

/** Context for semantic patch / field edits, validating nested values against the spec. */
export function patchContext(store: LdStore, project: ProjectState, ctx: HandlerContext): PatchContext {
  return {
    store,
    project,
    now: ctx.now,
    validate: (pointer, value, where) => {
      const validate = ctx.validator.validatorAt(pointer);
      if (!validate(value)) {
        const e = validate.errors?.[0];
        throw badRequest(`${where}${e?.instancePath ?? ''} ${e?.message ?? 'is invalid'}`);
      }
    },
  };
}

/**
 * Honours `If-Match` (optimistic locking): a value other than the experiment's current ETag (or `*`)
 * answers 409 `optimistic_locking_error`, as LaunchDarkly does for concurrent writes.
 */
function checkIfMatch(ctx: HandlerContext, e: StoredExperiment): void {
  const header = ctx.headers['if-match'];
  if (header === undefined) return;
  const wanted = String(header)
    .split(',')
    .map((v) => v.trim().replace(/^W\//, ''));
  if (wanted.includes('*') || wanted.includes(`"${e.version}"`) || wanted.includes(String(e.version))) return;
  throw new HttpError(
    409,
    'optimistic_locking_error',
    `Conflict: the experiment is at version ${e.version}, not ${header}`,
  );
}

function listExperiments(store: LdStore, ctx: HandlerContext, environmentKey: string | undefined) {
  const project = store.project(ctx.params.projectKey);
  if (environmentKey !== undefined) store.environment(project, environmentKey);
  const filter = parseFilter(ctx.query.filter);
  const members = (groupKey: string) =>
    project.fixture.metricGroups.find((g) => g.key === groupKey)?.metrics.map((m) => m.key) ?? [];
  const matching = project.experiments
    .filter((e) => environmentKey === undefined || e.environmentKey === environmentKey)
    .filter((e) => matchesLifecycle(e, ctx.query.lifecycleState))
    .filter((e) => matchesFilter(e, filter, members))
    .sort(byNewest);
  const limit: number = ctx.query.limit;
  const offset: number = ctx.query.offset;
  const expand = expandOf(ctx);
  return {
    status: 200,
    body: {
      items: matching.slice(offset, offset + limit).map((e) => experimentRep(project, e, expand)),
      total_count: matching.length,
      _links: pageLinks(ctx.pathname, ctx.searchParams, limit, offset, matching.length),
    },
  };
}

/** Handlers of the experiment CRUD, patch and iteration operations. */
export function experimentHandlers(store: LdStore): Record<string, Handler> {
  return {
    getExperiments: (ctx) => listExperiments(store, ctx, ctx.params.environmentKey),
    getExperimentsAnyEnv: (ctx) => listExperiments(store, ctx, undefined),

    createExperiment: (ctx) => {
      const { projectKey, environmentKey } = ctx.params;
      const project = store.project(projectKey);
      store.environment(project, environmentKey);
      const body = ctx.body;
      // createExperiment declares no 409, so a taken key is a 400 invalid_request.
      if (project.experiments.some((e) => e.environmentKey === environmentKey && e.key === body.key)) {
        throw badRequest(
          `an experiment with key '${body.key}' already exists in environment '${environmentKey}'`,
          'key',
        );
      }
      const spec = buildIterationSpec(store, project, environmentKey, body.iteration, true);
      const experiment: StoredExperiment = {
        _id: store.ids.next(),
        seq: store.nextSeq(),
        key: body.key,
        name: body.name,
        maintainerId: body.maintainerId ?? store.memberId,
        creationDate: ctx.now,
        projectKey,
        environmentKey,
        methodology: body.methodology ?? 'bayesian',
        dataSource: body.dataSource ?? 'launchdarkly',
        type: body.type ?? 'experiment',
        iterations: [{ _id: store.ids.next(), status: 'not_started', createdAt: ctx.now, version: 1, spec }],
        version: 1,
      };
      if (body.description !== undefined) experiment.description = body.description;
      if (body.holdoutId !== undefined) experiment.holdoutId = body.holdoutId;
      if (body.tags?.length) experiment.tags = [...new Set<string>(body.tags)];
      if (body.analysisConfig !== undefined) experiment.analysisConfig = body.analysisConfig;
      project.experiments.push(experiment);
      return { status: 201, body: experimentRep(project, experiment, new Set()), headers: etag(experiment) };
    },

    getExperiment: (ctx) => {
      const { projectKey, environmentKey, experimentKey } = ctx.params;
      const experiment = store.experiment(projectKey, environmentKey, experimentKey);
      return {
        status: 200,
        body: experimentRep(store.project(projectKey), experiment, expandOf(ctx)),
        headers: etag(experiment),
      };
    },

    patchExperiment: (ctx) => {
      const { projectKey, environmentKey, experimentKey } = ctx.params;
      const project = store.project(projectKey);
      const experiment = store.experiment(projectKey, environmentKey, experimentKey);
      checkIfMatch(ctx, experiment);
      const updated = applyInstructions(patchContext(store, project, ctx), experiment, ctx.body.instructions);
      store.replace(updated);
      return { status: 200, body: experimentRep(project, updated, new Set()), headers: etag(updated) };
    },

    createIteration: (ctx) => {
      const { projectKey, environmentKey, experimentKey } = ctx.params;
      const project = store.project(projectKey);
      const experiment = store.experiment(projectKey, environmentKey, experimentKey);
      if (experiment.archivedDate !== undefined)
        throw badRequest('archived experiments cannot get new iterations; restore it first');
      const spec = buildIterationSpec(store, project, environmentKey, ctx.body, true);
      const iteration: StoredIteration = {
        _id: store.ids.next(),
        status: 'not_started',
        createdAt: ctx.now,
        version: 1,
        spec,
      };
      const updated = structuredClone(experiment);
      // At most one draft: a new one replaces an unstarted draft.
      updated.iterations = updated.iterations.filter((i) => i.status !== 'not_started');
      updated.iterations.push(iteration);
      updated.version += 1;
      store.replace(updated);
      return { status: 200, body: iterationRep(project, iteration, new Set(['treatments'])) };
    },
  };
}
