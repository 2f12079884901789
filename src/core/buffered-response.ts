import type { HeadersLike, ResponseLike } from './fetch-types';
import type { Redactor } from './redact';

/** Where a buffered response carries the redactor of the client that fetched it (for parse errors). */
export const RESPONSE_REDACTOR: unique symbol = Symbol.for('experiments-api.responseRedactor');

/**
 * A 2xx response whose body the transport already read in full (under the attempt's timeout). It offers what
 * the generated runtime uses (`status`, `headers`, `url`, `json()`, `text()`, `clone()`) without building a
 * second platform Response, which measurably slowed every call.
 */
export class BufferedResponse {
  readonly ok = true;
  /** The redactor of the client that fetched it, read by `readValue` for parse errors. */
  readonly [RESPONSE_REDACTOR]: Redactor;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: HeadersLike,
    readonly url: string,
    private readonly body: string,
    redactor: Redactor,
  ) {
    this[RESPONSE_REDACTOR] = redactor;
  }

  /** The body parsed as JSON (a SyntaxError for a non-JSON body, like `Response.json()`). */
  json(): Promise<unknown> {
    // Not `async`: a SyntaxError must still arrive as a rejection, so parse inside a promise.
    return new Promise((resolve) => resolve(JSON.parse(this.body)));
  }

  /** The body as text. */
  text(): Promise<string> {
    return Promise.resolve(this.body);
  }

  /** An independent copy (the body is a string, so copies share it safely). */
  clone(): BufferedResponse {
    return new BufferedResponse(
      this.status,
      this.statusText,
      this.headers,
      this.url,
      this.body,
      this[RESPONSE_REDACTOR],
    );
  }
}

/** Wraps a 2xx response and its fully read body for the generated code. */
export function bufferedResponse(
  source: ResponseLike & { url?: string },
  bodyText: string,
  redactor: Redactor,
): Response {
  const url = typeof source.url === 'string' ? source.url : '';
  // Duck-typed: the generated runtime only uses the members BufferedResponse implements.
  return new BufferedResponse(
    source.status,
    source.statusText ?? '',
    source.headers,
    url,
    bodyText,
    redactor,
  ) as unknown as Response;
}

/** The redactor attached by {@link bufferedResponse}, if `response` came through our transport. */
export function redactorOf(response: unknown): Redactor | undefined {
  return response instanceof BufferedResponse ? response[RESPONSE_REDACTOR] : undefined;
}
