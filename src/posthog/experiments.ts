import {
  type PostHogArchiveExperimentRequest,
  PostHogArchiveExperimentRequestToJSON,
  type PostHogCopyExperimentToProjectRequest,
  PostHogCopyExperimentToProjectRequestToJSON,
  type PostHogDuplicateExperimentRequest,
  PostHogDuplicateExperimentRequestToJSON,
  type PostHogEndExperimentRequest,
  type PostHogExperiment,
  type PostHogExperimentBasic,
  type PostHogExperimentWrite,
  PostHogExperimentWriteToJSON,
  type PostHogExposureCohortResponse,
  type PostHogPaginatedExperimentList,
  type PostHogPatchedExperimentWrite,
  type PostHogShipVariantRequest,
} from '../../generated';
import { apiPromise, type APIPromise } from '../core/api-promise';
import { readResponse } from '../core/generated-call';
import type { NextUrlCursor, PagePromise } from '../core/paginate';
import { ExperimentAnalysis } from './experiment-analysis';
import {
  checkEndBody,
  checkExperimentWrite,
  checkFlagKey,
  checkShipVariantBody,
  MAX_NAME_LENGTH,
  writableBody,
} from './experiment-input';
import { checkBoolean, checkCreatableKeys, checkId, rejectDroppedKeys, requireObject, requireText } from './input';
import type { RequestOptions } from './options';
import { forCall, listPages, type PostHogContext } from './context';
import { experimentListQuery, type ExperimentListParams } from './query';

/** `experiments.list()`: `await` for the first page, `for await` for every experiment (lightweight items). */
export type ExperimentList = PagePromise<PostHogPaginatedExperimentList, PostHogExperimentBasic, NextUrlCursor>;

type Action = 'Launch' | 'Pause' | 'Resume' | 'Unarchive' | 'Reset' | 'FreezeExposure' | 'UnfreezeExposure';

/**
 * PostHog experiments (`/api/projects/{project_id}/experiments/`): CRUD with soft delete, lifecycle actions,
 * copying, and (inherited) results, history and helpers. Needs the `experiment:read`/`:write` scopes. Writes
 * gated by an approval policy throw `ApprovalRequiredError` (409) and change nothing.
 */
export class ExperimentsResource extends ExperimentAnalysis {
  readonly #ctx: PostHogContext;

  /** @internal Built by `PostHogExperiments`. */
  constructor(ctx: PostHogContext) {
    super(ctx);
    this.#ctx = ctx;
  }

