/**
 * The escape hatch for endpoints the SDK does not model: one request through the client's own transport
 * (base URL, auth, default headers, throttle, retries by method, typed errors, redaction).
 */
import { apiPromise, type APIPromise } from './api-promise';
import { contextOf } from './buffered-response';
import { entriesOf, mergeHeaders, withCallOptions, type CallOptions } from './call-options';
import { ValidationError } from './errors';
import type { FetchAPI } from './fetch-types';
import { notJsonError, withResponseOf } from './generated-call';
import { checkPathParam, checkWellFormed } from './path-params';

/** HTTP methods `request()` sends. POST and PATCH are not retried after the server may have acted. */
export type RawMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A scalar query or path value. */
export type RawValue = string | number | boolean;

/** One request to an endpoint the SDK does not model. */
export interface RawRequest {
  /** HTTP method. */
  method: RawMethod;
  /**
   * Path relative to the base URL, starting with `/`, with `{name}` placeholders filled from `params`
   * (e.g. `'/api/v2/flags/{projectKey}/{flagKey}'`). No query or fragment (use `query`), no `.`/`..` segments.
   */
  path: string;
  /** Values of the path's placeholders; each is checked and percent-encoded like every path parameter. */
  params?: Record<string, string | number>;
  /** Query parameters (an object, or a URLSearchParams or Map); arrays repeat the name, `undefined` and `null` are left out. */
  query?: Record<string, RawValue | readonly RawValue[] | null | undefined>;
  /** JSON body (serialised here); `Content-Type: application/json` unless `headers` set another. */
  body?: unknown;
  /** Extra headers; each replaces a default of the same name. `Authorization` cannot be replaced. */
  headers?: Record<string, string>;
}

/** What a client passes to {@link sendRaw}. */
export interface RawTarget {
  /** The client's transport. */
  transport: FetchAPI;
  /** Checked base URL without trailing slash. */
  baseUrl: string;
  /** Headers every request of the client carries, auth included. */
  headers: Record<string, string>;
  /** Placeholder values used when `params` lacks them (the client's project, environment, ...). */
  defaultParams?: Record<string, string | undefined>;
}

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * The URL `request` goes to, or a ValidationError: the path must stay under `baseUrl` (no absolute URL, `//host`,
 * backslash, `.`/`..` segment, query, fragment or control character), and every placeholder must have a value
 * and every value a placeholder.
 */
export function rawUrl(
  baseUrl: string,
  request: Pick<RawRequest, 'path' | 'params' | 'query'>,
  defaults: Record<string, string | undefined> = {},
): string {
  const template = request?.path;
  if (typeof template !== 'string' || !template.startsWith('/') || template.startsWith('//')) {
    throw new ValidationError('path must be relative to the base URL and start with a single "/"', { field: 'path' });
  }
  if (/[\\?#\s\p{Cc}]/u.test(template)) {
    throw new ValidationError('path may not contain "\\", "?", "#", whitespace or control characters (use query)', {
      field: 'path',
    });
  }
  const params = request.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ValidationError('params must be an object', { field: 'params' });
  }
  const used = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    used.add(name);
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : defaults[name];
    if (value === undefined) throw new ValidationError(`params.${name} is missing`, { field: `params.${name}` });
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    return encodeURIComponent(checkPathParam(`params.${name}`, text));
  });
  for (const name of Object.keys(params)) {
    if (!used.has(name)) {
      throw new ValidationError(`params.${name} has no {${name}} in the path`, { field: `params.${name}` });
    }
  }
  if (/[{}]/.test(filled)) throw new ValidationError('path has an unbalanced "{" or "}"', { field: 'path' });
  // Dot segments (also percent-encoded) would be collapsed by URL parsing and climb out of the base path.
  if (template.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) {
    throw new ValidationError('path may not contain "." or ".." segments', { field: 'path' });
  }
  const url = new URL(baseUrl + filled);
  const base = new URL(baseUrl);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new ValidationError('path must stay under the base URL', { field: 'path' });
  }
  appendQuery(url, request.query);
  return url.href;
}

/**
 * Sends `request` through the client's transport and reads its JSON body (undefined when empty). Plain `await`
 * gives the body typed as `T` (not checked: the caller vouches for it); `.withResponse()` adds the response.
 */
export function sendRaw<T>(target: RawTarget, request: RawRequest, options: CallOptions = {}): APIPromise<T> {
  return apiPromise(async () => {
    const method = typeof request?.method === 'string' ? request.method.toUpperCase() : '';
    if (!METHODS.includes(method)) {
      throw new ValidationError(`method must be one of ${METHODS.join(', ')}`, { field: 'method' });
    }
    const url = rawUrl(target.baseUrl, request, target.defaultParams);
    const extra = mergeHeaders(request.headers);
    for (const name of Object.keys(extra)) {
      if (name.toLowerCase() === 'authorization') {
        throw new ValidationError('headers may not replace Authorization: the client sends its own key', {
          field: 'headers.Authorization',
        });
      }
    }
    // Names and values are checked with every request's (src/core/request-checks.ts) before sending.
    const hasBody = request.body !== undefined;
    // fetch refuses a GET with a body (a ConnectionError) while node:http sends it: refused here on both.
    if (hasBody && method === 'GET') throw new ValidationError('a GET request cannot have a body', { field: 'body' });
    const headers = mergeHeaders(target.headers, {
      Accept: 'application/json',
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      ...extra,
    });
    const init: RequestInit = { method, headers, ...(hasBody ? { body: jsonBody(request.body) } : {}) };
    const raw = await target.transport(url, withCallOptions(init, options));
    const context = contextOf(raw);
    const text = await raw.text();
    let data: unknown;
    if (text.trim() !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        throw notJsonError(raw, context, method);
      }
    }
    return withResponseOf(data as T, raw, context);
  });
}

function appendQuery(url: URL, query: RawRequest['query']): void {
  if (query === undefined) return;
  if (typeof query !== 'object' || Array.isArray(query)) {
    throw new ValidationError('query must be an object', { field: 'query' });
  }
  // A URLSearchParams or Map is read too, as it would be by fetch, rather than silently sending nothing.
  for (const [name, value] of entriesOf(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (!(typeof item === 'string' || typeof item === 'boolean' || Number.isFinite(item))) {
        throw new ValidationError(`query.${name} must be a string, finite number or boolean (or an array of them)`, {
          field: `query.${name}`,
        });
      }
      url.searchParams.append(checkWellFormed(`query.${name}`, name), checkWellFormed(`query.${name}`, String(item)));
    }
  }
}

/** `body` as JSON; a BigInt or a cycle is bad input, not a TypeError from deep inside the call. */
function jsonBody(body: unknown): string {
  // A function or symbol serialises to nothing at all: it would be sent as an empty JSON request.
  let reason = 'it is not a JSON value';
  try {
    const text = JSON.stringify(body);
    if (text !== undefined) return text;
  } catch (error) {
    reason = (error as Error).message;
  }
  throw new ValidationError(`The request body cannot be sent as JSON: ${reason}`, { field: 'body' });
}
