import type { APIPromise } from '../core/api-promise';
import { sendRaw, type RawRequest, type RawTarget } from '../core/raw-request';
import { ExperimentsResource } from './experiments';
import { HoldoutsResource } from './holdouts';
import type { PostHogOptions, RequestOptions } from './options';
import { buildContext } from './context';
import { SavedMetricsResource } from './saved-metrics';

/**
 * Client for PostHog's experiments REST API, grouped by resource in PostHog's vocabulary:
 * `experiments` (CRUD, lifecycle, copying, results), `holdouts` and `savedMetrics` (shared metrics).
 * Retries, rate-limit waits, typed errors and key redaction come from the core transport.
 *
 * Responses are read tolerantly: any field of a returned object may be absent, `null` or of another type than
 * declared when the server's answer differs from the spec (a logger gets one warning naming the fields).
 * Every call also offers `.withResponse()` for the status, headers and request id.
 *
 * @example
 * const posthog = new PostHogExperiments({ apiKey: process.env.POSTHOG_API_KEY!, projectId: 12345 });
 * for await (const e of posthog.experiments.list({ status: 'running' })) console.log(e.id, e.name);
 */
export class PostHogExperiments {
  /** Experiments of the project: list/create/retrieve/update/partialUpdate/delete, launch, pause, end, ... */
  readonly experiments: ExperimentsResource;
  /** Experiment holdouts of the project. */
  readonly holdouts: HoldoutsResource;
  /** Shared ("saved") experiment metrics of the project. */
  readonly savedMetrics: SavedMetricsResource;
  /** Base URL requests go to (no trailing slash). */
  readonly baseUrl: string;
  /** Project id every call goes to, as sent in paths. */
  readonly projectId: string;
  readonly #raw: RawTarget;

  /** @param options see {@link PostHogOptions}; `apiKey` and `projectId` are required. */
  constructor(options: PostHogOptions) {
    const ctx = buildContext(options);
    this.experiments = new ExperimentsResource(ctx);
    this.holdouts = new HoldoutsResource(ctx);
    this.savedMetrics = new SavedMetricsResource(ctx);
    this.baseUrl = ctx.baseUrl;
    this.projectId = ctx.projectId;
    this.#raw = ctx.raw;
  }

  /**
   * Calls an endpoint this client does not model, with the same host, key, throttle, retries (POST/PATCH not
   * retried after the server may have acted), typed errors and redaction. `path` is relative to the host with
   * `{name}` placeholders filled from `params` (`project_id` defaults to the client's project); anything that
   * would leave the host is refused with ValidationError before sending. Resolves the JSON body as `T`
   * (unchecked; undefined when empty); `.withResponse()` adds the response.
   *
   * @example
   * const flag = await posthog.request<{ key: string }>({
   *   method: 'GET',
   *   path: '/api/projects/{project_id}/feature_flags/{id}/',
   *   params: { id: 101 },
   * });
   */
  request<T = unknown>(request: RawRequest, options?: RequestOptions): APIPromise<T> {
    return sendRaw<T>(this.#raw, request, options);
  }

  /** Safe summary: never includes the API key. */
  toJSON(): Record<string, unknown> {
    return { client: 'PostHogExperiments', baseUrl: this.baseUrl, projectId: this.projectId };
  }

  /** @internal Keeps `console.log(client)` from printing internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `PostHogExperiments ${JSON.stringify(this.toJSON())}`;
  }
}
