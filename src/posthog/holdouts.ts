import {
  type PostHogExperimentHoldout,
  type PostHogExperimentHoldoutWrite,
  PostHogExperimentHoldoutWriteToJSON,
  type PostHogPaginatedExperimentHoldoutList,
  type PostHogPatchedExperimentHoldoutWrite,
} from '../../generated';
import { apiPromise, type APIPromise } from '../core/api-promise';
import { readResponse } from '../core/generated-call';
import type { NextUrlCursor, PagePromise } from '../core/paginate';
import {
  checkId,
  checkInteger,
  checkNumber,
  invalid,
  optionalText,
  rejectDroppedKeys,
  requireObject,
  requireText,
} from './input';
import type { RequestOptions } from './options';
import { forCall, listPages, type PostHogContext } from './context';
import { pageQuery, type PageParams } from './query';

/** Longest holdout name and description, in characters. */
export const MAX_HOLDOUT_TEXT_LENGTH = 400;

/** `holdouts.list()`: `await` for the first page, `for await` for every holdout. */
export type HoldoutList = PagePromise<PostHogPaginatedExperimentHoldoutList, PostHogExperimentHoldout, NextUrlCursor>;

/**
 * Checks a holdout body: non-blank `name` (≤ 400), `description` ≤ 400, and a non-empty `filters` list whose
 * groups each hold out `rollout_percentage` (0–100, fractions allowed) of users. `partial` (PATCH) makes every
 * field optional.
 */
export function checkHoldoutWrite(
  body: PostHogExperimentHoldoutWrite | PostHogPatchedExperimentHoldoutWrite,
  partial: boolean,
): void {
  const h = requireObject('holdout', body);
  if (!partial || h.name !== undefined) requireText('name', h.name, MAX_HOLDOUT_TEXT_LENGTH);
  optionalText('description', h.description, MAX_HOLDOUT_TEXT_LENGTH);
  if (partial && h.filters === undefined) return;
  if (!Array.isArray(h.filters) || h.filters.length === 0)
    invalid('filters', 'must be a non-empty array of { rollout_percentage, properties? }');
  h.filters.forEach((group, i) => {
    const at = `filters[${i}]`;
    const g = requireObject(at, group);
    if (g.rollout_percentage === undefined || g.rollout_percentage === null)
      invalid(`${at}.rollout_percentage`, 'is required (percentage of users held out, 0-100)');
    checkNumber(`${at}.rollout_percentage`, g.rollout_percentage, 0, 100);
    checkInteger(`${at}.aggregation_group_type_index`, g.aggregation_group_type_index, 0, 4, true);
    if (g.properties === undefined) return;
    if (!Array.isArray(g.properties)) invalid(`${at}.properties`, 'must be an array of property filters');
    g.properties.forEach((filter, j) =>
      requireText(`${at}.properties[${j}].key`, requireObject(`${at}.properties[${j}]`, filter).key),
    );
  });
}

/**
 * Experiment holdouts (`/api/projects/{project_id}/experiment_holdouts/`): users kept out of every experiment
 * that references the holdout. Needs the `experiment_holdout:read`/`:write` scopes (older servers: `experiment:*`).
 */
export class HoldoutsResource {
  readonly #ctx: PostHogContext;

  /** @internal Built by `PostHogExperiments`. */
  constructor(ctx: PostHogContext) {
    this.#ctx = ctx;
  }

  /** Lists holdouts, newest first; `limit` default 100 (server), `offset` default 0. */
  list(params?: PageParams, options?: RequestOptions): HoldoutList {
    const query = { projectId: this.#ctx.projectId, ...pageQuery(params) };
    const api = forCall(this.#ctx.holdouts, options);
    return listPages(this.#ctx, options, () => api.experimentHoldoutsListRaw(query), 'experimentHoldoutsList');
  }

  /** Creates a holdout (201). Attach it to experiments with their `holdout_id`. */
  create(body: PostHogExperimentHoldoutWrite, options?: RequestOptions): APIPromise<PostHogExperimentHoldout> {
    return apiPromise(async () => {
      checkHoldoutWrite(body, false);
      // Only on create: a holdout read back carries read-only keys an update may send along.
      rejectDroppedKeys(body, PostHogExperimentHoldoutWriteToJSON);
      const call = forCall(this.#ctx.holdouts, options).experimentHoldoutsCreateRaw({
        projectId: this.#ctx.projectId,
        postHogExperimentHoldoutWrite: body,
      });
      return readResponse(await call, 'POST', 'experimentHoldoutsCreate');
    });
  }

  /** Reads one holdout. */
  retrieve(id: number, options?: RequestOptions): APIPromise<PostHogExperimentHoldout> {
    return apiPromise(async () => {
      const call = forCall(this.#ctx.holdouts, options).experimentHoldoutsRetrieveRaw(this.#target(id));
      return readResponse(await call, 'GET', 'experimentHoldoutsRetrieve');
    });
  }

  /** Replaces a holdout (PUT); filter changes reach every linked experiment's flag. May throw ApprovalRequiredError (409). */
  update(
    id: number,
    body: PostHogExperimentHoldoutWrite,
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentHoldout> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkHoldoutWrite(body, false);
      const call = forCall(this.#ctx.holdouts, options).experimentHoldoutsUpdateRaw({
        ...target,
        postHogExperimentHoldoutWrite: body,
      });
      return readResponse(await call, 'PUT', 'experimentHoldoutsUpdate');
    });
  }

  /** Updates the given fields (PATCH). May throw ApprovalRequiredError (409). */
  partialUpdate(
    id: number,
    body: PostHogPatchedExperimentHoldoutWrite,
    options?: RequestOptions,
  ): APIPromise<PostHogExperimentHoldout> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkHoldoutWrite(body, true);
      const call = forCall(this.#ctx.holdouts, options).experimentHoldoutsPartialUpdateRaw({
        ...target,
        postHogPatchedExperimentHoldoutWrite: body,
      });
      return readResponse(await call, 'PATCH', 'experimentHoldoutsPartialUpdate');
    });
  }

  /** Permanently deletes a holdout (DELETE, 204) after PostHog unlinks it from experiment flags. May 409. */
  delete(id: number, options?: RequestOptions): APIPromise<void> {
    return apiPromise(async () => {
      return readResponse(
        await forCall(this.#ctx.holdouts, options).experimentHoldoutsDestroyRaw(this.#target(id)),
        'DELETE',
        'experimentHoldoutsDestroy',
      );
    });
  }

  #target(id: number): { projectId: string; id: number } {
    return { projectId: this.#ctx.projectId, id: checkId('id', id) };
  }
}
