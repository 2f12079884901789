import type { ResponseLike } from './fetch-types';
import type { Redactor } from './redact';

/** Where a buffered response carries the redactor of the client that fetched it (for parse errors). */
export const RESPONSE_REDACTOR: unique symbol = Symbol.for('experiments-api.responseRedactor');

// Statuses whose Response may not have a body (the Response constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A standard Response holding a body that was already read in full by the transport. The generated code
 * reads it as usual (`json()`, `text()`), whatever fetch produced the original (global or node-fetch).
 */
export function bufferedResponse(
  source: ResponseLike & { url?: string },
  bodyText: string,
  redactor: Redactor,
): Response {
  const headers = new Headers();
  source.headers.forEach((value, name) => headers.append(name, value));
  const body = NULL_BODY_STATUSES.has(source.status) ? null : bodyText;
  const response = new Response(body, { status: source.status, statusText: source.statusText ?? '', headers });
  Object.defineProperty(response, 'url', { value: typeof source.url === 'string' ? source.url : '' });
  Object.defineProperty(response, RESPONSE_REDACTOR, { value: redactor });
  return response;
}

/** The redactor attached by {@link bufferedResponse}, if `response` came through our transport. */
export function redactorOf(response: unknown): Redactor | undefined {
  return (response as { [RESPONSE_REDACTOR]?: Redactor } | undefined)?.[RESPONSE_REDACTOR];
}
