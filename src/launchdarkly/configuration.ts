import { type BaseAPI, Configuration } from '../../generated/runtime';
import { checkBaseUrl } from '../core/base-url';
import { forCallOptions } from '../core/generated-call';
import { checkApiKey, clientHeaders, createClientTransport, hidingKey } from '../core/client-options';
import { mergeHeaders, type CallOptions } from '../core/call-options';
import { ValidationError } from '../core/errors';
import type { RawTarget } from '../core/raw-request';
import { launchdarklyResponseShapes } from './response-shapes';
import {
  DEFAULT_LD_API_VERSION,
  LAUNCHDARKLY_BASE_URLS,
  LAUNCHDARKLY_RATE_LIMIT_POLICY,
  type LaunchDarklyOptions,
  type RequestOptions,
} from './options';

const API_VERSION = /^(?:\d{8}|beta)$/;

/** Validates an `LD-API-Version` value (`yyyymmdd` or `beta`). */
export function checkApiVersion(value: string): string {
  if (typeof value !== 'string' || !API_VERSION.test(value)) {
    throw new ValidationError(`apiVersion must be a date like 20240415 or 'beta', got ${JSON.stringify(value)}`, {
      field: 'apiVersion',
    });
  }
  return value;
}

/**
 * Builds the generated-client Configuration whose fetchApi is our transport (retries, throttling, errors), and
 * the same transport, base URL and headers (auth included) for `request()`.
 */
export function buildConfiguration(options: LaunchDarklyOptions): {
  configuration: Configuration;
  baseUrl: string;
  raw: RawTarget;
} {
  // LaunchDarkly wants the bare token; "Bearer x" is rejected with 401, so fail early and clearly.
  const apiKey = checkApiKey(options?.apiKey, 'a LaunchDarkly personal or service access token');
  return hidingKey(apiKey, () => {
    const instance = options.instance ?? 'commercial';
    // Own keys only: `in` would take `'toString'` for an instance and fail later on an `undefined` URL.
    if (!options.baseUrl && !Object.hasOwn(LAUNCHDARKLY_BASE_URLS, instance)) {
      throw new ValidationError(`instance must be one of ${Object.keys(LAUNCHDARKLY_BASE_URLS).join(', ')}`, {
        field: 'instance',
      });
    }
    const baseUrl = checkBaseUrl(options.baseUrl ?? LAUNCHDARKLY_BASE_URLS[instance], options);
    const transport = createClientTransport(options, {
      name: 'launchdarkly',
      apiKey,
      rateLimitPolicy: LAUNCHDARKLY_RATE_LIMIT_POLICY,
      responseShapes: launchdarklyResponseShapes,
    });
    const [apiVersion = DEFAULT_LD_API_VERSION, extra] = versionAndHeaders(options);
    const headers = { ...clientHeaders({ ...options, headers: extra }), 'LD-API-Version': apiVersion };
    const configuration = new Configuration({
      basePath: baseUrl,
      apiKey,
      fetchApi: transport,
      headers,
    });
    return {
      configuration,
      baseUrl,
      raw: {
        transport,
        baseUrl,
        headers: { ...headers, Authorization: apiKey },
        defaultParams: { projectKey: options.projectKey, environmentKey: options.environmentKey },
      },
    };
  });
}

/**
 * The `LD-API-Version` of a client or a call, and its other extra headers: `apiVersion`, else an
 * `LD-API-Version` (any case) given in `headers`, which would otherwise be silently replaced; the two may not
 * disagree. Undefined when neither gives one.
 */
function versionAndHeaders(options: {
  apiVersion?: string;
  headers?: Record<string, string>;
}): [string | undefined, Record<string, string>] {
  const { apiVersion } = options;
  const headers = mergeHeaders(options.headers);
  const name = Object.keys(headers).find((key) => /^ld-api-version$/i.test(key));
  if (name === undefined) return [apiVersion === undefined ? undefined : checkApiVersion(apiVersion), headers];
  const { [name]: fromHeaders, ...rest } = headers;
  if ((apiVersion ?? fromHeaders) !== fromHeaders) {
    throw new ValidationError('apiVersion and the LD-API-Version header disagree', { field: 'apiVersion' });
  }
  return [checkApiVersion(fromHeaders), rest];
}

/** The transport's per-call options for `options`: `apiVersion` becomes the `LD-API-Version` header. */
export function callOptions(options: RequestOptions | undefined): CallOptions {
  if (!options) return {};
  const { apiVersion: _, ...call } = options;
  const [version, headers] = versionAndHeaders(options);
  if (version || options.headers) call.headers = version ? { ...headers, 'LD-API-Version': version } : headers;
  return call;
}

/**
 * Options of a call to an operation LaunchDarkly served only while Experiments were in beta (the Bayesian
 * results endpoints, removed 2025-10, and the flag-scoped legacy ones): those servers answered 403 unless
 * the call sent `LD-API-Version: beta`, so it is the default there; a per-call `apiVersion` still wins.
 */
export function betaEra(options: RequestOptions | undefined): RequestOptions {
  return versionAndHeaders(options ?? {})[0] ? options! : { ...options, apiVersion: 'beta' };
}

/** The generated API to use for one call: the shared one, or a clone carrying this call's options. */
export function forCall<T extends BaseAPI>(api: T, options: RequestOptions | undefined): T {
  if (!options) return api;
  return forCallOptions(api, callOptions(options));
}
