import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Vendor } from './spec';

/** What a handler answers; the server serialises `body` as JSON (no body for 204 or `undefined`). */
export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A failure a handler reports. The server renders it in the vendor's error format
 * (LaunchDarkly `{code, message, id}`, PostHog `{type, code, detail, attr}`).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** PostHog only: the offending field (`attr`), `null` for non-field errors. */
    readonly attr: string | null = null,
  ) {
    super(message);
  }

  /** A body that replaces the vendor's standard error body (e.g. PostHog's approval 409). */
  customBody(): Record<string, unknown> | undefined {
    return undefined;
  }
}

/** 400 `invalid_request` (LaunchDarkly) / `invalid_input` (PostHog). */
export const badRequest = (message: string, attr: string | null = null) =>
  new HttpError(400, 'invalid_request', message, attr);
/** 404 `not_found`. */
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

const POSTHOG_TYPES: Record<number, string> = {
  400: 'validation_error',
  401: 'authentication_error',
  403: 'authentication_error',
  404: 'invalid_request',
  405: 'invalid_request',
  409: 'invalid_request',
  415: 'invalid_request',
  429: 'throttled_error',
};

/** Builds the vendor's error body for `error`; `requestId` becomes LaunchDarkly's `id`. */
export function errorBody(vendor: Vendor, error: HttpError, requestId: string): Record<string, unknown> {
  const custom = error.customBody();
  if (custom) return custom;
  if (vendor === 'posthog') {
    const code = error.code === 'invalid_request' && error.status === 400 ? 'invalid_input' : error.code;
    return { type: POSTHOG_TYPES[error.status] ?? 'server_error', code, detail: error.message, attr: error.attr };
  }
  return { code: error.code, message: error.message, id: requestId };
}

/** Default error code for a bare status (used by status faults and unexpected failures). */
export function codeForStatus(vendor: Vendor, status: number): string {
  const ld: Record<number, string> = {
    400: 'invalid_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'optimistic_locking_error',
    429: 'rate_limited',
    502: 'bad_gateway',
    503: 'service_unavailable',
    504: 'gateway_timeout',
  };
  const ph: Record<number, string> = {
    401: 'not_authenticated',
    403: 'permission_denied',
    429: 'throttled',
    409: 'conflict',
  };
  if (vendor === 'posthog') return ph[status] ?? ld[status] ?? 'error';
  return ld[status] ?? (status >= 500 ? 'internal_server_error' : 'error');
}

/** Reads the whole request body (bytes), capped at `limitBytes` (default 10 MiB) to protect the process. */
export async function readBody(req: IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new HttpError(413, 'request_too_large', `request body exceeds ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Serialises a response: JSON with an exact Content-Length, or an empty body for 204/`undefined`. */
export function serialize(response: EmulatorResponse): { headers: Record<string, string>; payload: Buffer } {
  const headers = { ...(response.headers ?? {}) };
  if (response.body === undefined || response.status === 204) {
    return { headers, payload: Buffer.alloc(0) };
  }
  const payload = Buffer.from(JSON.stringify(response.body), 'utf8');
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'application/json';
  return { headers, payload };
}

/** Writes a serialised response unless the socket is already gone (closed emulator, client abort). */
export function writeResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: Buffer,
): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { ...headers, 'Content-Length': String(payload.length) });
  res.end(payload);
}
