/**
 * Fault matrix: every injected fault × one LaunchDarkly operation per HTTP method, over real HTTP against the
 * emulator. Each cell asserts its expected outcome (retried and succeeded, or a specific typed error), the
 * attempts the server saw, and the retry reasons and waits reported to `onRetry`; POST and PATCH must never
 * reach the server twice unless the server answered 429. The suite also asserts that no promise rejection
 * went unhandled, and writes the observed matrix to docs/fault-matrix.md (and prints it).
 *
 * Rows run one after another; the five cells of a row run concurrently (faults are matched by operationId,
 * so they do not interfere). Waits are kept small: X-Ratelimit-Reset a few ms ahead (floored to 250 ms by the
 * client), `times: 1` faults (one backoff of 375–500 ms), 200 ms timeouts. One row waits for real: a 429 that
 * states no wait waits LaunchDarkly's 10 s window.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConnectionError,
  ExperimentsApiError,
  LaunchDarklyExperiments,
  RateLimitError,
  ResponseParseError,
  ServerError,
  TimeoutError,
  type RetryInfo,
} from '../../src';
import { LD_FIXTURE_KEYS as K, sampleExperimentPost, startEmulator, type FaultSpec } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import { expectCanaryRecorded, recordUnhandledRejections, type UnhandledRecorder } from './unhandled-rejections';

jest.setTimeout(20_000);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const IDEMPOTENT = new Set<Method>(['GET', 'PUT', 'DELETE']);
const OPERATION: Record<Method, string> = {
  GET: 'getExperiment',
  POST: 'createExperiment',
  PUT: 'putExperimentationSettings',
  PATCH: 'patchExperiment',
  DELETE: 'resetExperiment',
};
const MAX_RETRIES = 2;

/** What a cell must produce. */
interface Expected {
  /** `ok`, or the typed error class the call must reject with. */
  outcome: 'ok' | (new (...args: any[]) => ExperimentsApiError);
  /** For HTTP errors: the status carried by the error. */
  status?: number;
  /** Requests the server must have received for this operation. */
  attempts: number;
  /** Reason reported to onRetry for each retry (length = attempts − 1 when retried). */
  retryReason?: RetryInfo['reason'];
  /** Bounds of each retry wait reported to onRetry, in ms. */
  waitMs?: [number, number];
  /** The call must finish within this many ms. */
  withinMs?: number;
}

interface Row {
  name: string;
  /** Fault for one operation (built just before the row runs, so time-based headers are fresh). */
  fault: (operationId: string) => FaultSpec;
  /** Client per-attempt timeout. Default 5 000 ms. */
  timeoutMs?: number;
  /** Whether the fault is a 429 (the only case where a write may reach the server more than once). */
  rateLimit?: boolean;
  expect: (method: Method) => Expected;
}

const RESET_SOON = () => ({ 'X-Ratelimit-Reset': String(Date.now() + 20) });
/** Transient fault: fails once, then the retry succeeds (idempotent methods) or the error surfaces (POST/PATCH). */
const transient = (
  fault: Omit<FaultSpec, 'operationId' | 'times'>,
  failure: Expected['outcome'],
  reason: RetryInfo['reason'],
  status?: number,
): Pick<Row, 'fault' | 'expect'> => ({
  fault: (operationId) => ({ ...fault, operationId, times: 1 }),
  expect: (method) =>
    IDEMPOTENT.has(method)
      ? { outcome: 'ok', attempts: 2, retryReason: reason, waitMs: [375, 500] }
      : { outcome: failure, status, attempts: 1 },
});
/** Body-shaping fault on a 2xx: the operation ran once; the body is read after the transport returned. */
const badBody = (
  fault: Omit<FaultSpec, 'operationId' | 'times'>,
  outcome: Expected['outcome'],
): Pick<Row, 'fault' | 'expect'> => ({
  fault: (operationId) => ({ ...fault, operationId, times: 1 }),
  // resetExperiment answers 204 and its body is never read (the emulator sends 200 + the mangled body).
  expect: (method) => ({ outcome: method === 'DELETE' ? 'ok' : outcome, attempts: 1, withinMs: 5_000 }),
});

