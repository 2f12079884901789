/**
 * Experiment operations beyond CRUD and lifecycle: results timeseries and recalculation, change history,
 * flag-cleanup status, session helpers and project-level helpers. Operations PostHog marks experimental or
 * unstable say so in their JSDoc.
 */
import {
  type PostHogEligibleFeatureFlagList,
  type PostHogExperiment,
  type PostHogExperimentActivityList,
  type PostHogActivityLogEntry,
  type PostHogExperimentMetricsRecalculation,
  type PostHogExperimentSessionContext,
  type PostHogExperimentSessionContextList,
  type PostHogExperimentStats,
  type PostHogExperimentTimeseriesResults,
  type PostHogFeatureFlag,
  type PostHogFlagCleanupTarget,
  type PostHogFlagCleanupTask,
  type PostHogPromptTemplate,
  type PostHogRecalculateMetricsRequest,
  PostHogRecalculateMetricsRequestToJSON,
  type PostHogRecalculateTimeseriesRequest,
  PostHogRecalculateTimeseriesRequestToJSON,
  type PostHogRequiresFlagImplementationResponse,
  type PostHogRunningTimeCalculationRequest,
  type PostHogRunningTimeCalculationResult,
  type PostHogSessionBuckets,
  type PostHogSessionContextsRequest,
  PostHogSessionContextsRequestToJSON,
  type PostHogTimeseriesRecalculationJob,
} from '../../generated';
import { apiPromise, type APIPromise } from '../core/api-promise';
import { readResponse } from '../core/generated-call';
import { arrayOr } from '../core/tolerant';
import { offsetPagination, PagePromise, type NextUrlCursor, type OffsetCursor } from '../core/paginate';
import { checkRunningTimeBody } from './experiment-input';
import {
  checkEnum,
  checkId,
  checkUuid,
  invalid,
  rejectDroppedKeys,
  requireObject,
  requireQueryText,
  requireText,
} from './input';
import { checkMetric } from './metrics';
import type { RequestOptions } from './options';
import { forCall, listPages, type PostHogContext } from './context';
import { eligibleFlagQuery, type EligibleFlagListParams } from './query';

/** Triggers `recalculateMetrics` accepts (`agent_mcp` needs newer servers). Default `manual`. */
export const RECALCULATION_TRIGGERS = [
  'manual',
  'agent_mcp',
  'cold_run',
  'stale_refresh',
  'auto_refresh',
  'config_change',
  'experiment_launch',
  'experiment_stop',
  'experiment_update',
] as const;

/** Default page size of `eligibleFeatureFlags` (the server's). */
export const DEFAULT_ELIGIBLE_FLAGS_LIMIT = 20;

/** `experiments.activity(id)`: `await` for the first page, `for await` for every history entry. */
export type ActivityList = PagePromise<PostHogExperimentActivityList, PostHogActivityLogEntry, NextUrlCursor>;
/** `experiments.eligibleFeatureFlags()`: `await` for the first page, `for await` for every flag. */
export type EligibleFlagList = PagePromise<PostHogEligibleFeatureFlagList, PostHogFeatureFlag, OffsetCursor>;

/** Results, recalculation, history and helper operations; `ExperimentsResource` adds CRUD and lifecycle. */
export class ExperimentAnalysis {
  readonly #ctx: PostHogContext;

  /** @internal Built by `PostHogExperiments`. */
  constructor(ctx: PostHogContext) {
    this.#ctx = ctx;
  }

