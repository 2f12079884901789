/**
 * Typed errors. Every value stored on these classes has already been redacted by the code that built
 * them (the transport and {@link errorFromResponse}); the classes themselves never see raw secrets.
 */

/** Base class of every error thrown by this SDK. */
export class ExperimentsApiError extends Error {
  /** `message` must already be redacted; `cause` (default none) is kept non-enumerable, out of JSON. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    // Keeps `instanceof` working when the package is down-compiled to ES5 by a consumer's bundler.
    Object.setPrototypeOf(this, new.target.prototype);
    if (options && options.cause !== undefined) {
      // Non-enumerable like the native `cause`, so JSON/inspect output is shaped by toJSON and V8 alone.
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Safe, redacted fields only; used by `JSON.stringify(err)`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

// The name lives on each class's prototype, like the built-in errors' (`TypeError.prototype.name`): one
// definition per class instead of one per instance, and `stack`, `String(error)` and `toJSON` all read it.
function named(type: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(type.prototype, 'name', { value: name, writable: true, configurable: true });
}
named(ExperimentsApiError, 'ExperimentsApiError');

/** Constructor arguments of {@link ApiError}; exported so vendor code can subclass ApiError/ConflictError. */
export interface ApiErrorInit {
  /** HTTP status code of the final response. */
  status: number;
  /** Human-readable message (already redacted). */
  message: string;
  /** Machine-readable error code from the body (LD `code`, PostHog `code`). */
  code?: string;
  /** Server error/request id from the body (LD `id`), for support tickets. */
  errorId?: string;
  /** Request method, upper case. */
  method: string;
  /** URL path + query of the request (redacted). */
  path: string;
  /** Response headers, lower-cased names (redacted). */
  headers: Record<string, string>;
  /** Parsed JSON body, or the body text when it was not JSON (redacted). */
  body: unknown;
  /** Extra vendor fields picked by an ErrorPolicy (e.g. PostHog `attr`/`type`). */
  details?: Record<string, unknown>;
  /** Only for 429: how long the server asked us to wait, in ms. */
  retryAfterMs?: number;
}

/** An HTTP response with a non-2xx status. Subclasses exist for the common statuses. */
export class ApiError extends ExperimentsApiError {
  /** HTTP status code. */
  readonly status: number;
  /** Machine-readable code from the body, if any. */
  readonly code?: string;
  /** Server error id from the body (LD `id`), if any. */
  readonly errorId?: string;
  /** Request method, upper case. */
  readonly method: string;
  /** URL path + query, redacted. */
  readonly path: string;
  /** Response headers, lower-cased names, redacted. */
  readonly headers: Record<string, string>;
  /** Parsed JSON body, or text, redacted; undefined when empty. */
  readonly body: unknown;
  /** Extra vendor fields chosen by the ErrorPolicy. */
  readonly details?: Record<string, unknown>;

  /** Built by the SDK from a redacted response; construct one yourself only to test your handlers. */
  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.errorId = init.errorId;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers;
    this.body = init.body;
    this.details = init.details;
  }

  /** The arguments this error was built from; lets an ErrorPolicy wrap it in a vendor subclass. */
  toInit(): ApiErrorInit {
    return {
      status: this.status,
      message: this.message,
      code: this.code,
      errorId: this.errorId,
      method: this.method,
      path: this.path,
      headers: this.headers,
      body: this.body,
      details: this.details,
    };
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      ...dropUndefined(this.toInit()),
      message: this.message,
    };
  }
}
named(ApiError, 'ApiError');

/** 400: the request was malformed (LD also answers 400 to a semantic patch without its media type). */
export class BadRequestError extends ApiError {}
named(BadRequestError, 'BadRequestError');

/** 401: missing or invalid credentials. */
export class UnauthorizedError extends ApiError {}
named(UnauthorizedError, 'UnauthorizedError');

/** 403: the credentials lack permission (or a beta header is missing). */
export class ForbiddenError extends ApiError {}
named(ForbiddenError, 'ForbiddenError');

/** 404: the resource does not exist. */
export class NotFoundError extends ApiError {}
named(NotFoundError, 'NotFoundError');

/** 405: the method is not allowed on this resource. */
export class MethodNotAllowedError extends ApiError {}
named(MethodNotAllowedError, 'MethodNotAllowedError');

/** 409: conflict (stale version, concurrent write, vendor approval gates). Never retried. */
export class ConflictError extends ApiError {}
named(ConflictError, 'ConflictError');

/** 422: the body was understood but cannot be processed. */
export class UnprocessableEntityError extends ApiError {}
named(UnprocessableEntityError, 'UnprocessableEntityError');

/** 429 after retries were exhausted, or when the required wait exceeds `maxRetryDelayMs`. */
export class RateLimitError extends ApiError {
  /** How long to wait before trying again, in ms, when known. */
  readonly retryAfterMs?: number;

