/**
 * One HTTP attempt under a per-attempt timeout and the caller's signal. Reports what happened; the retry
 * decision is made by the transport.
 */
import { AbortError } from './errors';
import type { FetchLike, ResponseLike } from './fetch-types';
import { canSendNatively, nodeAttempt } from './node-http';
import { linkSignals } from './signals';

/** Outcome of {@link runAttempt}. A caller abort is thrown (AbortError), never reported. */
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
      reason: 'timeout' | 'network_error';
      error: unknown;
      /** Set when a 2xx status and headers arrived whole but the body broke off: the server accepted the request. */
      accepted?: ResponseLike;
    };

/** Input of {@link runAttempt}. */
export interface AttemptInput {
  /**
   * The fetch to send with. Default: node:http/node:https (node-http.ts), or `globalThis.fetch` for a body
   * node:http cannot send as it is (streams, forms).
   */
  fetch?: FetchLike;
  url: string;
  /** RequestInit without a signal; the attempt adds its own. */
  init: RequestInit;
  /** The call's (already combined) caller signal; undefined when the caller passed none. */
  callSignal?: AbortSignal;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
}

/**
 * Sends one request and reads its whole body. The timeout covers the time to the last byte. The timer and
 * every listener are removed before this resolves.
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  if (!input.fetch && canSendNatively(input.init.body)) {
    return nodeAttempt({
      url: input.url,
      method: input.init.method ?? 'GET',
      headers: (input.init.headers ?? {}) as Record<string, string>,
      body: input.init.body,
      callSignal: input.callSignal,
      timeoutMs: input.timeoutMs,
    });
  }
  return fetchAttempt(input, input.fetch ?? globalFetch);
}

function globalFetch(url: string, init: RequestInit): Promise<Response> {
  if (typeof globalThis.fetch !== 'function') throw new TypeError('No global fetch; pass the `fetch` option');
  return globalThis.fetch(url, init);
}

async function fetchAttempt(input: AttemptInput, fetch: FetchLike): Promise<AttemptResult> {
  const link = linkSignals([input.callSignal]);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    link.abort();
  }, input.timeoutMs);
  let accepted: ResponseLike | undefined;
  try {
    const response = await abortable(fetch(input.url, { ...input.init, signal: link.signal }), link.signal);
    if (response.status >= 200 && response.status < 300) {
      accepted = response;
      // The body is read here, under the same timeout and signal: a server that stalls or cuts the
      // connection mid-body is a timeout or network error (retryable for idempotent methods), not a
      // call that hangs or a parse error later.
      const bodyText = await abortable(response.text(), link.signal);
      return { kind: 'success', response, bodyText };
    }
    const bodyText = await abortable(readText(response), link.signal);
    return { kind: 'http_error', response, bodyText };
  } catch (error) {
    if (input.callSignal?.aborted) throw new AbortError();
    if (timedOut) return { kind: 'failure', reason: 'timeout', error };
    return { kind: 'failure', reason: 'network_error', error, ...(accepted ? { accepted } : {}) };
  } finally {
    clearTimeout(timer);
    link.dispose();
  }
}

async function readText(response: ResponseLike): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    // The status line arrived; losing the error body to a broken stream should not hide the status,
    // unless the read failed because we aborted it (rethrown so the caller sees timeout/abort).
    if ((error as { name?: unknown })?.name === 'AbortError') throw error;
    return '';
  }
}

// Settles as soon as `signal` aborts even if a fetch implementation ignores the signal; the late
// settlement of `promise` is swallowed so it cannot surface as an unhandled rejection.
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError());
    if (signal.aborted) {
      promise.catch(() => undefined);
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