  /** Day-by-day results of one metric; `metric_uuid` and `fingerprint` come from the metric in the experiment. */
  timeseriesResults(
    id: number,
    params: { metric_uuid: string; fingerprint: string },
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentTimeseriesResults> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const metricUuid = requireQueryText('metric_uuid', params?.metric_uuid);
      const fingerprint = requireQueryText('fingerprint', params.fingerprint);
      const call = this.#api(options).experimentsTimeseriesResultsRaw({ ...target, metricUuid, fingerprint });
      return readResponse(await call, 'GET', 'experimentsTimeseriesResults');
    });
  }

  /** Queues a recomputation of one metric's timeseries (201 new job, 200 job already pending). */
  recalculateTimeseries(
    id: number,
    body: PostHogRecalculateTimeseriesRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogTimeseriesRecalculationJob> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkMetric(requireObject('body', body).metric, 'metric');
      requireText('fingerprint', body.fingerprint);
      rejectDroppedKeys(body, PostHogRecalculateTimeseriesRequestToJSON);
      const call = this.#api(options).experimentsRecalculateTimeseriesRaw({
        ...target,
        postHogRecalculateTimeseriesRequest: body,
      });
      return readResponse(await call, 'POST', 'experimentsRecalculateTimeseries');
    });
  }

  /** Queues a recalculation of every metric (201 new run, 200 run already active); `trigger` default `manual`. */
  recalculateMetrics(
    id: number,
    body?: PostHogRecalculateMetricsRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentMetricsRecalculation> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const sent = body ?? undefined;
      if (sent !== undefined) {
        checkEnum('trigger', requireObject('body', sent).trigger, RECALCULATION_TRIGGERS);
        rejectDroppedKeys(sent, PostHogRecalculateMetricsRequestToJSON);
      }
      const call = this.#api(options).experimentsMetricsRecalculationCreateRaw({
        ...target,
        postHogRecalculateMetricsRequest: sent,
      });
      return readResponse(await call, 'POST', 'experimentsMetricsRecalculationCreate');
    });
  }

  /** The latest finished metrics recalculation (or a timeseries-based placeholder); NotFoundError when none. */
  latestMetricsRecalculation(id: number, options?: RequestOptions): APIPromise<PostHogExperimentMetricsRecalculation> {
    return apiPromise(async () => {
      const call = this.#api(options).experimentsMetricsRecalculationLatestRaw(this.#target(id));
      return readResponse(await call, 'GET', 'experimentsMetricsRecalculationLatest');
    });
  }

  /** One metrics recalculation run (`recalculationId` is a UUID) with its per-metric results. */
  retrieveMetricsRecalculation(
    id: number,
    recalculationId: string,
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentMetricsRecalculation> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const call = this.#api(options).experimentsMetricsRecalculationRetrieveRaw({
        ...target,
        recalculationId: checkUuid('recalculationId', recalculationId),
      });
      return readResponse(await call, 'GET', 'experimentsMetricsRecalculationRetrieve');
    });
  }

  /** Experimental: change history of the experiment, its holdout and shared metrics, newest first (paginated). */
  activity(id: number, options?: RequestOptions): ActivityList {
    const target = this.#target(id);
    const api = this.#api(options);
    return listPages(this.#ctx, options, () => api.experimentsActivityRaw(target), 'experimentsActivity');
  }

  /** Experimental (PostHog Desktop): repository a flag-cleanup pull request would be opened in. */
  flagCleanupTarget(id: number, options?: RequestOptions): APIPromise<PostHogFlagCleanupTarget> {
    return apiPromise(async () => {
      return readResponse(
        await this.#api(options).experimentsFlagCleanupTargetRaw(this.#target(id)),
        'GET',
        'experimentsFlagCleanupTarget',
      );
    });
  }

  /** Experimental (PostHog Desktop): status of the cleanup task opened by `end`/`shipVariant`; poll until `is_terminal`. */
  flagCleanupTask(id: number, options?: RequestOptions): APIPromise<PostHogFlagCleanupTask> {
    return apiPromise(async () => {
      return readResponse(
        await this.#api(options).experimentsFlagCleanupTaskRaw(this.#target(id)),
        'GET',
        'experimentsFlagCleanupTask',
      );
    });
  }

  /** Experimental: session ids matching a bucket over the experiment's metrics (read-only despite POST). */
  sessionBuckets(
    id: number,
    body: Record<string, unknown>,
    options?: RequestOptions,
  ): APIPromise<PostHogSessionBuckets> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const call = this.#api(options).experimentsSessionBucketsRaw({
        ...target,
        requestBody: requireObject('body', body),
      });
      return readResponse(await call, 'POST', 'experimentsSessionBuckets');
    });
  }

  /** Project counters: launched in the last 30 days and the 30 before, change in %, active, completed. */
  stats(options?: RequestOptions): APIPromise<PostHogExperimentStats> {
    return apiPromise(async () => {
      return readResponse(await this.#api(options).experimentsStatsRaw(this.#project()), 'GET', 'experimentsStats');
    });
  }

  /** Experimental: estimates sample size (and running time in days when `exposure_rate_per_day` is given). */
  calculateRunningTime(
    body: PostHogRunningTimeCalculationRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogRunningTimeCalculationResult> {
    return apiPromise(async () => {
      checkRunningTimeBody(body);
      const call = this.#api(options).experimentsCalculateRunningTimeRaw({
        ...this.#project(),
        postHogRunningTimeCalculationRequest: body,
      });
      return readResponse(await call, 'POST', 'experimentsCalculateRunningTime');
    });
  }

  /** Experimental: builds a draft experiment comparing versions of an LLM prompt (201; body fields undocumented). */
  createFromPrompt(body: Record<string, unknown>, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const call = this.#api(options).experimentsCreateFromPromptRaw({
        ...this.#project(),
        requestBody: requireObject('body', body),
      });
      return readResponse(await call, 'POST', 'experimentsCreateFromPrompt');
    });
  }

  /** Experimental: metric templates accepted by `createFromPrompt`. */
  promptTemplates(options?: RequestOptions): APIPromise<PostHogPromptTemplate[]> {
    return apiPromise(async () => {
      return readResponse(
        await this.#api(options).experimentsPromptTemplatesRaw(this.#project()),
        'GET',
        'experimentsPromptTemplates',
      );
    });
  }

  /** Unstable: flags that can back an experiment (needs `feature_flag:read`); `limit` default 20, at most 100. */
  eligibleFeatureFlags(params?: EligibleFlagListParams, options?: RequestOptions): EligibleFlagList {
    const query = { ...this.#project(), ...eligibleFlagQuery(params) };
    const api = this.#api(options);
    const fetchPage = offsetPagination<PostHogEligibleFeatureFlagList, PostHogFeatureFlag>({
      limit: query.limit ?? DEFAULT_ELIGIBLE_FLAGS_LIMIT,
      startOffset: query.offset ?? 0,
      fetch: async ({ offset, limit }) => {
        const call = api.experimentsEligibleFeatureFlagsRaw({ ...query, limit, offset });
        const {
          data: page,
          response,
          requestId,
        } = await readResponse(await call, 'GET', 'experimentsEligibleFeatureFlags');
        // Bodies are read tolerantly, so a page may lack its list.
        return { page, items: arrayOr(page?.results), total: page?.count, response, requestId };
      },
    });
    return new PagePromise(fetchPage, { signal: options?.signal });
  }

  /** Deprecated legacy helper returning `{ result }` of undocumented shape. */
  requiresFlagImplementation(options?: RequestOptions): APIPromise<PostHogRequiresFlagImplementationResponse> {
    return apiPromise(async () => {
      return readResponse(
        await this.#api(options).experimentsRequiresFlagImplementationRaw(this.#project()),
        'GET',
        'experimentsRequiresFlagImplementation',
      );
    });
  }

  /** Experimental: experiments and variants one session recording saw. */
  sessionContext(sessionId: string, options?: RequestOptions): APIPromise<PostHogExperimentSessionContext> {
    return apiPromise(async () => {
      const call = this.#api(options).experimentsSessionContextRaw({
        ...this.#project(),
        sessionId: requireQueryText('sessionId', sessionId),
      });
      return readResponse(await call, 'GET', 'experimentsSessionContext');
    });
  }

  /** Experimental: `sessionContext` for 1 to 20 sessions at once (read-only despite POST). */
  sessionContexts(
    body: PostHogSessionContextsRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentSessionContextList> {
    return apiPromise(async () => {
      const ids = requireObject('body', body).session_ids;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 20)
        invalid('session_ids', 'must list 1 to 20 session ids');
      ids.forEach((sessionId, i) => requireText(`session_ids[${i}]`, sessionId));
      rejectDroppedKeys(body, PostHogSessionContextsRequestToJSON);
      const call = this.#api(options).experimentsSessionContextsRaw({
        ...this.#project(),
        postHogSessionContextsRequest: body,
      });
      return readResponse(await call, 'POST', 'experimentsSessionContexts');
    });
  }

  #api(options: RequestOptions | undefined) {
    return forCall(this.#ctx.experiments, options);
  }

  #project(): { projectId: string } {
    return { projectId: this.#ctx.projectId };
  }

  #target(id: number): { projectId: string; id: number } {
    return { projectId: this.#ctx.projectId, id: checkId('id', id) };
  }
}
