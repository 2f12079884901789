/**
 * The default transport (src/core/node-http.ts) against a real loopback server: what it sends, how it
 * decodes, and how every way an exchange can end maps onto an AttemptResult.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  createServer as createHttpsServer,
  globalAgent as httpsGlobalAgent,
  type Server as HttpsServer,
} from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { AttemptResult } from '../../src/core/attempt-result';
import { AbortError } from '../../src/core/errors';
import { canSendNatively, nodeAttempt, NodeResponseHeaders, type NodeAttemptInput } from '../../src/core/node-http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

let connections = 0;
afterEach(async () => {
  seen.length = 0;
  // Sockets a test left stalled must not be reused by the next one; the pause lets the client see them close
  // (a keep-alive socket closed by the server is dropped from Node's pool when its FIN arrives).
  server.closeAllConnections();
  await new Promise((resolve) => setTimeout(resolve, 30));
  connections = 0;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const attempt = (overrides: Partial<NodeAttemptInput> = {}): Promise<AttemptResult> =>
  nodeAttempt({ url: `${base}/x`, method: 'GET', headers: {}, body: undefined, timeoutMs: 2_000, ...overrides });

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function success(result: AttemptResult): Extract<AttemptResult, { kind: 'success' }> {
  if (result.kind !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}

describe('what is sent', () => {
  test('method, path and query, headers as given, and the default Accept-Encoding', async () => {
    handler = (_req, res) => json(res, 200, { ok: true });
    await attempt({ url: `${base}/api/v2/a%2Fb?expand=x,y`, headers: { Authorization: 'key', 'LD-API-Version': '1' } });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v2/a%2Fb?expand=x,y', body: '' });
    expect(seen[0].headers).toMatchObject({
      authorization: 'key',
      'ld-api-version': '1',
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(seen[0].headers['content-length']).toBeUndefined();
  });

  test('a string body is sent as UTF-8 with its byte length; a caller Accept-Encoding is kept', async () => {
    handler = (_req, res) => json(res, 201, {});
    const body = JSON.stringify({ name: 'Ünïcødé ✓' });
    await attempt({
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'accept-encoding': 'identity' },
    });
    expect(seen[0].body).toBe(body);
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen[0].headers['accept-encoding']).toBe('identity');
  });

  test('sequential calls share one keep-alive connection', async () => {
    handler = (_req, res) => json(res, 200, {});
    for (let i = 0; i < 5; i++) success(await attempt());
    expect(seen).toHaveLength(5);
    expect(connections).toBe(1);
  });

  test('bytes are sent as they are', async () => {
    handler = (_req, res) => json(res, 200, {});
    await attempt({ method: 'PUT', body: new TextEncoder().encode('{"a":1}') });
    expect(seen[0]).toMatchObject({ method: 'PUT', body: '{"a":1}' });
  });

  test('canSendNatively accepts strings, bytes and no body; anything else goes to fetch', () => {
    for (const body of [undefined, null, '', '{}', new Uint8Array(2), Buffer.from('x')]) {
      expect(canSendNatively(body)).toBe(true);
    }
    for (const body of [new URLSearchParams('a=1'), new Blob(['x']), { a: 1 }, 42]) {
      expect(canSendNatively(body)).toBe(false);
    }
  });
});

describe('what is read', () => {
  test('status, reason phrase, case-insensitive headers (repeated ones joined) and the body', async () => {
    handler = (_req, res) => {
      res.setHeader('X-Ratelimit-Route-Remaining', '7');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(200, 'Fine', { 'Content-Type': 'application/json' });
      res.end('{"key":"k"}');
    };
    const result = success(await attempt());
    expect(result.bodyText).toBe('{"key":"k"}');
    expect(result.response.status).toBe(200);
    expect(result.response.statusText).toBe('Fine');
    expect(result.response.headers.get('x-ratelimit-route-remaining')).toBe('7');
    expect(result.response.headers.get('X-RATELIMIT-ROUTE-REMAINING')).toBe('7');
    expect(result.response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(result.response.headers.get('missing')).toBeNull();
    expect(await result.response.text()).toBe('{"key":"k"}');
    expect((result.response as { url?: string }).url).toBe(`${base}/x`);
    const names: string[] = [];
    result.response.headers.forEach((_value, name) => names.push(name));
    expect(names).toEqual(expect.arrayContaining(['x-ratelimit-route-remaining', 'set-cookie', 'content-type']));
  });

  test.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('a %s body is decoded', async (coding, compress) => {
    const payload = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, name: 'ü' })) });
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': coding });
      res.end(compress(Buffer.from(payload)));
    };
    expect(success(await attempt()).bodyText).toBe(payload);
  });

  test('a UTF-8 byte-order mark is dropped, as Response.text() does', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    };
    expect(success(await attempt()).bodyText).toBe('{"a":1}');
  });

  test('a non-2xx answer is an http_error with its body; a 3xx is not followed', async () => {
    handler = (req, res) =>
      req.url === '/x' ? json(res, 302, { moved: true }, { Location: `${base}/elsewhere` }) : json(res, 200, {});
    const result = await attempt();
    expect(result).toMatchObject({ kind: 'http_error', bodyText: '{"moved":true}' });
    expect(result.kind === 'http_error' && result.response.headers.get('location')).toBe(`${base}/elsewhere`);
    expect(seen.map((r) => r.url)).toEqual(['/x']);
  });

  test('a 204 has an empty body', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(success(await attempt({ method: 'DELETE' })).bodyText).toBe('');
  });

  test.each([
    ['a 204', 204, {}],
    ['a 200 with Content-Length 0', 200, { 'Content-Length': '0' }],
    ['a chunked 200 with no bytes', 200, {}],
  ])('%s labelled gzip or br has an empty body, as fetch reads it', async (_name, status, headers) => {
    for (const coding of ['gzip', 'br', 'deflate']) {
      handler = (_req, res) => {
        res.writeHead(status, { 'Content-Encoding': coding, ...headers });
        res.end();
      };
      expect(success(await attempt({ method: 'DELETE' })).bodyText).toBe('');
    }
  });

  test('an encoding it cannot decode on a 2xx is a network error, not garbage text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'zstd' });
      res.end('???');
    };
    const result = await attempt();
    expect(result).toMatchObject({ kind: 'failure', reason: 'network_error' });
    expect(String((result as { error: Error }).error.message)).toContain('zstd');
  });

  test('a corrupt gzip body on a 2xx is a network error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end('not gzip at all');
    };
    expect(await attempt()).toMatchObject({ kind: 'failure', reason: 'network_error' });
  });
});

describe('how an exchange can fail', () => {
  test('a 2xx body cut before its Content-Length is a network error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"key":"cut', () => res.socket?.destroy());
    };
    expect(await attempt()).toMatchObject({ kind: 'failure', reason: 'network_error' });
  });

  test('an error answer whose body is cut keeps its status with an empty body', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"message":"cu', () => res.socket?.destroy());
    };
    const result = await attempt();
    expect(result).toMatchObject({ kind: 'http_error', bodyText: '' });
    expect(result.kind === 'http_error' && result.response.status).toBe(503);
  });

  test('a body that stalls is a timeout after timeoutMs, and the socket is closed', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    handler = (req, res) => {
      req.socket.on('close', () => closed());
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"key":');
    };
    const started = Date.now();
    const result = await attempt({ timeoutMs: 150 });
    expect(result).toMatchObject({ kind: 'failure', reason: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await socketClosed;
  });

  test.each([200, 500])(
    'a %i body that cannot be decoded while the server keeps streaming: the socket is closed, not left busy',
    async (status) => {
      let closed!: () => void;
      const socketClosed = new Promise<void>((resolve) => (closed = resolve));
      handler = (req, res) => {
        req.socket.on('close', () => closed());
        res.writeHead(status, { 'Content-Encoding': 'gzip' });
        // Never ends: only the client closing the socket frees it.
        res.write('not gzip at all, and more to come');
      };
      const result = await attempt();
      expect(result.kind).toBe(status === 200 ? 'failure' : 'http_error');
      await socketClosed;
    },
  );

  test('headers that never come are a timeout too', async () => {
    handler = () => undefined;
    expect(await attempt({ timeoutMs: 100 })).toMatchObject({ kind: 'failure', reason: 'timeout' });
  });

  test('a refused connection is a network error carrying the code', async () => {
    const closedServer = createServer();
    await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
    const port = (closedServer.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closedServer.close(() => resolve()));
    const result = await attempt({ url: `http://127.0.0.1:${port}/x` });
    expect(result).toMatchObject({ kind: 'failure', reason: 'network_error', error: { code: 'ECONNREFUSED' } });
  });

  test('a caller abort while waiting rejects with AbortError and closes the socket', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    handler = (req) => req.socket.on('close', () => closed());
    const controller = new AbortController();
    const call = attempt({ callSignal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toBeInstanceOf(AbortError);
    await socketClosed;
  });

  test('an already aborted signal sends nothing', async () => {
    handler = (_req, res) => json(res, 200, {});
    const controller = new AbortController();
    controller.abort();
    await expect(attempt({ callSignal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual([]);
  });

  test('a URL or a header Node refuses is a failed attempt (as with fetch), and nothing is sent', async () => {
    handler = (_req, res) => json(res, 200, {});
    const badUrl = await attempt({ url: 'not a url' });
    // Not a network condition: reported as `internal`, which the transport does not retry.
    expect(badUrl).toMatchObject({ kind: 'failure', reason: 'internal' });
    expect((badUrl as { error: Error }).error.message).toContain('Invalid URL');
    const badHeader = await attempt({ headers: { Authorization: 'api-key\r\nX-Injected: 1' } });
    expect(badHeader).toMatchObject({ kind: 'failure', reason: 'internal', error: { code: 'ERR_INVALID_CHAR' } });
    expect(seen).toEqual([]);
  });
});

test('a failure while preparing the request (here: no Buffer) is a failed attempt, not an abort or a throw', async () => {
  const saved = globalThis.Buffer;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  let result: AttemptResult;
  try {
    result = await attempt({ method: 'POST', body: '{"a":1}' });
  } finally {
    globalThis.Buffer = saved;
  }
  expect(result).toMatchObject({ kind: 'failure', reason: 'internal', error: { name: 'TypeError' } });
  expect(seen).toEqual([]);
});

test('NodeResponseHeaders.forEach skips nothing and lower-cases names as Node delivers them', () => {
  const headers = new NodeResponseHeaders({ 'content-type': 'a', 'set-cookie': ['x', 'y'] });
  const seenPairs: Array<[string, string]> = [];
  headers.forEach((value, name) => seenPairs.push([name, value]));
  expect(seenPairs).toEqual([
    ['content-type', 'a'],
    ['set-cookie', 'x, y'],
  ]);
});

describe('https', () => {
  // A throwaway self-signed certificate for 127.0.0.1, made per run so no private key lives in the repository.
  let dir: string;
  let tlsServer: HttpsServer;
  let tlsBase: string;
  let cert: string;
  const originalCa = httpsGlobalAgent.options.ca;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'experiments-api-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    tlsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ secure: true, path: req.url })));
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    httpsGlobalAgent.options.ca = originalCa;
    httpsGlobalAgent.destroy();
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('an https URL goes over TLS through https.globalAgent (so its settings, e.g. a CA, apply)', async () => {
    httpsGlobalAgent.options.ca = cert;
    const result = success(await attempt({ url: `${tlsBase}/secure?x=1` }));
    expect(JSON.parse(result.bodyText)).toEqual({ secure: true, path: '/secure?x=1' });
  });

  test('a certificate the agent does not trust is a network error, not a response', async () => {
    httpsGlobalAgent.options.ca = undefined;
    httpsGlobalAgent.destroy();
    const result = await attempt({ url: `${tlsBase}/secure` });
    expect(result).toMatchObject({ kind: 'failure', reason: 'network_error' });
    expect((result as { error: { code?: string } }).error.code).toMatch(/CERT|SELF_SIGNED/);
  });
});
