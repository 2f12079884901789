import type { ApiResponse, BaseAPI } from '../../generated/runtime';
import type { ResponseInfo, WithResponse } from './api-promise';
import { contextOf, type ResponseContext } from './buffered-response';
import { withCallOptions, type CallOptions } from './call-options';
import { acceptedMessage, ResponseParseError } from './errors';
import { headersToObject } from './fetch-types';
import { MAX_DEVIATIONS, reviveDates, shapeDeviations } from './response-shape';

/**
 * Glue between a facade and the generated API classes, shared by every vendor.
 */

/**
 * The generated API to use for one call: `api` itself when there are no options, else a clone whose
 * pre-middleware attaches the options to the RequestInit for the transport to read.
 */
export function forCallOptions<T extends BaseAPI>(api: T, options: CallOptions | undefined): T {
  if (!options || Object.keys(options).length === 0) return api;
  return api.withPreMiddleware(({ url, init }) => Promise.resolve({ url, init: withCallOptions(init, options) }));
}

/**
 * Reads a generated ApiResponse with its response. The generated API returns the parsed JSON as it arrived
 * (templates/typescript-fetch/apis.mustache); here its date-times become `Date`s, by the vendor's response
 * shapes for `operation`. Tolerant: a 2xx JSON body that differs from the spec (a required field missing, a
 * null, an unknown enum value, a wrong scalar type, an unknown field) is returned as it arrived, and the
 * client's logger gets one `warn` naming `operation` and the deviating fields. Only a body that is not JSON at
 * all is a {@link ResponseParseError} (with `serverAccepted: true`).
 *
 * @param method request method, for the error context
 * @param operation the spec's operation id (e.g. `getExperiment`), for the warning and the shape lookup
 */
export async function readResponse<T>(
  response: ApiResponse<T>,
  method: string,
  operation?: string,
): Promise<WithResponse<T>> {
  const raw = response.raw;
  const context = contextOf(raw);
  let data: T;
  try {
    data = await response.value();
  } catch (error) {
    if (error instanceof SyntaxError) throw notJsonError(raw, context, method);
    throw error;
  }
  const source = context?.shapes;
  if (operation && source?.datedOperations.has(operation)) {
    const shapes = source();
    data = reviveDates(shapes.operations[operation], data, shapes) as T;
  }
  if (context?.warn && operation) await warnOnDeviations(raw, context, operation);
  return withResponseOf(data, raw, context);
}

/**
 * `{ data, response, requestId }` for `data` read from `raw`. The response part (headers copied, redacted and
 * frozen) is built on first read, so calls that are only awaited do not pay for it.
 */
export function withResponseOf<T>(data: T, raw: Response, context: ResponseContext | undefined): WithResponse<T> {
  let info: { response: ResponseInfo; requestId: string | undefined } | undefined;
  const build = (): { response: ResponseInfo; requestId: string | undefined } => {
    const all = headersToObject(raw.headers);
    const headers = Object.freeze(context ? context.redactor.headers(all) : all);
    const url = context ? context.redactor.string(raw.url ?? '') : (raw.url ?? '');
    const response: ResponseInfo = Object.freeze({ status: raw.status, headers, url });
    const name = context?.requestIdHeaders.find((candidate) => headers[candidate]);
    return { response, requestId: name === undefined ? undefined : headers[name] };
  };
  return {
    data,
    get response() {
      return (info ??= build()).response;
    },
    get requestId() {
      return (info ??= build()).requestId;
    },
  };
}

async function warnOnDeviations(raw: Response, context: ResponseContext, operation: string): Promise<void> {
  const shapes = context.shapes?.();
  const shape = shapes?.operations[operation];
  if (shape === undefined || !shapes) return;
  let json: unknown;
  try {
    json = await raw.json();
  } catch {
    return;
  }
  const found = shapeDeviations(shape, json, shapes);
  if (found.length === 0) return;
  const listed = found.slice(0, MAX_DEVIATIONS);
  const more = found.length > MAX_DEVIATIONS ? ' (and more)' : '';
  context.warn?.(
    `${operation}: the ${raw.status} response differs from the API description; returned as received. ` +
      `Fields: ${listed.join('; ')}${more}`,
    { operation, status: raw.status, fields: listed },
  );
}

/** The error for a 2xx body that is not JSON: the server accepted the request (see {@link ResponseParseError}). */
export function notJsonError(raw: Response, context: ResponseContext | undefined, method: string): ResponseParseError {
  const redactor = context?.redactor;
  const url = safeUrl(raw.url);
  const path = url.pathname + url.search;
  const headers = headersToObject(raw.headers);
  // JSON parser messages quote the start of the body, which may echo a secret (even just its first
  // characters, which no redactor would recognise), so they are never repeated.
  return new ResponseParseError(
    acceptedMessage(raw.status, 'the body is not valid JSON'),
    raw.status,
    { method, path: redactor ? redactor.string(path) : path },
    undefined,
    redactor ? redactor.headers(headers) : headers,
  );
}

function safeUrl(url: string | undefined): URL {
  try {
    return new URL(url || 'http://invalid/');
  } catch {
    return new URL('http://invalid/');
  }
}
