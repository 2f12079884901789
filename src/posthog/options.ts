import type { CallOptions } from '../core/call-options';
import type { CommonClientOptions } from '../core/client-options';

/** PostHog Cloud regions and the base URL of their private API. */
export const POSTHOG_HOSTS = {
  us: 'https://us.posthog.com',
  eu: 'https://eu.posthog.com',
} as const;

/** A PostHog Cloud region, see {@link POSTHOG_HOSTS}. */
export type PostHogRegion = keyof typeof POSTHOG_HOSTS;

/** `'us'`, `'eu'`, or the base URL of a self-hosted instance (e.g. `https://posthog.example.com`). */
export type PostHogHost = PostHogRegion | (string & {});

/**
 * A project id: a positive integer (as number or digit string), or `'@current'`, which PostHog resolves to the
 * key owner's current (last used) project. Numeric ids are recommended.
 */
export type PostHogProjectId = number | string;

/** Options of `new PostHogExperiments(...)`. Every time is in milliseconds. */
export interface PostHogOptions extends CommonClientOptions {
  /** Personal API key (`phx_…`) or OAuth access token, sent as `Authorization: Bearer <key>`. Required. */
  apiKey: string;
  /** Project every call goes to (`/api/projects/{projectId}/…`). Required. */
  projectId: PostHogProjectId;
  /** `'us'` (https://us.posthog.com), `'eu'` (https://eu.posthog.com) or a self-hosted base URL. Default `'us'`. */
  host?: PostHogHost;
}

/** Per-call options (signal, timeoutMs, maxRetries, retryNonIdempotent, headers); each overrides the client's value. */
export type RequestOptions = CallOptions;
