import {
  type PostHogPaginatedSavedMetricList,
  type PostHogPatchedSavedMetricWrite,
  type PostHogSavedMetric,
  type PostHogSavedMetricWrite,
  PostHogSavedMetricWriteToJSON,
} from '../../generated';
import { apiPromise, type APIPromise } from '../core/api-promise';
import { readResponse } from '../core/generated-call';
import type { NextUrlCursor, PagePromise } from '../core/paginate';
import { checkCreatableKeys, checkId, checkStringList, optionalText, requireObject, requireText } from './input';
import { checkMetric } from './metrics';
import type { RequestOptions } from './options';
import { forCall, listPages, type PostHogContext } from './context';
import { savedMetricListQuery, type SavedMetricListParams } from './query';

/** Longest saved-metric name and description, in characters. */
export const MAX_SAVED_METRIC_TEXT_LENGTH = 400;

/** `savedMetrics.list()`: `await` for the first page, `for await` for every shared metric. */
export type SavedMetricList = PagePromise<PostHogPaginatedSavedMetricList, PostHogSavedMetric, NextUrlCursor>;

/**
 * Checks a shared-metric body: non-blank `name` (≤ 400, unique per project ignoring case — checked by the
 * server), `description` ≤ 400, `query` a valid experiment metric, `tags` strings. `partial` (PATCH) makes every
 * field optional.
 */
export function checkSavedMetricWrite(
  body: PostHogSavedMetricWrite | PostHogPatchedSavedMetricWrite,
  partial: boolean,
) {
  const m = requireObject('savedMetric', body);
  if (!partial || m.name !== undefined) requireText('name', m.name, MAX_SAVED_METRIC_TEXT_LENGTH);
  optionalText('description', m.description, MAX_SAVED_METRIC_TEXT_LENGTH);
  if (!partial || m.query !== undefined) checkMetric(m.query, 'query');
  checkStringList('tags', m.tags);
}

/**
 * Shared ("saved") experiment metrics (`/api/projects/{project_id}/experiment_saved_metrics/`), linked to
 * experiments through `saved_metrics_ids`. Needs the `experiment_saved_metric:read`/`:write` scopes.
 */
export class SavedMetricsResource {
  readonly #ctx: PostHogContext;

  /** @internal Built by `PostHogExperiments`. */
  constructor(ctx: PostHogContext) {
    this.#ctx = ctx;
  }

  /** Lists shared metrics by name; `search` matches name/description/tags, `event` the events used. `limit` default 100. */
  list(params?: SavedMetricListParams, options?: RequestOptions): SavedMetricList {
    const query = { projectId: this.#ctx.projectId, ...savedMetricListQuery(params) };
    const api = forCall(this.#ctx.savedMetrics, options);
    return listPages(this.#ctx, options, () => api.experimentSavedMetricsListRaw(query), 'experimentSavedMetricsList');
  }

  /** Creates a shared metric (201). */
  create(body: PostHogSavedMetricWrite, options?: RequestOptions): APIPromise<PostHogSavedMetric> {
    return apiPromise(async () => {
      checkSavedMetricWrite(body, false);
      checkCreatableKeys(body, PostHogSavedMetricWriteToJSON, 'a shared metric');
      const call = forCall(this.#ctx.savedMetrics, options).experimentSavedMetricsCreateRaw({
        projectId: this.#ctx.projectId,
        postHogSavedMetricWrite: body,
      });
      return readResponse(await call, 'POST', 'experimentSavedMetricsCreate');
    });
  }

  /** Reads one shared metric. */
  retrieve(id: number, options?: RequestOptions): APIPromise<PostHogSavedMetric> {
    return apiPromise(async () => {
      const call = forCall(this.#ctx.savedMetrics, options).experimentSavedMetricsRetrieveRaw(this.#target(id));
      return readResponse(await call, 'GET', 'experimentSavedMetricsRetrieve');
    });
  }

  /** Replaces a shared metric (PUT); its `query.uuid` cannot change once set. */
  update(id: number, body: PostHogSavedMetricWrite, options?: RequestOptions): APIPromise<PostHogSavedMetric> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkSavedMetricWrite(body, false);
      const call = forCall(this.#ctx.savedMetrics, options).experimentSavedMetricsUpdateRaw({
        ...target,
        postHogSavedMetricWrite: body,
      });
      return readResponse(await call, 'PUT', 'experimentSavedMetricsUpdate');
    });
  }

  /** Updates the given fields (PATCH). */
  partialUpdate(
    id: number,
    body: PostHogPatchedSavedMetricWrite,
    options?: RequestOptions,
  ): APIPromise<PostHogSavedMetric> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkSavedMetricWrite(body, true);
      const call = forCall(this.#ctx.savedMetrics, options).experimentSavedMetricsPartialUpdateRaw({
        ...target,
        postHogPatchedSavedMetricWrite: body,
      });
      return readResponse(await call, 'PATCH', 'experimentSavedMetricsPartialUpdate');
    });
  }

  /** Permanently deletes a shared metric and its links to experiments (DELETE, 204). */
  delete(id: number, options?: RequestOptions): APIPromise<void> {
    return apiPromise(async () => {
      return readResponse(
        await forCall(this.#ctx.savedMetrics, options).experimentSavedMetricsDestroyRaw(this.#target(id)),
        'DELETE',
        'experimentSavedMetricsDestroy',
      );
    });
  }

  #target(id: number): { projectId: string; id: number } {
    return { projectId: this.#ctx.projectId, id: checkId('id', id) };
  }
}
