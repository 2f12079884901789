import { AbortError } from './errors';
import { MAX_TIMER_MS } from './request-checks';

/** Signature of an abortable sleep; injectable into the transport and throttle for tests. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Resolves after `ms` milliseconds (at most 2^31 − 1, about 24.8 days), or rejects with {@link AbortError} as soon as `signal` aborts
 * (immediately if it already has). The timer and the abort listener are always removed, so a settled
 * sleep leaves no handle behind.
 */
export const sleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      // Node fires a timer beyond 2^31 − 1 ms after 1 ms; a jittered wait near the cap can get there.
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