const ROWS: Row[] = [
  {
    name: '429 + `Retry-After: 1`',
    rateLimit: true,
    fault: (operationId) => ({ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, operationId, times: 1 }),
    expect: () => ({ outcome: 'ok', attempts: 2, retryReason: 'rate_limited', waitMs: [1000, 1100] }),
  },
  {
    name: '429 + `X-Ratelimit-Reset` (now + 20 ms) only',
    rateLimit: true,
    fault: (operationId) => ({ kind: 'status', status: 429, headers: RESET_SOON(), operationId, times: 1 }),
    // A reset closer than 250 ms is floored to 250 ms (plus up to 10% jitter).
    expect: () => ({ outcome: 'ok', attempts: 2, retryReason: 'rate_limited', waitMs: [250, 275] }),
  },
  {
    name: '429, no rate-limit headers',
    rateLimit: true,
    fault: (operationId) => ({ kind: 'status', status: 429, operationId, times: 1 }),
    // LaunchDarkly's window is 10 s: a 429 stating no wait waits one window (plus up to 10% jitter).
    expect: () => ({ outcome: 'ok', attempts: 2, retryReason: 'rate_limited', waitMs: [10_000, 11_000] }),
  },
  {
    name: '429 on every attempt (`X-Ratelimit-Reset`)',
    rateLimit: true,
    fault: (operationId) => ({ kind: 'status', status: 429, headers: RESET_SOON(), operationId }),
    expect: () => ({
      outcome: RateLimitError,
      status: 429,
      attempts: MAX_RETRIES + 1,
      retryReason: 'rate_limited',
      waitMs: [250, 275],
    }),
  },
  { name: '500', ...transient({ kind: 'status', status: 500 }, ServerError, 'server_error', 500) },
  { name: '502', ...transient({ kind: 'status', status: 502 }, ServerError, 'server_error', 502) },
  { name: '503', ...transient({ kind: 'status', status: 503 }, ServerError, 'server_error', 503) },
  { name: '504', ...transient({ kind: 'status', status: 504 }, ServerError, 'server_error', 504) },
  {
    name: '503 on every attempt',
    fault: (operationId) => ({ kind: 'status', status: 503, operationId }),
    expect: (method) =>
      IDEMPOTENT.has(method)
        ? {
            outcome: ServerError,
            status: 503,
            attempts: MAX_RETRIES + 1,
            retryReason: 'server_error',
            waitMs: [375, 1000],
          }
        : { outcome: ServerError, status: 503, attempts: 1 },
  },
  {
    name: 'connection dropped before the operation',
    ...transient({ kind: 'drop' }, ConnectionError, 'network_error'),
  },
  {
    name: 'connection dropped after the operation ran',
    ...transient({ kind: 'drop', phase: 'after' }, ConnectionError, 'network_error'),
  },
  {
    name: 'timeout (600 ms latency, `timeoutMs: 200`)',
    timeoutMs: 200,
    ...transient({ kind: 'latency', latencyMs: 600 }, TimeoutError, 'timeout'),
  },
  { name: 'malformed JSON (2xx)', ...badBody({ kind: 'malformedJson' }, ResponseParseError) },
  {
    // The transport reads the whole body inside the attempt, so a cut body is retried like a drop; when it is
    // not retried, the error says the server accepted the request (status 200, `serverAccepted`).
    name: 'truncated JSON (2xx, connection cut mid-body)',
    ...transient({ kind: 'truncatedBody' }, ResponseParseError, 'network_error'),
  },
  { name: 'wrong content type (`text/html`, JSON body)', ...badBody({ kind: 'wrongContentType' }, 'ok') },
  {
    name: 'HTML page instead of JSON (2xx `text/html`)',
    ...badBody({ kind: 'wrongContentType', body: '<!doctype html><title>Proxy</title>' }, ResponseParseError),
  },
  { name: 'large body (5 MiB of JSON)', ...badBody({ kind: 'largeBody', sizeBytes: 5 * 1024 * 1024 }, 'ok') },
];

/** What a cell produced. */
interface Observed {
  ok: boolean;
  error?: unknown;
  attempts: number;
  retries: RetryInfo[];
  durationMs: number;
}

