/**
 * Transport choice (src/core/sender.ts): the `fetch` option, else node:http where the runtime is Node-like,
 * else the runtime's fetch, else a ValidationError at construction. The fetch way is also run in a bare
 * context without `process`, `Buffer` or `require`, as on Cloudflare Workers and Vercel Edge.
 */
import { buildSync } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { ValidationError } from '../../src/core/errors';
import type { FetchLike } from '../../src/core/fetch-types';
import { chooseSender, isNodeLike } from '../../src/core/sender';

const ok = (body = '{}') => ({ status: 200, headers: new Headers(), text: () => Promise.resolve(body) });
const input = (url: string) => ({ url, init: { method: 'GET', headers: {} }, timeoutMs: 2_000 });

/** Runs `fn` with `globalThis.process` hidden (jest's own process stays untouched outside). */
function withoutProcess<T>(fn: () => T): T {
  const saved = globalThis.process;
  (globalThis as { process?: unknown }).process = undefined;
  try {
    return fn();
  } finally {
    globalThis.process = saved;
  }
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end('{"via":"server"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('chooseSender', () => {
  const originalFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = originalFetch;
  });

  test('the fetch option wins, even on Node', async () => {
    const fetch = jest.fn<ReturnType<FetchLike>, Parameters<FetchLike>>(() => Promise.resolve(ok('{"via":"option"}')));
    const result = await chooseSender(fetch)(input(`${base}/x`));
    expect(result).toMatchObject({ kind: 'success', bodyText: '{"via":"option"}' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  test('on Node without the option: node:http, and the global fetch is not used', async () => {
    expect(isNodeLike()).toBe(true);
    const global = jest.fn(() => Promise.resolve(ok('{"via":"global"}')));
    globalThis.fetch = global as unknown as typeof fetch;
    const result = await chooseSender(undefined)(input(`${base}/x`));
    expect(result).toMatchObject({ kind: 'success', bodyText: '{"via":"server"}' });
    expect(global).not.toHaveBeenCalled();
  });

  test('where the runtime is not Node-like: the global fetch, called through globalThis', async () => {
    const seen: unknown[] = [];
    globalThis.fetch = function (this: unknown) {
      seen.push(this);
      return Promise.resolve(ok('{"via":"global"}'));
    } as unknown as typeof fetch;
    const send = withoutProcess(() => {
      expect(isNodeLike()).toBe(false);
      return chooseSender(undefined);
    });
    expect(await send(input('https://h.test/x'))).toMatchObject({ kind: 'success', bodyText: '{"via":"global"}' });
    // Workers throw "Illegal invocation" for a fetch detached from its global.
    expect(seen).toEqual([globalThis]);
  });

  test('with neither node:http nor a global fetch: a ValidationError that says to pass fetch', () => {
    (globalThis as { fetch?: unknown }).fetch = undefined;
    const error = withoutProcess(() => {
      try {
        chooseSender(undefined);
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'fetch' });
    expect((error as Error).message).toMatch(/neither node:http nor a global fetch; pass the `fetch` option/);
  });
});

describe('the packaged client in a context without process, Buffer or require (Workers, edge)', () => {
  // The whole public entry, bundled as a runtime would load it (esbuild comes with tsup).
  const bundle = buildSync({
    entryPoints: [join(__dirname, '../../src/index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'sdk',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
  }).outputFiles[0].text;

  // Only web-platform globals; `process`, `Buffer`, `require`, `module`, `global` are absent.
  const webGlobals = (fetch: unknown) => ({
    fetch,
    URL,
    URLSearchParams,
    Headers,
    AbortController,
    AbortSignal,
    TextEncoder,
    TextDecoder,
    setTimeout,
    clearTimeout,
    console,
    Symbol,
  });

  function load(fetch: unknown): Record<string, unknown> {
    const context = createContext(webGlobals(fetch));
    runInContext(`${bundle}\nglobalThis.sdk = sdk;`, context);
    expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );
    return context.sdk as Record<string, unknown>;
  }

  test('default options send through the runtime fetch: a get, a missing key as NotFoundError', async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      return Promise.resolve(
        url.endsWith('/missing')
          ? {
              status: 404,
              statusText: 'Not Found',
              headers: new Headers(),
              text: () => Promise.resolve('{"code":"not_found"}'),
            }
          : ok(
              '{"key":"exp","name":"Exp","_creationDate":1,"_maintainerId":"m","_id":"i","environmentKey":"production","_links":{}}',
            ),
      );
    };
    const sdk = load(fetch);
    type Client = { experiments?: unknown; getExperiment(params: { experimentKey: string }): Promise<{ key: string }> };
    const LD = sdk.LaunchDarklyExperiments as new (o: object) => Client;
    const client = new LD({ apiKey: 'api-test-key', projectKey: 'p', environmentKey: 'production' });
    await expect(client.getExperiment({ experimentKey: 'exp' })).resolves.toMatchObject({ key: 'exp' });
    const missing = await client.getExperiment({ experimentKey: 'missing' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'NotFoundError', status: 404 });
    expect(urls).toEqual([
      'https://app.launchdarkly.com/api/v2/projects/p/environments/production/experiments/exp',
      'https://app.launchdarkly.com/api/v2/projects/p/environments/production/experiments/missing',
    ]);
  });

  test('with no fetch at all, construction throws a ValidationError that says to pass fetch', () => {
    const sdk = load(undefined);
    const LD = sdk.LaunchDarklyExperiments as new (o: object) => unknown;
    let error: unknown;
    try {
      new LD({ apiKey: 'api-test-key', projectKey: 'p', environmentKey: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'ValidationError', field: 'fetch' });
    expect((error as Error).message).toContain('pass the `fetch` option');
  });
});