  /**
   * Lists experiments (lightweight items), newest first unless `order` says otherwise; archived ones only with
   * `archived: true`. `limit` default 100 (server), `offset` default 0.
   */
  list(params?: ExperimentListParams, options?: RequestOptions): ExperimentList {
    const query = { projectId: this.#ctx.projectId, ...experimentListQuery(params) };
    const api = this.#api(options);
    return listPages(this.#ctx, options, () => api.experimentsListRaw(query), 'experimentsList');
  }

  /**
   * Creates a draft experiment (201); `name` and `feature_flag_key` required. Variants go in
   * `feature_flag.filters.multivariate.variants` (default `control`/`test` 50/50). Start it with {@link launch}.
   */
  create(body: PostHogExperimentWrite, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      checkExperimentWrite(body, false);
      checkCreatableKeys(body, PostHogExperimentWriteToJSON, 'an experiment');
      const call = this.#api(options).experimentsCreateRaw({
        projectId: this.#ctx.projectId,
        postHogExperimentWrite: writableBody(body),
      });
      return readResponse(await call, 'POST', 'experimentsCreate');
    });
  }

  /** Reads one experiment with its flag, metrics and linked shared metrics (NotFoundError once soft-deleted). */
  retrieve(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      return readResponse(
        await this.#api(options).experimentsRetrieveRaw(this.#target(id)),
        'GET',
        'experimentsRetrieve',
      );
    });
  }

  /** Replaces an experiment (PUT); `name` and the unchanged `feature_flag_key` are required. */
  update(id: number, body: PostHogExperimentWrite, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkExperimentWrite(body, false);
      // Unknown keys are not refused here (unlike create): a retrieved experiment, edited and sent back, carries
      // read-only keys the serializer drops.
      const call = this.#api(options).experimentsUpdateRaw({ ...target, postHogExperimentWrite: writableBody(body) });
      return readResponse(await call, 'PUT', 'experimentsUpdate');
    });
  }

  /**
   * Updates the given fields (PATCH). `saved_metrics_ids`, when sent, replaces all links; flag changes on a
   * non-draft experiment need `update_feature_flag_params: true`.
   */
  partialUpdate(
    id: number,
    body: PostHogPatchedExperimentWrite,
    options?: RequestOptions,
  ): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkExperimentWrite(body, true);
      const call = this.#api(options).experimentsPartialUpdateRaw({
        ...target,
        postHogPatchedExperimentWrite: writableBody(body),
      });
      return readResponse(await call, 'PATCH', 'experimentsPartialUpdate');
    });
  }

  /**
   * Soft-deletes an experiment with PATCH `{"deleted": true}` (PostHog's DELETE endpoint always answers 405) and
   * returns it as PostHog echoes it. It then disappears from list and retrieve; {@link restore} undoes it.
   */
  delete(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.partialUpdate(id, { deleted: true }, options);
  }

  /** Restores a soft-deleted experiment with PATCH `{"deleted": false}`. */
  restore(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.partialUpdate(id, { deleted: false }, options);
  }

  /** Launches a draft: enables the flag and sets `start_date` to the server's now. Not retried on 5xx. */
  launch(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('Launch', id, options);
  }

  /** Pauses a running experiment by disabling its flag (status then reads `paused`). */
  pause(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('Pause', id, options);
  }

  /** Resumes a paused experiment; users keep the variants they had. */
  resume(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('Resume', id, options);
  }

  /**
   * Ends a running experiment: `end_date` = now, status `stopped`, optional `conclusion` and
   * `conclusion_comment` (≤ 4000 characters). The flag is left as it is.
   */
  end(id: number, body?: PostHogEndExperimentRequest, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const sent = body ?? undefined;
      checkEndBody(sent);
      const call = this.#api(options).experimentsEndRaw({ ...target, postHogEndExperimentRequest: sent });
      return readResponse(await call, 'POST', 'experimentsEnd');
    });
  }

  /**
   * Gives `variant_key` 100% of the flag's split (and ends a running experiment); `release_to_everyone` default
   * false. Under an approval policy nothing changes until the change request is approved (ApprovalRequiredError).
   */
  shipVariant(id: number, body: PostHogShipVariantRequest, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkShipVariantBody(body);
      const call = this.#api(options).experimentsShipVariantRaw({ ...target, postHogShipVariantRequest: body });
      return readResponse(await call, 'POST', 'experimentsShipVariant');
    });
  }

  /** Archives an ended experiment; `disable_feature_flag` (default false) also disables its flag. */
  archive(id: number, body?: PostHogArchiveExperimentRequest, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const sent = body ?? undefined;
      if (sent !== undefined) {
        checkBoolean('disable_feature_flag', requireObject('body', sent).disable_feature_flag);
        rejectDroppedKeys(sent, PostHogArchiveExperimentRequestToJSON);
      }
      const call = this.#api(options).experimentsArchiveRaw({ ...target, postHogArchiveExperimentRequest: sent });
      return readResponse(await call, 'POST', 'experimentsArchive');
    });
  }

  /** Shows an archived experiment in the default list again. */
  unarchive(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('Unarchive', id, options);
  }

  /** Returns an experiment to draft (clears dates, conclusion and archived); the flag is left as it is. */
  reset(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('Reset', id, options);
  }

  /** Experimental: freezes the exposed population into a static cohort (status `exposure_frozen`). */
  freezeExposure(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('FreezeExposure', id, options);
  }

  /** Experimental: undoes {@link freezeExposure} (status back to `running`). */
  unfreezeExposure(id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return this.#action('UnfreezeExposure', id, options);
  }

  /** Copies an experiment as a new draft in this project (201); `name`/`feature_flag_key` default to derived values. */
  duplicate(
    id: number,
    body?: PostHogDuplicateExperimentRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const sent = body ?? undefined;
      if (sent !== undefined) checkCopyNames(requireObject('body', sent), PostHogDuplicateExperimentRequestToJSON);
      const call = this.#api(options).experimentsDuplicateRaw({ ...target, postHogDuplicateExperimentRequest: sent });
      return readResponse(await call, 'POST', 'experimentsDuplicate');
    });
  }

  /** Copies an experiment as a draft into project `target_team_id` of the same organization (201). */
  copyToProject(
    id: number,
    body: PostHogCopyExperimentToProjectRequest,
    options?: RequestOptions,
  ): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      checkId('target_team_id', requireObject('body', body).target_team_id);
      checkCopyNames(body as unknown as Record<string, unknown>, PostHogCopyExperimentToProjectRequestToJSON);
      const call = this.#api(options).experimentsCopyToProjectRaw({
        ...target,
        postHogCopyExperimentToProjectRequest: body,
      });
      return readResponse(await call, 'POST', 'experimentsCopyToProject');
    });
  }

  /** Creates the cohort of users exposed to the experiment (201); its id then shows as `exposure_cohort`. */
  createExposureCohort(id: number, options?: RequestOptions): APIPromise<PostHogExposureCohortResponse> {
    return apiPromise(async () => {
      const call = this.#api(options).experimentsCreateExposureCohortForExperimentRaw(this.#target(id));
      return readResponse(await call, 'POST', 'experimentsCreateExposureCohortForExperiment');
    });
  }

  #action(action: Action, id: number, options?: RequestOptions): APIPromise<PostHogExperiment> {
    return apiPromise(async () => {
      const target = this.#target(id);
      const call = this.#api(options)[`experiments${action}Raw`](target);
      return readResponse(await call, 'POST', `experiments${action}`);
    });
  }

  #api(options: RequestOptions | undefined) {
    return forCall(this.#ctx.experiments, options);
  }

  #target(id: number): { projectId: string; id: number } {
    return { projectId: this.#ctx.projectId, id: checkId('id', id) };
  }
}

function checkCopyNames(body: Record<string, unknown>, serialize: (value: never) => object): void {
  if (body.name !== undefined) requireText('name', body.name, MAX_NAME_LENGTH);
  if (body.feature_flag_key !== undefined) checkFlagKey('feature_flag_key', body.feature_flag_key);
  rejectDroppedKeys(body, serialize);
}
