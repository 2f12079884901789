/**
 * Per-call options ride inside the RequestInit under a symbol, because the generated runtime only forwards
 * `(url, init)` to `fetchApi`. Object spread copies symbol keys, so they survive `initOverrides`.
 */

import { ValidationError } from './errors';

/** Key under which {@link CallOptions} travel in a RequestInit. Stripped before the real fetch. */
export const CALL_OPTIONS: unique symbol = Symbol.for('experiments-api.callOptions');

/** Options for one call; each overrides the client default of the same name. */
export interface CallOptions {
  /** Cancels the call, including throttle waits and backoff sleeps. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms. Default: the client's `timeoutMs` (30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt; 0 disables. Default: the client's `maxRetries` (2). */
  maxRetries?: number;
  /** Also retry POST/PATCH on 5xx, 408, timeouts and network errors (never after a 2xx status). Default false. */
  retryNonIdempotent?: boolean;
  /** Extra headers; each replaces an existing header of the same name, compared case-insensitively. */
  headers?: Record<string, string>;
}

const CALL_OPTION_NAMES = ['signal', 'timeoutMs', 'maxRetries', 'retryNonIdempotent', 'headers'];

/** A RequestInit that may carry {@link CallOptions}. */
export type InitWithCallOptions = RequestInit & {
  [CALL_OPTIONS]?: CallOptions;
};

/**
 * Returns a copy of `init` carrying `options`, merged over any call options it already had (later values
 * win; headers are merged case-insensitively).
 */
export function withCallOptions(init: RequestInit, options: CallOptions): InitWithCallOptions {
  // A misspelt option (`maxRetry: 0`, `timeout`) would silently keep the default.
  for (const name of Object.keys(options)) {
    if (!CALL_OPTION_NAMES.includes(name))
      throw new ValidationError(`${name} is not an option of a call (${CALL_OPTION_NAMES.join(', ')})`, {
        field: name,
      });
  }
  const previous = getCallOptions(init);
  const merged: CallOptions = { ...previous, ...options };
  if (previous.headers || options.headers) {
    merged.headers = mergeHeaders(previous.headers, options.headers);
  }
  return { ...init, [CALL_OPTIONS]: merged };
}

/** The call options carried by `init` ({} when none). */
export function getCallOptions(init: RequestInit | undefined): CallOptions {
  const carrier: InitWithCallOptions | undefined = init;
  return carrier?.[CALL_OPTIONS] ?? {};
}

/** `init` without the call-options symbol, so fetch implementations never see it. */
export function stripCallOptions(init: RequestInit | undefined): RequestInit {
  const copy: InitWithCallOptions = { ...init };
  delete copy[CALL_OPTIONS];
  return copy;
}

type HeaderSource =
  | Record<string, string>
  | Array<[string, string]>
  | { forEach(callback: (value: string, name: string) => void): void }
  | undefined;

/**
 * Merges `overrides` into `base` case-insensitively and returns a plain object. A name present in both keeps
 * only the override (so `ld-api-version` replaces `LD-API-Version` instead of producing `a, b`). Either may be
 * a plain object, an array of pairs or a Headers-like object (`Headers`, `Map`): none is silently dropped.
 * `base` values are made strings; override values are kept, and the request checks refuse any not a string.
 */
export function mergeHeaders(
  base: RequestInit['headers'] | HeaderSource,
  overrides?: HeaderSource | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  const index = new Map<string, string>();
  for (const source of [base as HeaderSource, overrides]) {
    // Typed as the HeaderSource says; at run time a caller may hand anything, hence the checks after merging.
    for (const [name, value] of entriesOf(source) as Array<[string, string]>) {
      if (value === undefined || value === null) continue;
      const lower = name.toLowerCase();
      const existing = index.get(lower);
      if (existing !== undefined) delete out[existing];
      index.set(lower, name);
      // As before: `base` values are made strings (a client's `{ 'X-Retry': 3 }`), overrides are checked as given.
      out[name] = source === overrides ? value : String(value);
    }
  }
  return out;
}

/** The name/value pairs of a plain object, an array of pairs, or anything with `forEach(value, name)`. */
export function entriesOf(source: unknown): Array<[string, unknown]> {
  if (Array.isArray(source)) return source as Array<[string, unknown]>;
  const out: Array<[string, unknown]> = [];
  if (typeof (source as Map<string, unknown>)?.forEach === 'function')
    (source as Map<string, unknown>).forEach((value, name) => out.push([name, value]));
  else if (source) out.push(...Object.entries(source));
  return out;
}