let emu: RunningEmulator;
let unhandled: UnhandledRecorder;
const observed = new Map<string, Observed>();
const cellKey = (row: Row, method: Method) => `${row.name} × ${method}`;

beforeAll(async () => {
  unhandled = recordUnhandledRejections();
  await expectCanaryRecorded(unhandled);
  emu = await startEmulator();
});

afterAll(async () => {
  await emu?.close();
  unhandled?.restore();
  if (observed.size > 0) writeMatrix();
});

function client(row: Row, retries: RetryInfo[]): LaunchDarklyExperiments {
  return new LaunchDarklyExperiments({
    apiKey: K.apiKey,
    baseUrl: emu.url,
    projectKey: K.projectKey,
    environmentKey: K.environments.production,
    maxRetries: MAX_RETRIES,
    timeoutMs: row.timeoutMs ?? 5_000,
    onRetry: (info) => void retries.push(info),
  });
}

async function seed(key: string): Promise<void> {
  const res = await fetch(
    `${emu.url}/api/v2/projects/${K.projectKey}/environments/${K.environments.production}/experiments`,
    {
      method: 'POST',
      headers: { Authorization: K.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(sampleExperimentPost(key)),
    },
  );
  if (res.status !== 201) throw new Error(`seeding ${key}: ${res.status} ${await res.text()}`);
}

function call(ld: LaunchDarklyExperiments, method: Method, key: string): Promise<unknown> {
  switch (method) {
    case 'GET':
      return ld.getExperiment({ experimentKey: key });
    case 'POST':
      return ld.createExperiment({ experiment: sampleExperimentPost(key) });
    case 'PUT':
      return ld.putExperimentationSettings({
        randomizationUnits: [
          { randomizationUnit: 'user', default: true },
          { randomizationUnit: 'organization', default: false },
        ],
      });
    case 'PATCH':
      return ld.archiveExperiment(key, { comment: 'fault matrix' });
    case 'DELETE':
      return ld.resetExperiment({ featureFlagKey: K.flags.on, metricKey: K.metrics.conversion });
  }
}

async function runRow(row: Row, index: number): Promise<void> {
  const keys = Object.fromEntries(METHODS.map((m) => [m, `fm-${index}-${m.toLowerCase()}`])) as Record<Method, string>;
  await seed(keys.GET);
  await seed(keys.PATCH);
  emu.faults.clear();
  const marker = emu.requests.length;
  emu.faults.add(METHODS.map((m) => row.fault(OPERATION[m])));
  await Promise.all(
    METHODS.map(async (method) => {
      const retries: RetryInfo[] = [];
      const ld = client(row, retries);
      const start = Date.now();
      let ok = false;
      let error: unknown;
      try {
        await call(ld, method, keys[method]);
        ok = true;
      } catch (e) {
        error = e;
      }
      const durationMs = Date.now() - start;
      const attempts = emu.requests.slice(marker).filter((r) => r.operationId === OPERATION[method]).length;
      observed.set(cellKey(row, method), { ok, error, attempts, retries, durationMs });
    }),
  );
  emu.faults.clear();
}

function describeOutcome(o: Observed): string {
  const attempts = `${o.attempts} attempt${o.attempts === 1 ? '' : 's'}`;
  if (o.ok) return `ok · ${attempts}`;
  const e = o.error as { name?: string; status?: number };
  return `${e?.name ?? 'Error'}${e?.status && e.name !== 'ResponseParseError' ? ` ${e.status}` : ''} · ${attempts}`;
}

describe.each(ROWS.map((row, index) => [row.name, row, index] as const))('%s', (_name, row, index) => {
  beforeAll(() => runRow(row, index));

  it.each(METHODS.map((m) => [m, OPERATION[m]] as const))('%s (%s)', (method) => {
    const o = observed.get(cellKey(row, method));
    expect(o).toBeDefined();
    const expected = row.expect(method);
    if (expected.outcome === 'ok') {
      if (!o!.ok) throw o!.error;
    } else {
      expect(o!.ok).toBe(false);
      expect(o!.error).toBeInstanceOf(expected.outcome);
      expect(o!.error).toBeInstanceOf(ExperimentsApiError);
      if (expected.status !== undefined) expect((o!.error as { status?: number }).status).toBe(expected.status);
      expect((o!.error as ExperimentsApiError).message).not.toContain(K.apiKey);
    }
    expect(o!.attempts).toBe(expected.attempts);
    // POST and PATCH are not idempotent: only a 429 (the server did not process it) may send them again.
    if (!IDEMPOTENT.has(method) && !row.rateLimit) expect(o!.attempts).toBeLessThanOrEqual(1);
    expect(o!.retries).toHaveLength(expected.attempts - 1);
    for (const retry of o!.retries) {
      expect(retry.method).toBe(method);
      if (expected.retryReason) expect(retry.reason).toBe(expected.retryReason);
      if (expected.waitMs) {
        expect(retry.waitMs).toBeGreaterThanOrEqual(expected.waitMs[0]);
        expect(retry.waitMs).toBeLessThanOrEqual(expected.waitMs[1]);
      }
    }
    if (expected.withinMs !== undefined) expect(o!.durationMs).toBeLessThan(expected.withinMs);
  });
});

describe('after the matrix', () => {
  it('no promise rejection went unhandled', async () => {
    // Late settlements (aborted fetches, cut bodies) would surface within a few ticks.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled.reasons).toEqual([]);
  });

  it('every cell ran', () => {
    expect(observed.size).toBe(ROWS.length * METHODS.length);
  });
});

/** Writes docs/fault-matrix.md and prints the table, from what the cells observed (also after a failure). */
function writeMatrix(): void {
  const header = `| fault | ${METHODS.map((m) => `${m} \`${OPERATION[m]}\``).join(' | ')} |`;
  const lines = [header, `|---|${METHODS.map(() => '---').join('|')}|`];
  let unexpected = 0;
  for (const row of ROWS) {
    const cells = METHODS.map((m) => {
      const o = observed.get(cellKey(row, m));
      if (!o) return 'not run';
      const expected = row.expect(m);
      const asExpected =
        o.attempts === expected.attempts &&
        (expected.outcome === 'ok' ? o.ok : !o.ok && o.error instanceof expected.outcome);
      if (!asExpected) unexpected += 1;
      return asExpected ? describeOutcome(o) : `**UNEXPECTED** ${describeOutcome(o)}`;
    });
    lines.push(`| ${row.name} | ${cells.join(' | ')} |`);
  }
  const table = lines.join('\n');
  const doc = `# Fault matrix

