import type { Handler, HandlerContext } from '../handler';
import { badRequest } from '../http';
import { commit } from './experiments';
import type { PhFlag } from './fixtures';
import { flagForNewExperiment, isExperimentFlag } from './flags';
import { prepareMetrics } from './metrics';
import { experimentRep, statusOf } from './represent';
import type { PhExperiment, PhProject, PhStore } from './store';

type Step = (x: { e: PhExperiment; flag: PhFlag; project: PhProject; body: any; now: string; status: string }) => void;

const DAY_MS = 86_400_000;

/**
 * Runs a lifecycle action on copies of the experiment and its flag and stores them only if the
 * step succeeds, so a refused action (400, or 409 under an approval policy) changes nothing.
 */
function action(store: PhStore, step: Step): Handler {
  return (ctx: HandlerContext) => {
    const project = store.project(ctx.params.project_id);
    const found = store.experiment(project, Number(ctx.params.id));
    const e = structuredClone(found);
    const flag = structuredClone(store.flagOf(project, found));
    const now = new Date(ctx.now).toISOString();
    step({ e, flag, project, body: ctx.body ?? {}, now, status: statusOf(project, found) });
    e.updated_at = now;
    commit(project, e, flag);
    return { status: 200, body: experimentRep(store, project, e) };
  };
}

const launched = (status: string) => status === 'running' || status === 'paused' || status === 'exposure_frozen';

function endWith(e: PhExperiment, body: any, now: string): void {
  e.end_date = now;
  if (body.conclusion !== undefined) e.conclusion = body.conclusion;
  if (body.conclusion_comment !== undefined) e.conclusion_comment = body.conclusion_comment;
}

