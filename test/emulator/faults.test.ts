import type { RunningEmulator } from '../../src/emulator';
import { EXPERIMENTS, LD_FIXTURE_KEYS as K, Ld, P, sampleExperimentPost, start } from './helpers';

let emu: RunningEmulator;
let ld: Ld;

beforeAll(async () => {
  emu = await start();
  ld = new Ld(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const SETTINGS = `/api/v2/projects/${P}/experimentation-settings`;
const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${emu.url}${path}`, {
    ...init,
    headers: { Authorization: K.apiKey, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
/** Response.json() is typed `unknown`; tests read fields freely. */
const json = (r: Response): Promise<any> => r.json();
const createCount = () => emu.requests.filter((r) => r.operationId === 'createExperiment').length;

describe('status faults', () => {
  it('answer the status with a LaunchDarkly error body, `times` then stop', async () => {
    emu.faults.add({
      kind: 'status',
      status: 503,
      operationId: 'getExperiments',
      times: 2,
      headers: { 'Retry-After': '1' },
    });
    for (let i = 0; i < 2; i++) {
      const r = await ld.get(EXPERIMENTS);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({
        code: 'service_unavailable',
        message: 'Injected fault: HTTP 503',
        id: expect.any(String),
      });
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect((await ld.get(EXPERIMENTS)).status).toBe(200);
    expect(emu.faults.list()).toEqual([]);
  });

  it('fail before the operation by default: a faulted create stores nothing', async () => {
    emu.faults.add({ kind: 'status', method: 'POST', path: EXPERIMENTS, times: 1 });
    expect((await ld.post(EXPERIMENTS, sampleExperimentPost('a'))).status).toBe(500);
    expect((await ld.get(`${EXPERIMENTS}/a`)).status).toBe(404);
  });

  it("with phase 'after', run the operation and then fail (a lost success)", async () => {
    emu.faults.add({ kind: 'status', status: 502, operationId: 'createExperiment', phase: 'after', times: 1 });
    const r = await ld.post(EXPERIMENTS, sampleExperimentPost('b'));
    expect(r.status).toBe(502);
    expect((await ld.get(`${EXPERIMENTS}/b`)).status).toBe(200);
    expect(createCount()).toBe(1);
  });

  it('can send a custom body', async () => {
    emu.faults.add({
      kind: 'status',
      status: 500,
      path: '/api/v2/projects/*/experimentation-settings',
      body: { oops: true },
    });
    expect((await ld.get(SETTINGS)).body).toEqual({ oops: true });
  });
});

describe('connection and body faults', () => {
  it('latency delays the answer by latencyMs and combines with another fault', async () => {
    emu.faults.add([
      { kind: 'latency', latencyMs: 150, operationId: 'getExperimentationSettings', times: 1 },
      { kind: 'status', status: 504, operationId: 'getExperimentationSettings', times: 1 },
    ]);
    const t0 = Date.now();
    const r = await ld.get(SETTINGS);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.status).toBe(504);
  });

  it('drop destroys the socket without an answer; the request is recorded once', async () => {
    emu.faults.add({ kind: 'drop', operationId: 'createExperiment', times: 1 });
    await expect(
      raw(EXPERIMENTS, { method: 'POST', body: JSON.stringify(sampleExperimentPost('c')) }),
    ).rejects.toThrow();
    expect(createCount()).toBe(1);
    const last = emu.requests[emu.requests.length - 1];
    expect(last.fault).toBe('drop');
    expect(last.status).toBeUndefined();
    expect((await ld.get(`${EXPERIMENTS}/c`)).status).toBe(404);
  });

  it("drop with phase 'after' applies the write before cutting the connection", async () => {
    emu.faults.add({ kind: 'drop', operationId: 'createExperiment', phase: 'after', times: 1 });
    await expect(
      raw(EXPERIMENTS, { method: 'POST', body: JSON.stringify(sampleExperimentPost('d')) }),
    ).rejects.toThrow();
    expect((await ld.get(`${EXPERIMENTS}/d`)).status).toBe(200);
  });

  it('malformedJson keeps the real status and headers but breaks the JSON', async () => {
    emu.faults.add({ kind: 'malformedJson', operationId: 'getExperimentationSettings', times: 1 });
    const r = await raw(SETTINGS);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const text = await r.text();
    expect(text.startsWith('{"_projectId"')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('truncatedBody announces the full length, sends half and closes', async () => {
    emu.faults.add({ kind: 'truncatedBody', operationId: 'getExperimentationSettings', times: 1 });
    const r = await raw(SETTINGS);
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toThrow();
    expect((await ld.get(SETTINGS)).status).toBe(200);
  });

  it('wrongContentType labels the body as something else', async () => {
    emu.faults.add({ kind: 'wrongContentType', operationId: 'getExperimentationSettings', times: 1 });
    const r = await raw(SETTINGS);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(JSON.parse(await r.text())._projectKey).toBe(P);
    emu.faults.add({
      kind: 'wrongContentType',
      contentType: 'text/html',
      body: '<html><body>502 Bad Gateway</body></html>',
      status: 502,
      path: '**/experimentation-settings',
    });
    const html = await raw(SETTINGS);
    expect(await html.text()).toContain('Bad Gateway');
  });

  it('largeBody pads the real body to the requested size (still valid JSON)', async () => {
    emu.faults.add({ kind: 'largeBody', operationId: 'getExperimentationSettings', sizeBytes: 2_000_000, times: 1 });
    const r = await raw(SETTINGS);
    expect(Number(r.headers.get('content-length'))).toBeGreaterThan(2_000_000);
    const body = await json(r);
    expect(body._projectKey).toBe(P);
    expect(body._emulatorPadding).toHaveLength(2_000_000);
  });

  it('body faults on a 204 send a small body instead', async () => {
    emu.faults.add({ kind: 'largeBody', operationId: 'resetExperiment', sizeBytes: 10, times: 1 });
    const r = await raw(`/api/v2/flags/${P}/${K.flags.on}/experiments/production/${K.metrics.conversion}/results`, {
      method: 'DELETE',
      headers: { 'LD-API-Version': 'beta' },
    });
    expect(r.status).toBe(200);
    expect(await json(r)).toEqual({ ok: true, _emulatorPadding: 'xxxxxxxxxx' });
  });
});

describe('configuring faults', () => {
  it('matches by method, path pattern, spec template and operationId', async () => {
    emu.faults.add({
      kind: 'status',
      status: 500,
      method: 'post',
      path: '/api/v2/projects/{projectKey}/environments/{environmentKey}/experiments',
    });
    expect((await ld.get(EXPERIMENTS)).status).toBe(200);
    expect((await ld.post(EXPERIMENTS, sampleExperimentPost('e'))).status).toBe(500);
    emu.faults.clear();
    emu.faults.add({ kind: 'status', status: 500, path: '/api/v2/projects/*/experiments' });
    expect((await ld.get(EXPERIMENTS)).status).toBe(200);
    expect((await ld.get(`/api/v2/projects/${P}/experiments`)).status).toBe(500);
  });

  it('configure({faults}) replaces faults; start-time faults come back on reset()', async () => {
    const other = await start({ faults: [{ kind: 'status', status: 500, operationId: 'getExperimentationSettings' }] });
    try {
      const client = new Ld(other);
      expect((await client.get(SETTINGS)).status).toBe(500);
      other.configure({ faults: [] });
      expect((await client.get(SETTINGS)).status).toBe(200);
      other.reset();
      expect((await client.get(SETTINGS)).status).toBe(500);
    } finally {
      await other.close();
    }
  });

  it('POST/GET/DELETE /__emulator/faults manage faults over HTTP', async () => {
    const control = `${emu.url}/__emulator/faults`;
    const added = await fetch(control, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'status', status: 503, operationId: 'getExperimentationSettings' }]),
    });
    expect(added.status).toBe(201);
    const [fault] = (await json(added)).faults;
    expect(fault).toMatchObject({ id: expect.any(String), kind: 'status', hits: 0 });
    expect((await ld.get(SETTINGS)).status).toBe(503);
    expect((await json(await fetch(control))).faults[0].hits).toBe(1);
    expect((await fetch(`${control}/${fault.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${control}/${fault.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await ld.get(SETTINGS)).status).toBe(200);
    const bad = await fetch(control, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/fault.kind must be one of/);
    await fetch(control, { method: 'POST', body: JSON.stringify({ kind: 'status' }) });
    expect((await fetch(control, { method: 'DELETE' })).status).toBe(204);
    expect(emu.faults.list()).toEqual([]);
  });

  it('rejects invalid specs given in code', () => {
    expect(() => emu.faults.add({ kind: 'latency' })).toThrow(/needs latencyMs/);
    expect(() => emu.faults.add({ kind: 'status', times: 0 })).toThrow(/times/);
  });
});

