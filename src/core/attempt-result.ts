/**
 * What one HTTP attempt reports, whichever way it was sent (attempt.ts over a fetch, node-http.ts over
 * node:http). Kept apart so the two senders share the contract without importing each other.
 */
import type { ResponseLike } from './fetch-types';

/**
 * Why an attempt produced no response. `network_error` and `timeout` may be retried; `internal` is an error
 * of the environment or of code (a ReferenceError, a TypeError that is not a network failure, ...), which
 * another attempt would only repeat.
 */
export type FailureReason = 'timeout' | 'network_error' | 'internal';

/** Outcome of one attempt. A caller abort is thrown (AbortError), never reported. */
export type AttemptResult =
  | {
      kind: 'success';
      response: ResponseLike;
      /** The whole 2xx body, read under the attempt's timeout and signal. */
      bodyText: string;
    }
  | {
      kind: 'http_error';
      response: ResponseLike;
      /** Body text of the non-2xx response, read under the same timeout ('' when unreadable). */
      bodyText: string;
    }
  | {
      kind: 'failure';
      reason: FailureReason;
      error: unknown;
      /**
       * Set when a 2xx status and headers arrived whole but the body broke off or did not arrive in time: the
       * server accepted the request.
       */
      accepted?: ResponseLike;
    };

/** Input of one attempt, whichever sender runs it. */
export interface SendInput {
  url: string;
  /** RequestInit without a signal (method upper case, headers a plain object); the attempt adds its own. */
  init: RequestInit;
  /** The call's (already combined) caller signal; undefined when the caller passed none. */
  callSignal?: AbortSignal;
  /** Per-attempt timeout in ms, to the last body byte. */
  timeoutMs: number;
}

/** Sends one attempt; rejects only with AbortError, when the caller's signal aborted. */
export type Sender = (input: SendInput) => Promise<AttemptResult>;

// Messages of the TypeErrors fetch implementations use for network failures: undici ("fetch failed",
// "terminated"), Deno ("error sending request", "connection closed"), workerd ("Network connection lost"),
// browsers ("Failed to fetch", "NetworkError ...", "Load failed").
const NETWORK_TYPE_ERROR =
  /fetch failed|failed to fetch|network|load failed|terminated|socket|connect|sending request|other side closed|E(?:CONN|PIPE|TIMEDOUT|NOTFOUND|AI_AGAIN)/i;

const CODE_ERRORS = new Set(['ReferenceError', 'SyntaxError', 'RangeError', 'EvalError', 'URIError']);
// TypeErrors that only code or environment problems produce, even when they name a network word
// ("Cannot read properties of undefined (reading 'socket')").
const CODE_TYPE_ERROR =
  /^Cannot (?:read|set) propert|is not a (?:function|constructor)|is not iterable|Illegal invocation|Invalid URL|Failed to parse URL/;

/**
 * The failure reason of an exception an attempt caught (not a caller abort). Errors that no retry can fix
 * are `internal`: ReferenceError, SyntaxError, RangeError, EvalError, URIError, and a TypeError that carries
 * no cause and does not read like a network failure (fetch reports network failures as TypeErrors, our own
 * bugs and a missing global throw them too). Anything else (node:http's `ECONNRESET`, node-fetch's
 * FetchError, ...) is a network error.
 */
export function failureReason(error: unknown, timedOut: boolean): FailureReason {
  if (timedOut) return 'timeout';
  // By name, not instanceof: an error made in another realm (a vm context, a worker's fetch) is still one.
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && CODE_ERRORS.has(name)) return 'internal';
  if (name === 'TypeError') {
    const { message, cause } = error as TypeError;
    if (CODE_TYPE_ERROR.test(message)) return 'internal';
    return cause !== undefined || NETWORK_TYPE_ERROR.test(message) ? 'network_error' : 'internal';
  }
  return 'network_error';
}
