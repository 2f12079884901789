import type { EmulatorResponse } from './http';
import type { FaultRegistry, FaultSpec } from './faults';
import type { RateLimitOptions } from './rate-limit';
import type { RecordedRequest } from './request-log';

/** The emulator internals the control endpoints may touch. */
export interface ControlTarget {
  faults: FaultRegistry;
  requests: RecordedRequest[];
  clearRequests(): void;
  reset(): void;
  setRateLimit(options: RateLimitOptions | null): void;
  /** Pins the clock to `now` (Unix epoch ms), or back to real time with null. */
  setClock(now: number | null): void;
  fixtures: unknown;
}

/** Path prefix of the control endpoints (no auth, never faulted, rate-limited or recorded). */
export const CONTROL_PREFIX = '/__emulator';

const ok = (status: number, body?: unknown): EmulatorResponse => ({ status, body });
const fail = (status: number, message: string): EmulatorResponse => ({ status, body: { error: message } });

/**
 * Control endpoints for out-of-process users (e.g. the CLI emulator driven by another test runner):
 * `GET health`, `GET|POST|DELETE faults`, `DELETE faults/{id}`, `GET|DELETE requests`, `POST reset`,
 * `PUT rate-limit` (options or null), `PUT clock` (`{now}` or `{now: null}`), `GET fixtures`.
 */
export function handleControl(
  target: ControlTarget,
  method: string,
  pathname: string,
  body: unknown,
): EmulatorResponse {
  const sub = pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
  try {
    if (sub === '/health' && method === 'GET') return ok(200, { ok: true });
    if (sub === '/fixtures' && method === 'GET') return ok(200, target.fixtures);
    if (sub === '/faults') {
      if (method === 'GET') return ok(200, { faults: target.faults.list() });
      if (method === 'POST') return ok(201, { faults: target.faults.add(body as FaultSpec | FaultSpec[]) });
      if (method === 'DELETE') {
        target.faults.clear();
        return ok(204);
      }
    }
    const faultId = /^\/faults\/([^/]+)$/.exec(sub)?.[1];
    if (faultId && method === 'DELETE')
      return target.faults.remove(faultId) ? ok(204) : fail(404, `no fault ${faultId}`);
    if (sub === '/requests') {
      if (method === 'GET') return ok(200, { requests: target.requests });
      if (method === 'DELETE') {
        target.clearRequests();
        return ok(204);
      }
    }
    if (sub === '/reset' && method === 'POST') {
      target.reset();
      return ok(204);
    }
    if (sub === '/rate-limit' && method === 'PUT') {
      target.setRateLimit((body ?? null) as RateLimitOptions | null);
      return ok(200, { rateLimit: body ?? null });
    }
    if (sub === '/clock' && method === 'PUT') {
      const now = (body as { now?: unknown } | undefined)?.now;
      if (now !== null && typeof now !== 'number') return fail(400, 'body.now must be a number (epoch ms) or null');
      target.setClock(now);
      return ok(200, { now });
    }
  } catch (error) {
    return fail(400, (error as Error).message);
  }
  return fail(404, `no control endpoint ${method} ${pathname}`);
}
