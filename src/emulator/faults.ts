/**
 * Kinds of injected failure:
 * - `status`: answer `status` (default 500) with the vendor's error body (or `body`).
 * - `latency`: wait `latencyMs` before handling; combines with one other matching fault.
 * - `drop`: destroy the socket without any response.
 * - `malformedJson`: the real status and headers, but a body that is not valid JSON.
 * - `truncatedBody`: Content-Length of the full body, only half of it sent, then the socket is closed.
 * - `wrongContentType`: the real body labelled `contentType` (default `text/html; charset=utf-8`), or `body` if given as a string.
 * - `largeBody`: the real body plus a `_emulatorPadding` string of `sizeBytes` (default 5 MiB); still valid JSON.
 */
export type FaultKind =
  'status' | 'latency' | 'drop' | 'malformedJson' | 'truncatedBody' | 'wrongContentType' | 'largeBody';

/** A fault to inject; matching fields left out match everything. */
export interface FaultSpec {
  /** What goes wrong: a status, added latency, a dropped connection, or a damaged body. */
  kind: FaultKind;
  /** Only requests routed to this operationId. */
  operationId?: string;
  /** Only this HTTP method (case-insensitive). */
  method?: string;
  /**
   * Only this path: a spec template (`/api/v2/projects/{projectKey}/experiments`), or a pattern where
   * `*` matches within one segment and `**` across segments. Matched against the path without query.
   */
  path?: string;
  /** Apply to the next `times` matching requests, then disappear. Default: forever. */
  times?: number;
  /** `status` faults: the status code. Default 500. */
  status?: number;
  /** `status` faults: body to send instead of the vendor error body; `wrongContentType`: a string body. */
  body?: unknown;
  /** Extra response headers (e.g. `Retry-After` on a 503). */
  headers?: Record<string, string>;
  /** `latency` faults: delay in ms. */
  latencyMs?: number;
  /**
   * `status` and `drop`: `before` (default) fails without running the operation; `after` runs it
   * (state changes, as when a write succeeded but the answer was lost) and then fails. Body-shaping
   * faults always run the operation and mangle its answer.
   */
  phase?: 'before' | 'after';
  /** `wrongContentType`: the Content-Type to send. */
  contentType?: string;
  /** `largeBody`: padding size in bytes. */
  sizeBytes?: number;
}

/** A registered fault. */
export interface Fault extends FaultSpec {
  /** Id to remove it by. */
  id: string;
  /** How many requests it has been applied to. */
  hits: number;
}

const KINDS: FaultKind[] = [
  'status',
  'latency',
  'drop',
  'malformedJson',
  'truncatedBody',
  'wrongContentType',
  'largeBody',
];

/** Checks a fault spec (e.g. from the control endpoint); throws an Error naming the problem. */
export function checkFaultSpec(spec: any): asserts spec is FaultSpec {
  if (!spec || typeof spec !== 'object') throw new Error('a fault must be an object');
  if (!KINDS.includes(spec.kind)) throw new Error(`fault.kind must be one of ${KINDS.join(', ')}`);
  const positiveInt = (name: string) => {
    if (spec[name] !== undefined && !(Number.isInteger(spec[name]) && spec[name] > 0))
      throw new Error(`fault.${name} must be a positive integer`);
  };
  positiveInt('times');
  positiveInt('sizeBytes');
  if (spec.latencyMs !== undefined && !(Number.isFinite(spec.latencyMs) && spec.latencyMs >= 0))
    throw new Error('fault.latencyMs must be >= 0');
  if (spec.kind === 'latency' && spec.latencyMs === undefined) throw new Error('a latency fault needs latencyMs');
  if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 599))
    throw new Error('fault.status must be an HTTP status');
  if (spec.phase !== undefined && spec.phase !== 'before' && spec.phase !== 'after')
    throw new Error("fault.phase must be 'before' or 'after'");
  for (const key of ['operationId', 'method', 'path', 'contentType'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'string') throw new Error(`fault.${key} must be a string`);
  }
}

function pathMatches(pattern: string, pathname: string, template: string | undefined): boolean {
  if (pattern.includes('{')) return pattern === template;
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^$()|[\]\\{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(pathname);
}

/** The injected faults, in the order they were added. */
export class FaultRegistry {
  private faults: Fault[] = [];
  private counter = 0;

  /** Adds one or more faults (checked first); returns them with their ids. */
  add(specs: FaultSpec | FaultSpec[]): Fault[] {
    const list = Array.isArray(specs) ? specs : [specs];
    list.forEach((s) => checkFaultSpec(s));
    const added = list.map((s) => ({ ...structuredClone(s), id: `fault-${++this.counter}`, hits: 0 }));
    this.faults.push(...added);
    return added;
  }

  /** Removes one fault; false when the id is unknown. */
  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** Snapshot of the active faults. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /**
   * Picks the faults for one request and consumes one use of each: the sum of matching latency
   * faults, plus the first matching fault of any other kind.
   */
  take(request: { method: string; pathname: string; operationId?: string; template?: string }): {
    latencyMs: number;
    fault?: Fault;
  } {
    const matches = this.faults.filter(
      (f) =>
        (f.operationId === undefined || f.operationId === request.operationId) &&
        (f.method === undefined || f.method.toUpperCase() === request.method) &&
        (f.path === undefined || pathMatches(f.path, request.pathname, request.template)),
    );
    const latencies = matches.filter((f) => f.kind === 'latency');
    const fault = matches.find((f) => f.kind !== 'latency');
    const used = fault ? [...latencies, fault] : latencies;
    for (const f of used) {
      f.hits += 1;
      if (f.times !== undefined && f.hits >= f.times) this.remove(f.id);
    }
    return { latencyMs: latencies.reduce((sum, f) => sum + (f.latencyMs ?? 0), 0), fault: fault && { ...fault } };
  }
}
