import type { HeadersLike, ResponseLike } from './fetch-types';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import type { ResponseShapesSource } from './response-shape';

/** Where a buffered response carries the context of the client that fetched it. */
export const RESPONSE_CONTEXT: unique symbol = Symbol.for('experiments-api.responseContext');

/** What reading a response needs from the client that fetched it. */
export interface ResponseContext {
  /** Redacts errors, headers and URLs. */
  readonly redactor: Redactor;
  /** Receives the deviation warning; undefined when warnings would not be emitted (no check is then run). */
  readonly warn?: Logger['warn'];
  /** Response headers read as the request id, lower-case, first present wins. */
  readonly requestIdHeaders: readonly string[];
  /** The vendor's expected 2xx body shapes by operation (built on first use), for the deviation warning. */
  readonly shapes?: ResponseShapesSource;
}

/**
 * A 2xx response whose body the transport already read in full (under the attempt's timeout). It offers what
 * the generated runtime uses (`status`, `headers`, `url`, `json()`, `text()`, `clone()`) without building a
 * second platform Response, which measurably slowed every call.
 */
export class BufferedResponse {
  readonly ok = true;
  /** The context of the client that fetched it, read by `readResponse`. */
  readonly [RESPONSE_CONTEXT]: ResponseContext;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: HeadersLike,
    readonly url: string,
    private readonly body: string,
    context: ResponseContext,
  ) {
    this[RESPONSE_CONTEXT] = context;
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
      this[RESPONSE_CONTEXT],
    );
  }
}

/** Wraps a 2xx response and its fully read body for the generated code. */
export function bufferedResponse(
  source: ResponseLike & { url?: string },
  bodyText: string,
  context: ResponseContext,
): Response {
  const url = typeof source.url === 'string' ? source.url : '';
  // Duck-typed: the generated runtime only uses the members BufferedResponse implements.
  return new BufferedResponse(
    source.status,
    source.statusText ?? '',
    source.headers,
    url,
    bodyText,
    context,
  ) as unknown as Response;
}

/** The context attached by {@link bufferedResponse}, if `response` came through our transport. */
export function contextOf(response: unknown): ResponseContext | undefined {
  return response instanceof BufferedResponse ? response[RESPONSE_CONTEXT] : undefined;
}
