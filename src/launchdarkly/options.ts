import type { CommonClientOptions } from '../core/client-options';
import type { RateLimitPolicy } from '../core/rate-limit';
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

// LaunchDarkly's limit families: global and route share a reset header, the token family has its own.
const GLOBAL = 'X-Ratelimit-Global-Remaining';
const ROUTE = 'X-Ratelimit-Route-Remaining';
const TOKEN = 'X-Ratelimit-Auth-Token-Remaining';
const RESET = 'X-Ratelimit-Reset';
const TOKEN_RESET = 'X-Ratelimit-Auth-Token-Reset';

/**
 * How LaunchDarkly states rate limits: reset instants are epoch **milliseconds**; the token family has its
 * own reset header; IP-based limits use `Retry-After` (read by the core before these). Its windows are 10 s,
 * and some 429s carry none of these headers: those wait one window before the retry.
 */
export const LAUNCHDARKLY_RATE_LIMIT_POLICY: RateLimitPolicy = {
  resetHeaders: [RESET, TOKEN_RESET],
  remainingHeaders: [GLOBAL, ROUTE, TOKEN],
  resetOf: { [GLOBAL]: RESET, [ROUTE]: RESET, [TOKEN]: TOKEN_RESET },
  unstatedWaitMs: 10_000,
};

/** Options of `new LaunchDarklyExperiments(...)`. Every time is in milliseconds. */
export interface LaunchDarklyOptions extends CommonClientOptions {
  /** Personal or service access token, sent as the bare `Authorization` value (no `Bearer`). Required. */
  apiKey: string;
  /** Instance to talk to. Default `'commercial'`. Ignored when `baseUrl` is given. */
  instance?: LaunchDarklyInstance;
  /** Base URL, e.g. a local emulator or a proxy. Default: the URL of `instance`. */
  baseUrl?: string;
  /**
   * `LD-API-Version` header: `yyyymmdd` or `'beta'`. Default `'20240415'` (or an `LD-API-Version` given in
   * `headers`, which must not disagree with this). Sent exactly once per request.
   */
  apiVersion?: string;
  /** Default project key for calls that do not pass one. */
  projectKey?: string;
  /** Default environment key for calls that do not pass one. */
  environmentKey?: string;
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
