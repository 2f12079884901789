/**
 * Combining AbortSignals by hand (AbortController + listeners) instead of `AbortSignal.any`, whose listener
 * lifetime differs between Node releases; here every listener is removed explicitly by `dispose()`.
 */

/** A signal that aborts when any source aborts (or when `abort()` is called); `dispose()` detaches it. */
export interface LinkedSignal {
  /** The combined signal. */
  readonly signal: AbortSignal;
  /** Aborts the combined signal (sources are not touched). */
  abort(reason?: unknown): void;
  /** Removes the listeners added to the sources. Safe to call more than once. */
  dispose(): void;
}

/** Links `sources` (undefined entries are skipped) into one {@link LinkedSignal}. */
export function linkSignals(sources: ReadonlyArray<AbortSignal | null | undefined>): LinkedSignal {
  const controller = new AbortController();
  const attached: AbortSignal[] = [];
  const onAbort = (event: Event): void => {
    controller.abort((event.target as AbortSignal | null)?.reason);
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    source.addEventListener('abort', onAbort, { once: true });
    attached.push(source);
  }
  const dispose = (): void => {
    for (const source of attached.splice(0)) source.removeEventListener('abort', onAbort);
  };
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose,
  };
}