  /** Built by the SDK for a final 429; `init.retryAfterMs` is the server's wait in ms, when it sent one. */
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The arguments this error was built from, `retryAfterMs` (ms) included. */
  override toInit(): ApiErrorInit {
    return { ...super.toInit(), retryAfterMs: this.retryAfterMs };
  }
}
named(RateLimitError, 'RateLimitError');

/** Any status ≥ 500. */
export class ServerError extends ApiError {}
named(ServerError, 'ServerError');

/** Where a non-HTTP failure happened; both values are redacted. */
export interface RequestContext {
  /** Request method, upper case. */
  method?: string;
  /** URL path + query (redacted). */
  path?: string;
}

/** Base of the errors raised without an HTTP response (connection, timeout, abort, parse). */
export abstract class RequestFailure extends ExperimentsApiError {
  /** Request method, upper case, when known. */
  readonly method?: string;
  /** URL path + query (redacted), when known. */
  readonly path?: string;

  /** `context` (method, redacted path) may be empty; `cause` defaults to none. */
  constructor(message: string, context: RequestContext, cause?: unknown) {
    super(message, { cause });
    this.method = context.method;
    this.path = context.path;
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      ...dropUndefined({ method: this.method, path: this.path }),
    };
  }
}

/** The request never got a response (DNS, refused, reset). `cause` is a redacted copy of the original. */
export class ConnectionError extends RequestFailure {
  /** `cause` is the redacted network error (default none); `context` defaults to `{}`. */
  constructor(message: string, context: RequestContext = {}, cause?: Error) {
    super(message, context, cause);
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    const cause = this.cause as (Error & { code?: unknown }) | undefined;
    return {
      ...super.toJSON(),
      ...(cause
        ? {
            cause: dropUndefined({
              name: cause.name,
              message: cause.message,
              code: cause.code,
            }),
          }
        : {}),
    };
  }
}
named(ConnectionError, 'ConnectionError');

/** One attempt exceeded its timeout (after retries, if any, were exhausted). */
export class TimeoutError extends RequestFailure {
  /** The per-attempt timeout that fired, in ms. */
  readonly timeoutMs: number;

  /** `timeoutMs` is the per-attempt limit that fired, in ms; `context` defaults to `{}`. */
  constructor(timeoutMs: number, context: RequestContext = {}) {
    super(`Request timed out after ${timeoutMs} ms`, context);
    this.timeoutMs = timeoutMs;
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
named(TimeoutError, 'TimeoutError');

/** The caller aborted via its AbortSignal. Never retried. */
export class AbortError extends RequestFailure {
  /** `message` defaults to "Request was aborted"; `context` defaults to `{}`. */
  constructor(message = 'Request was aborted', context: RequestContext = {}) {
    super(message, context);
  }
}
named(AbortError, 'AbortError');

/** One problem found by a client-side input check. */
export interface ValidationIssue {
  /** Dotted path of the offending field, if any. */
  field?: string;
  /** What is wrong with it. */
  message: string;
}

/** Client-side input check failed before anything was sent (or an unsafe server value was refused). */
export class ValidationError extends ExperimentsApiError {
  /** The offending field, when there is a single one. */
  readonly field?: string;
  /** Every problem found, when several were collected. */
  readonly issues?: ValidationIssue[];

  /** `options.field` names the single offending field; `options.issues` lists several (both default to none). */
  constructor(message: string, options: { field?: string; issues?: ValidationIssue[] } = {}) {
    super(message);
    this.field = options.field;
    this.issues = options.issues;
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      ...dropUndefined({ field: this.field, issues: this.issues }),
    };
  }
}
named(ValidationError, 'ValidationError');

/**
 * A 2xx response whose body could not be read: not JSON, or cut short after the status and headers arrived.
 * The server accepted the request (`serverAccepted`), so a write may have taken effect: check before
 * repeating it. (A body merely shaped differently from the spec is returned as it arrived, never this.)
 */
export class ResponseParseError extends RequestFailure {
  /** HTTP status of the response. */
  readonly status: number;
  /** Response headers, lower-cased names, redacted. */
  readonly headers: Record<string, string>;
  /** True when the status was 2xx: the server accepted the request and may have acted on it. */
  readonly serverAccepted: boolean;

  /** `status` is the response status; `serverAccepted` is derived from it (2xx); `headers` (redacted) default to `{}`. */
  constructor(
    message: string,
    status: number,
    context: RequestContext = {},
    cause?: Error,
    headers: Record<string, string> = {},
  ) {
    super(message, context, cause);
    this.status = status;
    this.headers = headers;
    this.serverAccepted = status >= 200 && status < 300;
  }

  /** Safe, redacted fields only, for `JSON.stringify`; undefined fields are left out. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, serverAccepted: this.serverAccepted, headers: this.headers };
  }
}
named(ResponseParseError, 'ResponseParseError');

/** The message of a ResponseParseError for a 2xx: the server accepted the request, so do not blindly repeat it. */
export function acceptedMessage(status: number, reason: string): string {
  return (
    `The server accepted the request (status ${status}) but its response could not be read: ${reason}. ` +
    'A write may have taken effect: check its result before repeating it.'
  );
}

function dropUndefined(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
