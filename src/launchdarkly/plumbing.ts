import { BaseAPI, Configuration } from '../../generated/runtime';
import { checkBaseUrl } from '../core/base-url';
import { forCallOptions } from '../core/generated-call';
import { checkApiKey, clientHeaders, createClientTransport } from '../core/client-options';
import { ValidationError } from '../core/errors';
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

/** Builds the generated-client Configuration whose fetchApi is our transport (retries, throttling, errors). */
export function buildConfiguration(options: LaunchDarklyOptions): { configuration: Configuration; baseUrl: string } {
  // LaunchDarkly wants the bare token; "Bearer x" is rejected with 401, so fail early and clearly.
  const apiKey = checkApiKey(options?.apiKey, 'a LaunchDarkly personal or service access token');
  const instance = options.instance ?? 'commercial';
  if (!options.baseUrl && !(instance in LAUNCHDARKLY_BASE_URLS)) {
    throw new ValidationError(`instance must be one of ${Object.keys(LAUNCHDARKLY_BASE_URLS).join(', ')}`, {
      field: 'instance',
    });
  }
  const baseUrl = checkBaseUrl(options.baseUrl ?? LAUNCHDARKLY_BASE_URLS[instance], options);
  const transport = createClientTransport(options, {
    name: 'launchdarkly',
    apiKey,
    rateLimitPolicy: LAUNCHDARKLY_RATE_LIMIT_POLICY,
  });
  const configuration = new Configuration({
    basePath: baseUrl,
    apiKey,
    fetchApi: transport,
    headers: {
      ...clientHeaders(options),
      'LD-API-Version': checkApiVersion(options.apiVersion ?? DEFAULT_LD_API_VERSION),
    },
  });
  return { configuration, baseUrl };
}

/** The generated API to use for one call: the shared one, or a clone carrying this call's options. */
export function forCall<T extends BaseAPI>(api: T, options: RequestOptions | undefined): T {
  if (!options) return api;
  const { apiVersion, ...call } = options;
  if (apiVersion !== undefined) call.headers = { ...call.headers, 'LD-API-Version': checkApiVersion(apiVersion) };
  return forCallOptions(api, call);
}
