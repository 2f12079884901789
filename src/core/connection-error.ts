/**
 * The error for an attempt that got no (complete) response, with the real (redacted) cause attached: a
 * ConnectionError, or a ResponseParseError when a 2xx status and headers arrived but the body broke off.
 */
import { acceptedMessage, ConnectionError, ResponseParseError } from './errors';
import { headersToObject, type ResponseLike } from './fetch-types';
import type { Redactor } from './redact';

/**
 * Builds the error for a failed attempt on `method path`. `internal` marks an error of the environment or
 * of code (not retried): its message names the error class, since it is a bug or a missing runtime feature
 * to fix, not a network condition to wait out. The message carries the cause chain and its error code.
 */
export function connectionError(
  cause: unknown,
  call: { method: string; path: string },
  internal: boolean,
  redactor: Redactor,
): ConnectionError {
  const safe = redactor.error(cause);
  const code = findCode(safe);
  const detail = chainMessage(safe);
  const what = internal ? 'Request failed before a response (not retried) on' : 'Connection error on';
  const name = internal && safe.name && safe.name !== 'Error' ? `${safe.name}: ` : '';
  return new ConnectionError(
    `${what} ${call.method} ${call.path}: ${name}${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`,
    { method: call.method, path: call.path },
    safe,
  );
}

/**
 * A 2xx whose body broke off after the status and headers: the server accepted the request, which the error
 * must say (`serverAccepted`), so that a write is not repeated blindly.
 */
export function cutShortError(
  response: ResponseLike,
  cause: unknown,
  call: { method: string; path: string },
  redactor: Redactor,
): ResponseParseError {
  const safe = redactor.error(cause);
  return new ResponseParseError(
    acceptedMessage(response.status, `the body was cut short (${chainMessage(safe)})`),
    response.status,
    { method: call.method, path: call.path },
    safe,
    redactor.headers(headersToObject(response.headers)),
  );
}

// undici reports `TypeError: fetch failed` with the useful detail (ECONNRESET, ...) in its cause chain.
function findCode(error: Error | undefined): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function chainMessage(error: Error): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    const message = (e as Error).message;
    if (message && !messages.includes(message)) messages.push(message);
  }
  return messages.join(': ') || 'network error';
}
