/**
 * A 3xx is an answer, not an instruction to send the request elsewhere: on every sender (node:http, the
 * global fetch, node-fetch v2) it becomes an ApiError and the Location's host receives nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodeFetch from 'node-fetch';
import { ApiError, LaunchDarklyExperiments } from '../../src';

const KEY = 'api-key-0123456789';
let origin: Server;
let elsewhere: Server;
let elsewhereHits = 0;

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let originUrl: string;
beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    elsewhereHits += 1;
    req.resume();
    res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"key":"moved"}');
  });
  const elsewhereUrl = await listen(elsewhere);
  origin = createServer((req, res) => {
    req.resume();
    res.writeHead(307, { Location: `${elsewhereUrl}/elsewhere`, 'Content-Length': '0' }).end();
  });
  originUrl = await listen(origin);
});

afterAll(async () => {
  for (const server of [origin, elsewhere]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe.each([
  ['node:http (default)', undefined],
  ['global fetch', globalThis.fetch],
  ['node-fetch v2', nodeFetch],
])('%s', (_name, fetchImpl) => {
  it('a 307 to another host is an ApiError; that host gets nothing', async () => {
    elsewhereHits = 0;
    const ld = new LaunchDarklyExperiments({
      apiKey: KEY,
      baseUrl: originUrl,
      maxRetries: 0,
      ...(fetchImpl ? { fetch: fetchImpl as typeof globalThis.fetch } : {}),
    });
    const error = await ld.request({ method: 'POST', path: '/api/v2/things', body: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(307);
    expect(elsewhereHits).toBe(0);
  });
});
