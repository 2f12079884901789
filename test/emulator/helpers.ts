import { LD_FIXTURE_KEYS, type RunningEmulator, sampleExperimentPost, startEmulator } from '../../src/emulator';
import type { EmulatorOptions } from '../../src/emulator';
import { deref, spec, validatorFor } from '../helpers/spec';

export { LD_FIXTURE_KEYS, sampleExperimentPost };

export const SEMANTIC_PATCH = 'application/json; domain-model=launchdarkly.semanticpatch';
export const P = LD_FIXTURE_KEYS.projectKey;
export const ENV = LD_FIXTURE_KEYS.environments.production;
export const EXPERIMENTS = `/api/v2/projects/${P}/environments/${ENV}/experiments`;

/** A response as seen on the wire, plus which operation the emulator routed it to. */
export interface WireResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
  operationId?: string;
}

/** Every response received through `Ld`, for the spec-conformance check. */
export const seen: WireResponse[] = [];

/**
 * A tiny LaunchDarkly client for tests: raw token auth, JSON bodies, semantic-patch content type, and
 * `LD-API-Version: beta` as a client of the beta era sent on every call (the results and legacy endpoints
 * answer 403 without it); a test's own headers replace it.
 */
export class Ld {
  constructor(
    readonly emu: RunningEmulator,
    readonly token: string = LD_FIXTURE_KEYS.apiKey,
  ) {}

  async request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<WireResponse> {
    const headers: Record<string, string> = {
      Authorization: this.token,
      'LD-API-Version': 'beta',
      ...(init.headers ?? {}),
    };
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${this.emu.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const last = this.emu.requests[this.emu.requests.length - 1];
    const wire: WireResponse = {
      status: res.status,
      headers: res.headers,
      body: parsed,
      text,
      operationId: last?.operationId,
    };
    seen.push(wire);
    return wire;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, { body, headers });
  }

  put(path: string, body: unknown) {
    return this.request('PUT', path, { body });
  }

  /** Semantic patch of an experiment in the production environment. */
  patch(key: string, instructions: unknown[], headers: Record<string, string> = {}, comment?: string) {
    return this.request('PATCH', `${EXPERIMENTS}/${key}`, {
      body: comment === undefined ? { instructions } : { comment, instructions },
      headers: { 'Content-Type': SEMANTIC_PATCH, ...headers },
    });
  }

  /** Creates an experiment from `sampleExperimentPost` (expects 201). */
  async create(
    key: string,
    overrides: Record<string, unknown> = {},
    iteration: Record<string, unknown> = {},
    env: string = ENV,
  ) {
    const res = await this.post(
      `/api/v2/projects/${P}/environments/${env}/experiments`,
      sampleExperimentPost(key, overrides, iteration),
    );
    if (res.status !== 201) throw new Error(`create ${key}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Creates and starts an experiment (expects success). */
  async createStarted(key: string, overrides: Record<string, unknown> = {}, iteration: Record<string, unknown> = {}) {
    await this.create(key, overrides, iteration);
    const res = await this.patch(key, [{ kind: 'startIteration' }]);
    if (res.status !== 200) throw new Error(`start ${key}: ${res.status} ${res.text}`);
    return res.body;
  }
}

/** A tiny PostHog client for tests: Bearer auth, JSON bodies, paths relative to `/api/projects/{id}`. */
export class Ph extends Ld {
  constructor(
    emu: RunningEmulator,
    token = 'Bearer phx_emulator',
    readonly projectId: number | string = 1,
  ) {
    super(emu, token);
  }

  /** `path` like `/experiments/` becomes `/api/projects/1/experiments/`. */
  call(method: string, path: string, body?: unknown) {
    return this.request(method, `/api/projects/${this.projectId}${path}`, body === undefined ? {} : { body });
  }

  /** Creates an experiment (expects 201) and returns its body. */
  async createExperiment(body: Record<string, unknown>) {
    const res = await this.call('POST', '/experiments/', body);
    if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
    return res.body;
  }
}

/** Starts an emulator with response self-validation on. */
export function start(options: EmulatorOptions = {}) {
  return startEmulator({ validateResponses: true, ...options });
}

/** A manually advanced clock. */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, set: (v: number) => (t = v), advance: (ms: number) => (t += ms) };
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** operationId → { method, path template } from the spec, independent of the emulator's own router. */
const operations = new Map<string, { method: string; template: string }>();
for (const [template, item] of Object.entries<any>(spec.paths)) {
  for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
    if (item[method]) operations.set(item[method].operationId, { method, template });
  }
}
export const ldOperations = [...operations.entries()]
  .filter(([, o]) => !spec.paths[o.template][o.method].tags?.some((t: string) => t.startsWith('PostHog')))
  .map(([id]) => id);

/** Validates one wire response against the response the spec declares for its operation and status. */
export function problems(r: WireResponse): string[] {
  if (r.operationId === undefined) {
    // No operation matched (unknown path or method): the generic error bodies apply.
    const schema =
      r.status === 405 ? 'MethodNotAllowedErrorRep' : r.status === 404 ? 'NotFoundErrorRep' : 'UnauthorizedErrorRep';
    const validate = validatorFor(`#/components/schemas/${schema}`);
    return validate(r.body) ? [] : [`unrouted ${r.status}: ${JSON.stringify(validate.errors)}`];
  }
  const op = operations.get(r.operationId);
  if (!op) return [`no operation for ${r.operationId}`];
  const declared = spec.paths[op.template][op.method].responses[String(r.status)];
  if (!declared) return [`${r.operationId}: status ${r.status} not declared`];
  const base = declared.$ref ?? `#/paths/${escape(op.template)}/${op.method}/responses/${r.status}`;
  const content = deref(declared).content;
  if (!content) return r.text === '' ? [] : [`${r.operationId} ${r.status}: body not allowed`];
  const validate = validatorFor(`${base}/content/application~1json/schema`);
  return validate(r.body)
    ? []
    : (validate.errors ?? []).map((e) => `${r.operationId} ${r.status} ${e.instancePath} ${e.message}`);
}

/** A last test for a file: every response its `Ld` clients received matches openapi.yaml. */
export function itMatchesTheSpec(): void {
  // A describe declared last runs last (top-level tests would run before every describe block).
  describe('spec conformance', () => {
    it('every response received in this file validates against openapi.yaml', () => {
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.flatMap(problems)).toEqual([]);
    });
  });
}
