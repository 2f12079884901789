import type { ServerResponse } from 'node:http';
import type { Fault } from './faults';
import { serialize, writeResponse, type EmulatorResponse } from './http';

const DEFAULT_LARGE_BYTES = 5 * 1024 * 1024;

/**
 * Sends `response` mangled by a body-shaping fault (malformed JSON, truncated body, wrong content
 * type, oversized body). A 204 has no body to mangle, so it is sent as 200 with a small JSON object.
 */
export function writeMangled(res: ServerResponse, fault: Fault, response: EmulatorResponse): void {
  const status = response.status === 204 ? 200 : response.status;
  const body = response.body === undefined || response.status === 204 ? { ok: true } : response.body;
  const headers = { ...(response.headers ?? {}), ...(fault.headers ?? {}) };
  switch (fault.kind) {
    case 'malformedJson': {
      // Valid-looking JSON with a dangling comma and no closing brace: parsers fail at the end.
      const text = JSON.stringify(body);
      const payload = Buffer.from(`${text.slice(0, Math.max(1, text.length - 1))},`, 'utf8');
      writeResponse(res, status, { 'Content-Type': 'application/json', ...headers }, payload);
      return;
    }
    case 'wrongContentType': {
      const payload = Buffer.from(typeof fault.body === 'string' ? fault.body : JSON.stringify(body), 'utf8');
      writeResponse(
        res,
        status,
        { ...headers, 'Content-Type': fault.contentType ?? 'text/html; charset=utf-8' },
        payload,
      );
      return;
    }
    case 'largeBody': {
      const padded = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : { value: body };
      (padded as Record<string, unknown>)._emulatorPadding = 'x'.repeat(fault.sizeBytes ?? DEFAULT_LARGE_BYTES);
      const { headers: h, payload } = serialize({ status, body: padded, headers });
      writeResponse(res, status, h, payload);
      return;
    }
    case 'truncatedBody': {
      const { headers: h, payload } = serialize({ status, body, headers });
      if (res.destroyed) return;
      // Announce the full length, send half, then cut the connection: the client sees a premature close.
      res.writeHead(status, { ...h, 'Content-Length': String(payload.length) });
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
      return;
    }
    default:
      throw new Error(`writeMangled: ${fault.kind} is not a body-shaping fault`);
  }
}
