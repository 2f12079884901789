import {
  PostHogExperimentHoldoutsApi,
  PostHogExperimentSavedMetricsApi,
  PostHogExperimentsApi,
} from '../../generated/apis';
import { BaseAPI, Configuration, type ApiResponse } from '../../generated/runtime';
import { checkBaseUrl } from '../core/base-url';
import { checkApiKey, clientHeaders, createClientTransport, hidingKey } from '../core/client-options';
import { ValidationError } from '../core/errors';
import { forCallOptions, readResponse } from '../core/generated-call';
import { arrayOr } from '../core/tolerant';
import { nextUrlPagination, PagePromise, type NextUrlCursor } from '../core/paginate';
import type { RawTarget } from '../core/raw-request';
import { POSTHOG_ERROR_POLICY } from './errors';
import { checkProjectId } from './input';
import { POSTHOG_HOSTS, type PostHogOptions, type RequestOptions } from './options';
import { POSTHOG_RATE_LIMIT_POLICY } from './rate-limit-policy';
import { posthogResponseShapes } from './response-shapes';

/** Fetches a page by the absolute `next` link PostHog returns, through the same transport and credentials. */
export class PageApi extends BaseAPI {
  /** GETs `url` (same origin as the configured base path, already checked by the caller); the JSON as it arrived. */
  getRaw<T>(url: string): Promise<ApiResponse<T>> {
    const { pathname, search } = new URL(url);
    // The generated operations' own request building and bearer auth, for a path PostHog wrote.
    return this.operation('GET', pathname + search, {}, {}, undefined, ['b:PostHogPersonalApiKey:'], true);
  }
}

/** Everything a resource needs; held in `#private` fields so util.inspect never reaches the key. */
export interface PostHogContext {
  readonly experiments: PostHogExperimentsApi;
  readonly holdouts: PostHogExperimentHoldoutsApi;
  readonly savedMetrics: PostHogExperimentSavedMetricsApi;
  readonly pages: PageApi;
  /** Project id as sent in paths. */
  readonly projectId: string;
  /** Base URL requests go to (no trailing slash). */
  readonly baseUrl: string;
  /** Transport, base URL and headers (auth included) for `request()`. */
  readonly raw: RawTarget;
}

/** Resolves `host` (`'us'`, `'eu'` or a self-hosted URL) to a checked base URL without trailing slash. */
export function resolveHost(host: string | undefined, allowInsecureHttp?: boolean): string {
  const value = host ?? 'us';
  if (Object.prototype.hasOwnProperty.call(POSTHOG_HOSTS, value))
    return POSTHOG_HOSTS[value as keyof typeof POSTHOG_HOSTS];
  let baseUrl: string;
  try {
    baseUrl = checkBaseUrl(value, { allowInsecureHttp });
  } catch (error) {
    const message = (error as Error).message.replace(/^baseUrl/, 'host');
    throw new ValidationError(`${message} (use 'us', 'eu' or your instance's URL)`, { field: 'host' });
  }
  if (/\.i\.posthog\.com$/i.test(new URL(baseUrl).hostname)) {
    // *.i.posthog.com only serves ingestion and flag evaluation; the private API answers 404 there.
    throw new ValidationError("host: *.i.posthog.com is the ingestion host; use 'us' or 'eu'", { field: 'host' });
  }
  return baseUrl;
}

/** Validates the options and builds the generated clients on top of one transport (retries, throttle, errors). */
export function buildContext(options: PostHogOptions): PostHogContext {
  const apiKey = checkApiKey(options?.apiKey, 'a PostHog personal API key (phx_...)');
  return hidingKey(apiKey, () => {
    if (apiKey.startsWith('phs_')) {
      // Project secret keys only work on flag-evaluation endpoints; fail early instead of 401 on every call.
      throw new ValidationError('apiKey: project secret keys (phs_) cannot call this API; use a personal API key', {
        field: 'apiKey',
      });
    }
    const projectId = checkProjectId(options.projectId);
    const baseUrl = resolveHost(options.host, options.allowInsecureHttp);
    const transport = createClientTransport(options, {
      name: 'posthog',
      apiKey,
      rateLimitPolicy: POSTHOG_RATE_LIMIT_POLICY,
      errorPolicy: POSTHOG_ERROR_POLICY,
      responseShapes: posthogResponseShapes,
    });
    const shared = {
      accessToken: apiKey,
      fetchApi: transport,
      headers: clientHeaders(options),
    };
    const configuration = new Configuration({ ...shared, basePath: baseUrl });
    return {
      experiments: new PostHogExperimentsApi(configuration),
      holdouts: new PostHogExperimentHoldoutsApi(configuration),
      savedMetrics: new PostHogExperimentSavedMetricsApi(configuration),
      pages: new PageApi(new Configuration({ ...shared, basePath: new URL(baseUrl).origin })),
      projectId,
      baseUrl,
      raw: {
        transport,
        baseUrl,
        headers: { ...shared.headers, Authorization: `Bearer ${apiKey}` },
        // PostHog's paths spell it `{project_id}`; `{projectId}` is accepted too.
        defaultParams: { project_id: projectId, projectId },
      },
    };
  });
}

/** The generated API to use for one call: the shared one, or a clone carrying this call's options. */
export function forCall<T extends BaseAPI>(api: T, options: RequestOptions | undefined): T {
  return forCallOptions(api, options);
}

/**
 * A list call (`operation` is the list's operation id): `await` → first page; `for await` → every item,
 * following `next` links only while they stay on the configured origin (core `nextUrlPagination`: a foreign
 * link throws before the key can travel).
 */
export function listPages<TPage extends { results: TItem[]; next?: string | null }, TItem>(
  ctx: PostHogContext,
  options: RequestOptions | undefined,
  first: () => Promise<ApiResponse<TPage>>,
  operation: string,
): PagePromise<TPage, TItem, NextUrlCursor> {
  const fetchPage = nextUrlPagination<TPage, TItem>({
    baseUrl: ctx.baseUrl,
    first: async () => readResponse(await first(), 'GET', operation),
    fetchUrl: async (url) => readResponse(await forCall(ctx.pages, options).getRaw<TPage>(url), 'GET', operation),
    // Bodies are read tolerantly: a page may lack its list, or carry a `next` that is not a link.
    items: (page) => arrayOr(page?.results),
    next: (page) => (typeof page?.next === 'string' ? page.next : undefined),
  });
  return new PagePromise(fetchPage, { signal: options?.signal });
}