describe('request log', () => {
  it('records method, path, query, redacted headers, body, operation and status', async () => {
    await ld.post(EXPERIMENTS, sampleExperimentPost('logged'));
    await ld.get(`${EXPERIMENTS}?limit=5&expand=treatments`);
    await new Ld(emu, `Bearer ${K.apiKey}`).get(EXPERIMENTS);
    const [create, list, bearer] = emu.requests;
    expect(create).toMatchObject({
      seq: 1,
      method: 'POST',
      path: EXPERIMENTS,
      operationId: 'createExperiment',
      vendor: 'launchdarkly',
      status: 201,
      body: sampleExperimentPost('logged'),
    });
    expect(create.headers.authorization).toBe('[redacted]');
    expect(create.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(emu.requests)).not.toContain(K.apiKey);
    expect(list.query).toEqual({ limit: '5', expand: 'treatments' });
    expect(bearer).toMatchObject({ status: 401 });
    expect(bearer.headers.authorization).toBe('Bearer [redacted]');
  });

  it('lets a test assert that a write reached the server at most once', async () => {
    emu.faults.add({ kind: 'status', status: 503, operationId: 'patchExperiment', phase: 'after', times: 1 });
    await ld.create('once');
    await ld.patch('once', [{ kind: 'updateName', value: 'x' }]);
    const patches = emu.requests.filter((r) => r.method === 'PATCH' && r.path === `${EXPERIMENTS}/once`);
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      status: 503,
      fault: 'status',
      body: { instructions: [{ kind: 'updateName', value: 'x' }] },
    });
  });

  it('does not record control calls, and can be read and cleared over HTTP', async () => {
    await ld.get(SETTINGS);
    const listed = await json(await fetch(`${emu.url}/__emulator/requests`));
    expect(listed.requests).toHaveLength(1);
    expect((await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(emu.requests).toHaveLength(0);
    expect((await fetch(`${emu.url}/__emulator/health`)).status).toBe(200);
    expect((await json(await fetch(`${emu.url}/__emulator/fixtures`))).launchdarkly.projectKey).toBe(P);
    expect((await fetch(`${emu.url}/__emulator/nope`)).status).toBe(404);
    expect(emu.requests).toHaveLength(0);
  });

  it('reset over HTTP clears state and the log', async () => {
    await ld.create('gone');
    expect((await fetch(`${emu.url}/__emulator/reset`, { method: 'POST' })).status).toBe(204);
    expect(emu.requests).toHaveLength(0);
    expect((await ld.get(`${EXPERIMENTS}/gone`)).status).toBe(404);
  });
});

describe('closing', () => {
  it('close() cancels pending latency and closes keep-alive sockets', async () => {
    const other = await start({
      faults: [{ kind: 'latency', latencyMs: 60_000, operationId: 'getExperimentationSettings' }],
    });
    const client = new Ld(other);
    await client.get(EXPERIMENTS); // leaves a keep-alive connection open
    const pending = client.get(SETTINGS);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await other.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });
});
