/**
 * A 2xx response whose body stalls after the headers (the server keeps the connection open and stops
 * sending). The transport reads the whole body inside the attempt, so `timeoutMs` and the caller's signal
 * cover it (src/core/attempt.ts) and a cut connection is a network error, not a parse error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodeFetch from 'node-fetch';
import { LaunchDarklyExperiments, PostHogExperiments, ResponseParseError, type ExperimentsApiError } from '../../src';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    // Connection: close, so no test can get a pooled socket that the previous test's cleanup closed.
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000', Connection: 'close' });
    res.write('{"key":"stalled","name":"'); // ...and nothing more
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => server.closeAllConnections());
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PENDING = Symbol('still pending');

/** Settles with the call's outcome, or PENDING if it has not settled within `ms`; never leaves a rejection unhandled. */
async function settleWithin(call: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = call.then(
    () => 'resolved',
    (error: unknown) => error,
  );
  const result = await Promise.race([
    outcome,
    new Promise((resolve) => (timer = setTimeout(() => resolve(PENDING), ms))),
  ]);
  clearTimeout(timer);
  return result;
}

const ld = (fetchImpl?: typeof nodeFetch | typeof globalThis.fetch) =>
  new LaunchDarklyExperiments({
    apiKey: 'api-key-0123456789',
    baseUrl: url,
    projectKey: 'p',
    environmentKey: 'e',
    timeoutMs: 200,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });

describe('a 2xx body that stalls after the headers', () => {
  it('getExperiment rejects with TimeoutError within timeoutMs (default node:http transport)', async () => {
    const outcome = await settleWithin(ld().getExperiment({ experimentKey: 'stalled' }), 1_000);
    expect(outcome).not.toBe(PENDING);
    expect((outcome as ExperimentsApiError).name).toBe('TimeoutError');
  });

  it('getExperiment rejects with TimeoutError within timeoutMs (global fetch)', async () => {
    const outcome = await settleWithin(ld(globalThis.fetch).getExperiment({ experimentKey: 'stalled' }), 1_000);
    expect(outcome).not.toBe(PENDING);
    expect((outcome as ExperimentsApiError).name).toBe('TimeoutError');
  });

  it('getExperiment rejects with TimeoutError within timeoutMs (node-fetch v2)', async () => {
    const outcome = await settleWithin(ld(nodeFetch).getExperiment({ experimentKey: 'stalled' }), 1_000);
    expect(outcome).not.toBe(PENDING);
    expect((outcome as ExperimentsApiError).name).toBe('TimeoutError');
  });

  it('aborting the caller signal ends the call with AbortError', async () => {
    const controller = new AbortController();
    // maxRetries 2: a keep-alive socket the previous test left closed may fail first; the abort must win anyway.
    const call = ld().getExperiment(
      { experimentKey: 'stalled' },
      { signal: controller.signal, timeoutMs: 60_000, maxRetries: 2 },
    );
    setTimeout(() => controller.abort(), 100);
    const outcome = await settleWithin(call, 1_000);
    expect(outcome).not.toBe(PENDING);
    expect((outcome as ExperimentsApiError).name).toBe('AbortError');
  });

  it('PostHog experiments.retrieve rejects with TimeoutError within timeoutMs', async () => {
    const posthog = new PostHogExperiments({
      apiKey: 'phx_0123456789abcdef',
      projectId: 1,
      host: url,
      timeoutMs: 200,
      maxRetries: 0,
    });
    const outcome = await settleWithin(posthog.experiments.retrieve(1), 1_000);
    expect(outcome).not.toBe(PENDING);
    expect((outcome as ExperimentsApiError).name).toBe('TimeoutError');
  });

  it('a connection cut mid-body is a ResponseParseError saying the server accepted it (no hang)', async () => {
    // Its own server: the cut must hit this request's socket, not a pooled one an earlier test left behind.
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const own = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"key":"cut","name":"', () => received());
    });
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    try {
      const client = new LaunchDarklyExperiments({
        apiKey: 'api-key-0123456789',
        baseUrl: `http://127.0.0.1:${(own.address() as AddressInfo).port}`,
        projectKey: 'p',
        environmentKey: 'e',
        timeoutMs: 60_000,
        maxRetries: 0,
      });
      const call = client.getExperiment({ experimentKey: 'stalled' });
      await arrived;
      expect(await settleWithin(call, 200)).toBe(PENDING);
      own.closeAllConnections();
      const error = (await settleWithin(call, 2_000)) as ResponseParseError;
      expect(error).toBeInstanceOf(ResponseParseError);
      expect(error).toMatchObject({ status: 200, serverAccepted: true, method: 'GET' });
      expect(error.headers['content-length']).toBe('1000');
      expect(error.message).toMatch(/server accepted the request \(status 200\).*cut short.*before repeating it/);
      expect(error.cause).toBeInstanceOf(Error);
    } finally {
      own.closeAllConnections();
      await new Promise<void>((resolve) => own.close(() => resolve()));
    }
  });
});

describe('a write whose 2xx answer breaks off or stalls is never sent again', () => {
  let own: Server;
  let posts = 0;
  let cut = false;

  beforeAll(async () => {
    own = createServer((req, res) => {
      req.resume();
      posts += 1;
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '100', Connection: 'close' });
      // Cut once the partial body has left: a destroy before the flush would lose the status line too.
      res.write('{"key":"k","na', () => cut && res.destroy());
    });
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
  });
  beforeEach(() => (posts = 0));
  afterEach(() => own.closeAllConnections());
  afterAll(() => new Promise<void>((resolve) => own.close(() => resolve())));

  const writer = (fetchImpl?: typeof nodeFetch | typeof globalThis.fetch) =>
    new LaunchDarklyExperiments({
      apiKey: 'api-key-0123456789',
      baseUrl: `http://127.0.0.1:${(own.address() as AddressInfo).port}`,
      timeoutMs: 200,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });

  it.each([
    ['cut short', true],
    ['stalled past timeoutMs', false],
  ])(
    '%s: one POST even with retryNonIdempotent, and a ResponseParseError saying the server accepted it',
    async (_name, cutIt) => {
      cut = cutIt;
      for (const fetchImpl of [undefined, globalThis.fetch, nodeFetch]) {
        posts = 0;
        const call = writer(fetchImpl).request(
          { method: 'POST', path: '/api/v2/things', body: { a: 1 } },
          { retryNonIdempotent: true, maxRetries: 2 },
        );
        const error = (await settleWithin(call, 2_000)) as ResponseParseError;
        expect(error).toBeInstanceOf(ResponseParseError);
        expect(error).toMatchObject({ status: 201, serverAccepted: true, method: 'POST' });
        expect(error.message).toMatch(/server accepted the request \(status 201\).*before repeating it/);
        expect(posts).toBe(1);
      }
    },
  );
});
