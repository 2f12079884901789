/**
 * One HTTP attempt through a fetch (the `fetch` option, or the runtime's own where there is no node:http),
 * under a per-attempt timeout and the caller's signal. Reports what happened; the retry decision is made by
 * the transport. Uses only fetch, AbortController and timers: no `process`, `Buffer` or `require`, so it runs
 * on every runtime (Workers, edge, browsers, Deno, Bun).
 */
import { failureReason, type AttemptResult, type SendInput } from './attempt-result';
import { AbortError } from './errors';
import type { FetchLike, ResponseLike } from './fetch-types';
import { linkSignals } from './signals';

export type { AttemptResult } from './attempt-result';

/** Input of {@link runAttempt}. */
export interface AttemptInput extends SendInput {
  /** The fetch to send with. */
  fetch: FetchLike;
}

/**
 * Sends one request and reads its whole body. The timeout covers the time to the last byte. The timer and
 * every listener are removed before this resolves. Rejects only with AbortError, when the caller aborted.
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const link = linkSignals([input.callSignal]);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    link.abort();
  }, input.timeoutMs);
  let accepted: ResponseLike | undefined;
  try {
    // `redirect: 'manual'`: a 3xx is an answer (an ApiError), as on node:http; following it would send the body
    // (and, with some fetches, the key) to wherever the Location points.
    const init = { ...input.init, redirect: 'manual' as const, signal: link.signal };
    const response = await abortable(input.fetch(input.url, init), link.signal);
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
    const reason = failureReason(error, timedOut);
    // A 2xx whose body broke off or stalled: the server accepted the request, which the final error must say
    // (and which rules out sending a write again).
    return { kind: 'failure', reason, error, ...(accepted && reason !== 'internal' ? { accepted } : {}) };
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
