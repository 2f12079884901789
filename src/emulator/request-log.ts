import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './faults';
import type { Vendor } from './spec';

/** One request the emulator received (control endpoints under `/__emulator` are not recorded). */
export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  /** Id the emulator gave the request (LaunchDarkly error bodies carry it as `id`). */
  requestId: string;
  /** Arrival time on the emulator clock, Unix epoch ms. */
  time: number;
  /** HTTP method, upper case. */
  method: string;
  /** Path without query. */
  path: string;
  /** Query parameters (repeated ones as arrays). */
  query: Record<string, string | string[]>;
  /** Lower-cased headers; `authorization` and `cookie` are redacted (the scheme word is kept). */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it was not JSON; absent when empty. */
  body?: unknown;
  /** The spec operation it was routed to; absent when no route matched. */
  operationId?: string;
  /** Which API it was addressed to. */
  vendor: Vendor;
  /** Status sent (absent while in flight, or when the connection was dropped). */
  status?: number;
  /** Injected fault applied to this request, if any. */
  fault?: FaultKind;
  /** Whether the rate limiter refused it. */
  rateLimited?: boolean;
}

/** Keeps `Bearer` / `Basic` visible (clients are judged on the scheme) and hides the secret. */
export function redactAuthorization(value: string): string {
  const m = /^(\w+)\s+\S/.exec(value);
  return m && /^(bearer|basic|token)$/i.test(m[1]) ? `${m[1]} [redacted]` : '[redacted]';
}

/** Builds the recorded form of headers. */
export function recordHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    out[name] = name === 'authorization' ? redactAuthorization(value) : name === 'cookie' ? '[redacted]' : value;
  }
  return out;
}

/** Parses a body for the log: JSON when possible, else text. */
export function recordBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Turns URLSearchParams into a plain object (repeated keys become arrays). */
export function recordQuery(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}
