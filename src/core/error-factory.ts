/**
 * The single place where a non-2xx response (or a client-side rate-limit refusal) becomes a typed error.
 */
import {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
  UnprocessableEntityError,
  type ApiErrorInit,
  type ExperimentsApiError,
} from './errors';
import { headersToObject, type HeadersLike } from './fetch-types';
import type { Redactor } from './redact';

/** Fields an ErrorPolicy can pull out of an error body. */
export interface ParsedErrorBody {
  /** Machine-readable code. */
  code?: string;
  /** Human-readable message. */
  message?: string;
  /** Server-side error/request id. */
  errorId?: string;
  /** Anything else worth keeping (e.g. the offending field). */
  details?: Record<string, unknown>;
}

/** How a vendor maps its error bodies. Both hooks receive the already-redacted body. */
export interface ErrorPolicy {
  /** Extracts fields from the body; fields left undefined fall back to {@link defaultParseErrorBody}. */
  parseBody?(status: number, body: unknown): ParsedErrorBody | undefined;
  /**
   * Returns a vendor-specific error (e.g. an approval-required ConflictError subclass built from
   * `base.toInit()`), or undefined to keep `base`.
   */
  classify?(status: number, body: unknown, base: ApiError): ExperimentsApiError | undefined;
}

/** Input of {@link errorFromResponse}. */
export interface ErrorFromResponseInput {
  /** HTTP status (non-2xx). */
  status: number;
  /** Reason phrase, used when the body carries no message. */
  statusText?: string;
  /** Raw response headers (redacted here). */
  headers: HeadersLike;
  /** Body text, already read once by the transport; may be empty or non-JSON. */
  bodyText: string;
  /** Request method. */
  method: string;
  /** Full request URL (redacted here). */
  url: string;
  /** Redactor built from the client's secrets. */
  redactor: Redactor;
  /** Vendor body mapping. */
  errorPolicy?: ErrorPolicy;
  /** For 429: wait the server asked for, in ms. */
  retryAfterMs?: number;
}

const MAX_MESSAGE_CHARS = 500;

/** JSON.parse that returns the text itself when it is not JSON, and undefined for an empty body. */
export function parseBodyText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Default body mapping. LaunchDarkly-style `{code, message, id}` and PostHog/DRF-style
 * `{type, code, detail, attr}` (message = `message ?? detail ?? error`); plain-text bodies become the message.
 */
export function defaultParseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') return { message: body.trim().slice(0, MAX_MESSAGE_CHARS) };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined);
  const details: Record<string, unknown> = {};
  if (record.type !== undefined) details.type = record.type;
  if (record.attr !== undefined && record.attr !== null) details.attr = record.attr;
  return {
    code: str('code'),
    message: str('message') ?? str('detail') ?? str('error'),
    errorId: str('id'),
    details: Object.keys(details).length > 0 ? details : undefined,
  };
}

/** URL path + query, redacted; falls back to the whole (redacted) string for relative URLs. */
export function requestPath(url: string, redactor: Redactor): string {
  try {
    const parsed = new URL(url);
    return redactor.string(parsed.pathname + parsed.search);
  } catch {
    return redactor.string(url);
  }
}

/** Builds the typed error for a non-2xx response. Every stored value is redacted. */
export function errorFromResponse(input: ErrorFromResponseInput): ExperimentsApiError {
  const { status, redactor, errorPolicy } = input;
  const body = redactor.value(parseBodyText(input.bodyText));
  const defaults = defaultParseErrorBody(body);
  const custom = errorPolicy?.parseBody?.(status, body) ?? {};
  const parsed: ParsedErrorBody = {
    code: custom.code ?? defaults.code,
    message: custom.message ?? defaults.message,
    errorId: custom.errorId ?? defaults.errorId,
    details: custom.details ?? defaults.details,
  };
  const text = parsed.message || input.statusText || 'Request failed';
  const init: ApiErrorInit = {
    status,
    message: redactor.string(`${status}${parsed.code ? ` ${parsed.code}` : ''}: ${text}`),
    code: parsed.code,
    errorId: parsed.errorId,
    method: input.method.toUpperCase(),
    path: requestPath(input.url, redactor),
    headers: redactor.headers(headersToObject(input.headers)),
    body,
    details: parsed.details,
    retryAfterMs: input.retryAfterMs,
  };
  const base = errorForStatus(init);
  return errorPolicy?.classify?.(status, body, base) ?? base;
}

/**
 * A RateLimitError raised without a response: the client-side throttle knows the window is exhausted and
 * the wait exceeds `maxRetryDelayMs`.
 */
export function throttledError(
  waitMs: number,
  maxWaitMs: number,
  context: { method: string; path: string },
): RateLimitError {
  return new RateLimitError({
    status: 429,
    message: `429: rate-limit window exhausted; next request allowed in ${waitMs} ms, more than maxRetryDelayMs (${maxWaitMs} ms)`,
    method: context.method,
    path: context.path,
    headers: {},
    body: undefined,
    retryAfterMs: waitMs,
  });
}

function errorForStatus(init: ApiErrorInit): ApiError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new UnauthorizedError(init);
    case 403:
      return new ForbiddenError(init);
    case 404:
      return new NotFoundError(init);
    case 405:
      return new MethodNotAllowedError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new UnprocessableEntityError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 ? new ServerError(init) : new ApiError(init);
  }
}
