/**
 * Structural types for fetch implementations. Everything is duck-typed so that the global (undici)
 * fetch and node-fetch v2, whose Response/Headers are different classes, both fit.
 */

/** The signature the generated `typescript-fetch` runtime expects for `Configuration.fetchApi`. */
export type FetchAPI = (url: string, init: RequestInit) => Promise<Response>;

/** The parts of a Headers object we read. */
export interface HeadersLike {
  /** Value of `name` (case-insensitive), or null. */
  get(name: string): string | null;
  /** Visits every header; names may arrive in any case. */
  forEach(callback: (value: string, name: string) => void): void;
}

/** The parts of a Response object we read. */
export interface ResponseLike {
  /** HTTP status code. */
  status: number;
  /** HTTP reason phrase; may be empty. */
  statusText?: string;
  /** Response headers. */
  headers: HeadersLike;
  /** Reads the whole body as text (consumes it). */
  text(): Promise<string>;
}

/**
 * Any fetch-compatible function: the global fetch, node-fetch v2/v3, or a test double.
 * `init` is typed loosely because every implementation declares its own RequestInit type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FetchLike = (url: string, init?: any) => Promise<ResponseLike>;

/** Plain, lower-cased copy of a Headers-like object. */
export function headersToObject(headers: HeadersLike | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers.forEach === 'function') {
    headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
  }
  return out;
}
