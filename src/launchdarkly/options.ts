import type { FetchLike } from '../core/fetch-types';
import type { Logger, LogLevel } from '../core/logger';
import type { RateLimitPolicy } from '../core/rate-limit';
import type { RetryInfo } from '../core/transport';
import type { CallOptions } from '../core/call-options';

/** LaunchDarkly instances. `commercial` is app.launchdarkly.com. */
export const LAUNCHDARKLY_BASE_URLS = {
  commercial: 'https://app.launchdarkly.com',
  federal: 'https://app.launchdarkly.us',
  eu: 'https://app.eu.launchdarkly.com',
} as const;

/** Name of a LaunchDarkly instance, see {@link LAUNCHDARKLY_BASE_URLS}. */
export type LaunchDarklyInstance = keyof typeof LAUNCHDARKLY_BASE_URLS;

/** The dated API version sent by default (`LD-API-Version`). */
export const DEFAULT_LD_API_VERSION = '20240415';

/**
 * How LaunchDarkly states rate limits: reset instants are epoch **milliseconds**; the token family has its
 * own reset header; IP-based limits use `Retry-After` (read by the core before these).
 */
export const LAUNCHDARKLY_RATE_LIMIT_POLICY: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Reset', 'X-Ratelimit-Auth-Token-Reset'],
  remainingHeaders: ['X-Ratelimit-Global-Remaining', 'X-Ratelimit-Route-Remaining', 'X-Ratelimit-Auth-Token-Remaining'],
};

/** Options of `new LaunchDarklyExperiments(...)`. Every time is in milliseconds. */
export interface LaunchDarklyOptions {
  /** Personal or service access token, sent as the bare `Authorization` value (no `Bearer`). Required. */
  apiKey: string;
  /** Instance to talk to. Default `'commercial'`. Ignored when `baseUrl` is given. */
  instance?: LaunchDarklyInstance;
  /** Base URL, e.g. a local emulator or a proxy. Default: the URL of `instance`. */
  baseUrl?: string;
  /** Allow `http://` base URLs to non-loopback hosts. Default false. */
  allowInsecureHttp?: boolean;
  /** `LD-API-Version` header: `yyyymmdd` or `'beta'`. Default `'20240415'`. Sent exactly once per request. */
  apiVersion?: string;
  /** Default project key for calls that do not pass one. */
  projectKey?: string;
  /** Default environment key for calls that do not pass one. */
  environmentKey?: string;
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
  /** Called before every retry wait with the attempt number, wait and reason. */
  onRetry?: (info: RetryInfo) => void;
  /** Appended to `User-Agent` (`experiments-api/<version> <userAgent>`). Default: none. */
  userAgent?: string;
  /** Extra headers sent with every request. Default: none. */
  headers?: Record<string, string>;
}

/** Per-call options: each overrides the client default of the same name. */
export interface RequestOptions extends CallOptions {
  /** `LD-API-Version` for this call only (replaces the client's; never sent twice). */
  apiVersion?: string;
}

/** Where an environment-scoped call goes; each key defaults to the client's. */
export interface EnvironmentScope {
  /** Project key. Default: the client's `projectKey`. */
  projectKey?: string;
  /** Environment key. Default: the client's `environmentKey`. */
  environmentKey?: string;
}

/** Where a project-scoped call goes. */
export interface ProjectScope {
  /** Project key. Default: the client's `projectKey`. */
  projectKey?: string;
}