Generated by \`test/reliability/fault-matrix.test.ts\` (run \`npx jest test/reliability\`); do not edit by hand.
Every cell is asserted by that test, not only recorded${
    unexpected === 0
      ? '; in the run that wrote this file every cell matched its expected outcome.'
      : `. In the run that wrote this file ${unexpected} cell(s) did NOT match (marked UNEXPECTED).`
  }

Each cell: the outcome of one LaunchDarkly call through \`LaunchDarklyExperiments\` (\`maxRetries: ${MAX_RETRIES}\`)
against the emulator with the row's fault injected for that operation, and the number of requests the emulator
received for it ("attempts"). "ok" means the call resolved; otherwise the typed error it rejected with (and its
HTTP status). Faults fail once (\`times: 1\`) unless the row says "every attempt".

Expected behaviour, asserted per cell: a 429 is retried for every method after the server's stated wait
(\`Retry-After\`, else \`X-Ratelimit-Reset\`, floored to 250 ms), else one 10 s window (LaunchDarkly's); 5xx, dropped
connections and timeouts are retried only for the idempotent GET, PUT and DELETE, so POST and PATCH reach the
server at most once (even when the server already acted: "dropped after the operation ran"). The whole body
is read inside the attempt, so a 2xx body cut mid-way is retried like a dropped connection, and otherwise surfaces
as \`ResponseParseError\` with \`serverAccepted: true\` (the server took the request). A complete
2xx body that is not JSON is not retried (the server acted) and surfaces as \`ResponseParseError\`;
\`resetExperiment\` does not parse its body, so such bodies do not affect it. A \`text/html\` label on a JSON body
is accepted.
No rejection went unhandled.

${table}
`;
  writeFileSync(join(__dirname, '..', '..', 'docs', 'fault-matrix.md'), doc);
  console.log(`fault matrix\n${table}`);
}
