import type { ApiResponse, BaseAPI, Middleware } from '../../generated/runtime';
import { withCallOptions, type CallOptions } from './call-options';
import { redactorOf } from './buffered-response';
import { ExperimentsApiError, ResponseParseError } from './errors';

/**
 * Glue between a facade and the generated API classes, shared by every vendor.
 */

/**
 * Middleware every generated client is built with. The generated runtime wraps whatever `fetchApi` throws in
 * its own `FetchError` unless an `onError` middleware rethrows; this one rethrows, so our transport's typed
 * errors (ApiError and its subclasses, RateLimitError, ConnectionError, TimeoutError, AbortError) reach users
 * as they are.
 */
export const RETHROW_TRANSPORT_ERRORS: Middleware = {
  // The runtime awaits this inside its own async fetch, so a synchronous throw rejects that call.
  onError(context): Promise<void> {
    throw context.error;
  },
};

/**
 * The generated API to use for one call: `api` itself when there are no options, else a clone whose
 * pre-middleware attaches the options to the RequestInit for the transport to read.
 */
export function forCallOptions<T extends BaseAPI>(api: T, options: CallOptions | undefined): T {
  if (!options || Object.keys(options).length === 0) return api;
  return api.withPreMiddleware(async ({ url, init }) => ({ url, init: withCallOptions(init, options) }));
}

/**
 * Reads a generated ApiResponse. A 2xx body that is not JSON, or not shaped as the model, becomes a
 * ResponseParseError instead of a bare SyntaxError/TypeError from generated code.
 */
export async function readValue<T>(response: ApiResponse<T>, method: string): Promise<T> {
  try {
    return await response.value();
  } catch (error) {
    if (error instanceof ExperimentsApiError) throw error;
    // JSON parser messages quote the start of the body, which may echo a secret (even just its first
    // characters, which no redactor would recognise), so they are never repeated; other errors (a body not
    // shaped like the model) are redacted like every error.
    const redactor = redactorOf(response.raw);
    const syntax = error instanceof SyntaxError;
    const safe = syntax ? undefined : redactor ? redactor.error(error) : (error as Error);
    const reason = syntax ? 'the body is not valid JSON' : (safe?.message ?? String(safe));
    const url = new URL(response.raw.url || 'http://invalid/');
    const path = url.pathname + url.search;
    throw new ResponseParseError(
      `Could not parse the ${response.raw.status} response: ${reason}`,
      response.raw.status,
      { method, path: redactor ? redactor.string(path) : path },
      safe,
    );
  }
}
