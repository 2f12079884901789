/**
 * The stock generated runtime (openapi-generator 7.x) wraps whatever `fetchApi` throws in its own `FetchError`;
 * our runtime.mustache lets it through. Every typed error our transport throws must reach users as our class,
 * through both facades, whether the transport is the default node:http one or an injected fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AbortError,
  ConnectionError,
  LaunchDarklyExperiments,
  NotFoundError,
  PostHogExperiments,
  RateLimitError,
  ServerError,
  TimeoutError,
  type ExperimentsApiError,
} from '../../src';

let server: Server;
let base: string;
/** Status to answer with; 0 = never answer (for timeouts). */
let status = 404;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (status === 0) return;
    const body =
      status === 429 ? { code: 'rate_limited', message: 'slow down', detail: 'Request was throttled.' } : { code: 'x' };
    res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '3600' } : {}) });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

type Call = (url: string, options: { signal?: AbortSignal; timeoutMs?: number }) => Promise<unknown>;
// A generous timeout: a loaded machine must not turn the other cases into TimeoutError.
const common = { maxRetries: 0, timeoutMs: 10_000, maxRetryDelayMs: 1000 };

const clients: Array<[string, (fetch: typeof globalThis.fetch | undefined) => Call]> = [
  [
    'LaunchDarkly',
    (fetch) => (url, options) =>
      new LaunchDarklyExperiments({
        ...common,
        fetch,
        apiKey: 'api-0123456789abcdef',
        baseUrl: url,
        projectKey: 'default',
        environmentKey: 'production',
      }).getExperiment({ experimentKey: 'checkout-button' }, options),
  ],
  [
    'PostHog',
    (fetch) => (url, options) =>
      new PostHogExperiments({
        ...common,
        fetch,
        apiKey: 'phx_0123456789abcdef',
        projectId: 1,
        host: url,
      }).experiments.retrieve(812, options),
  ],
];

async function failure(promise: Promise<unknown>): Promise<ExperimentsApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  // The very class the transport threw: not the stock runtime's FetchError wrapper.
  expect((error as Error).name).not.toBe('FetchError');
  return error as ExperimentsApiError;
}

describe.each(clients)('%s', (_vendor, make) => {
  describe.each([
    ['node:http (default)', undefined],
    ['global fetch', globalThis.fetch],
  ])('through %s', (_transport, fetch) => {
    const call = make(fetch);

    test('an HTTP error status arrives as its ApiError subclass', async () => {
      status = 404;
      expect(await failure(call(base, {}))).toBeInstanceOf(NotFoundError);
      status = 500;
      expect(await failure(call(base, {}))).toBeInstanceOf(ServerError);
    });

    test('a 429 with a wait beyond maxRetryDelayMs arrives as RateLimitError', async () => {
      status = 429;
      expect(await failure(call(base, {}))).toBeInstanceOf(RateLimitError);
    });

    test('a refused connection arrives as ConnectionError', async () => {
      expect(await failure(call(await closedPort(), {}))).toBeInstanceOf(ConnectionError);
    });

    test('no answer within timeoutMs arrives as TimeoutError', async () => {
      status = 0;
      expect(await failure(call(base, { timeoutMs: 200 }))).toBeInstanceOf(TimeoutError);
    });

    test("the caller's abort arrives as AbortError", async () => {
      status = 0;
      const controller = new AbortController();
      const pending = call(base, { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      expect(await failure(pending)).toBeInstanceOf(AbortError);
    });
  });
});