/** Lifecycle actions: launch, pause, resume, end, ship_variant, archive, unarchive, reset, (un)freeze, duplicate, stats. */
export function experimentActionHandlers(store: PhStore): Record<string, Handler> {
  return {
    experiments_launch: action(store, ({ e, flag, now, status }) => {
      if (status !== 'draft') throw badRequest('Experiment has already been launched.');
      if (!isExperimentFlag(flag))
        throw badRequest("The feature flag needs at least two variants, one with key 'control'.", 'feature_flag');
      store.checkApproval('experiment.launch', 'feature_flag', flag.id);
      e.start_date = now;
      flag.active = true;
      flag.version += 1;
    }),
    experiments_pause: action(store, ({ flag, status }) => {
      if (status !== 'running')
        throw badRequest(status === 'paused' ? 'Experiment is already paused.' : 'Experiment is not running.');
      store.checkApproval('experiment.pause', 'feature_flag', flag.id);
      flag.active = false;
      flag.version += 1;
    }),
    experiments_resume: action(store, ({ flag, status }) => {
      if (status !== 'paused')
        throw badRequest(status === 'running' ? 'Experiment is not paused.' : 'Experiment is not running.');
      // Resuming enables the flag, which the launch policy gates.
      store.checkApproval('experiment.launch', 'feature_flag', flag.id);
      flag.active = true;
      flag.version += 1;
    }),
    experiments_end: action(store, ({ e, body, now, status }) => {
      if (!launched(status)) throw badRequest('Experiment is not running.');
      endWith(e, body, now);
    }),
    experiments_ship_variant: action(store, ({ e, flag, body, now, status }) => {
      if (status === 'draft') throw badRequest('Cannot ship a variant of a draft experiment.');
      const variants: Array<{ key: string; rollout_percentage: number }> = flag.filters.multivariate?.variants ?? [];
      if (!variants.some((v) => v.key === body.variant_key))
        throw badRequest(`Variant '${body.variant_key}' is not a variant of the flag.`, 'variant_key');
      store.checkApproval('experiment.update', 'feature_flag', flag.id);
      flag.filters.multivariate = {
        variants: variants.map((v) => ({ ...v, rollout_percentage: v.key === body.variant_key ? 100 : 0 })),
      };
      if (body.release_to_everyone)
        flag.filters.groups = [{ properties: [], rollout_percentage: 100 }, ...(flag.filters.groups ?? [])];
      flag.active = true;
      flag.version += 1;
      if (!e.end_date) endWith(e, body, now);
    }),
    experiments_archive: action(store, ({ e, flag, body }) => {
      if (e.archived) throw badRequest('Experiment is already archived.');
      if (!e.end_date) throw badRequest('Only ended experiments can be archived.');
      // Disabling the flag is gated like a pause; the archive is then not applied either.
      if (body.disable_feature_flag) store.checkApproval('experiment.pause', 'feature_flag', flag.id);
      e.archived = true;
      if (body.disable_feature_flag) {
        flag.active = false;
        flag.version += 1;
      }
    }),
    experiments_unarchive: action(store, ({ e }) => {
      if (!e.archived) throw badRequest('Experiment is not archived.');
      e.archived = false;
    }),
    experiments_reset: action(store, ({ e, status }) => {
      if (status === 'draft') throw badRequest('Experiment is already a draft.');
      Object.assign(e, {
        start_date: null,
        end_date: null,
        conclusion: null,
        conclusion_comment: null,
        archived: false,
        frozen: false,
      });
    }),
    experiments_freeze_exposure: action(store, ({ e, status }) => {
      if (status !== 'running')
        throw badRequest(status === 'exposure_frozen' ? 'Exposure is already frozen.' : 'Experiment is not running.');
      e.frozen = true;
    }),
    experiments_unfreeze_exposure: action(store, ({ e, status }) => {
      if (status !== 'exposure_frozen') throw badRequest('Exposure is not frozen.');
      e.frozen = false;
    }),

    experiments_duplicate: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const source = store.experiment(project, Number(ctx.params.id));
      const body = ctx.body ?? {};
      const now = new Date(ctx.now).toISOString();
      const name = body.name ?? `${source.name} (copy)`;
      const key = body.feature_flag_key ?? source.feature_flag_key;
      const sourceFlag = store.flagOf(project, source);
      // An existing key (the source's by default) links that flag; a new key gets a new flag with the source's variants.
      const existing = project.flags.find((f) => f.key === key && !f.deleted);
      const flag = structuredClone(
        existing ??
          flagForNewExperiment(store, project, {
            name,
            feature_flag_key: key,
            feature_flag: { filters: { multivariate: sourceFlag.filters.multivariate } },
          }),
      );
      if (!isExperimentFlag(flag))
        throw badRequest(`Feature flag '${key}' cannot back an experiment.`, 'feature_flag_key');
      const renew = (metrics: Array<Record<string, any>>) =>
        prepareMetrics(
          store,
          metrics.map(({ uuid: _u, fingerprint: _f, ...m }) => m),
          'metrics',
          true,
        );
      const e: PhExperiment = {
        ...structuredClone(source),
        id: store.nextId('experiment'),
        name,
        feature_flag_key: key,
        flagId: flag.id,
        start_date: null,
        end_date: null,
        archived: false,
        conclusion: null,
        conclusion_comment: null,
        frozen: false,
        exposure_cohort: null,
        created_at: now,
        updated_at: now,
        metrics: renew(source.metrics),
        metrics_secondary: renew(source.metrics_secondary),
        saved_metrics: source.saved_metrics.map((l) => ({
          ...l,
          id: store.nextId('saved_metric_link'),
          created_at: now,
        })),
      };
      e.primary_metrics_ordered_uuids = e.metrics.map((m) => m.uuid);
      e.secondary_metrics_ordered_uuids = e.metrics_secondary.map((m) => m.uuid);
      commit(project, e, flag);
      return { status: 201, body: experimentRep(store, project, e) };
    },

    experiments_stats: (ctx) => {
      const project = store.project(ctx.params.project_id);
      const live = project.experiments.filter((e) => !e.deleted && !e.archived);
      const within = (iso: string | null, fromDays: number, toDays: number) =>
        iso !== null && ctx.now - Date.parse(iso) >= fromDays * DAY_MS && ctx.now - Date.parse(iso) < toDays * DAY_MS;
      const last = live.filter((e) => within(e.start_date, 0, 30)).length;
      const previous = live.filter((e) => within(e.start_date, 30, 60)).length;
      return {
        status: 200,
        body: {
          launched_last_30d: last,
          launched_previous_30d: previous,
          percent_change: previous === 0 ? null : Math.round(((last - previous) / previous) * 10000) / 100,
          active_experiments: live.filter((e) => launched(statusOf(project, e))).length,
          completed_last_30d: live.filter((e) => within(e.end_date, 0, 30)).length,
        },
      };
    },
  };
}
