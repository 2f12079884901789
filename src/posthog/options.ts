import type { CallOptions } from '../core/call-options';
import type { FetchLike } from '../core/fetch-types';
import type { Logger, LogLevel } from '../core/logger';
import type { RetryInfo } from '../core/transport';

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
export interface PostHogOptions {
  /** Personal API key (`phx_…`) or OAuth access token, sent as `Authorization: Bearer <key>`. Required. */
  apiKey: string;
  /** Project every call goes to (`/api/projects/{projectId}/…`). Required. */
  projectId: PostHogProjectId;
  /** `'us'` (https://us.posthog.com), `'eu'` (https://eu.posthog.com) or a self-hosted base URL. Default `'us'`. */
  host?: PostHogHost;
  /** Allow `http://` base URLs to non-loopback hosts. Default false. */
  allowInsecureHttp?: boolean;
  /** Timeout of each attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt; 0 disables. Default 2. */
  maxRetries?: number;
  /** Longest server-requested wait accepted before a retry; longer waits throw `RateLimitError`. Default 60 000 ms. */
  maxRetryDelayMs?: number;
  /** Underlying fetch (global fetch by default; node-fetch v2 works). */
  fetch?: FetchLike;
  /** Receives redacted log lines. Default: none. */
  logger?: Logger;
  /** Least severe level passed to `logger`. Default `'warn'`. */
  logLevel?: LogLevel;
  /** Called before every retry wait with the attempt number, wait (ms) and reason. */
  onRetry?: (info: RetryInfo) => void;
  /** Appended to `User-Agent` (`experiments-api/<version> <userAgent>`). Default: none. */
  userAgent?: string;
  /** Extra headers sent with every request. Default: none. */
  headers?: Record<string, string>;
}

/** Per-call options (signal, timeoutMs, maxRetries, retryNonIdempotent, headers); each overrides the client default. */
export type RequestOptions = CallOptions;
