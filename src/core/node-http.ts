/**
 * The default transport on Node: one attempt over `node:http`/`node:https` with Node's global keep-alive
 * agents. Measured against global fetch (undici) on the same server (docs/benchmarks.md), it takes about
 * half the client time per call, and it needs no AbortController per attempt, which fetch does for timeouts.
 *
 * It produces the same {@link AttemptResult} as the fetch path in attempt.ts: the whole body is read under
 * the attempt's timeout, a cut body is a network error, a caller abort throws AbortError. Redirects are not
 * followed (an API call answered 3xx surfaces as an error instead of silently re-sending the key elsewhere).
 */
import type * as Http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import type { Readable } from 'node:stream';
import type * as Zlib from 'node:zlib';
import { failureReason, type AttemptResult } from './attempt-result';
import { AbortError } from './errors';
import type { HeadersLike, ResponseLike } from './fetch-types';

/** Input of {@link nodeAttempt}. */
export interface NodeAttemptInput {
  url: string;
  method: string;
  /** Request headers, as merged by the transport. */
  headers: Record<string, string>;
  /** Request body; {@link canSendNatively} must have accepted it. */
  body: string | Uint8Array | undefined | null;
  /** The call's caller signal; undefined when the caller passed none. */
  callSignal?: AbortSignal;
  /** Per-attempt timeout to the last body byte, in ms. */
  timeoutMs: number;
}

// Encodings we can decode, in the header value we offer; fetch offers the same set.
const ACCEPT_ENCODING = 'gzip, deflate, br';

// node:http, node:https and node:zlib are each loaded by the first request that needs it, not by importing
// the SDK: together they cost about 4 ms and 4 MB of RSS to load (bench/import-cost.js), which an
// application that only constructs a client should not pay, and a plain-http or uncompressed exchange
// needs only node:http. Node loads undici behind global fetch lazily for the same reason.
let http: typeof Http | undefined;
let https: typeof Https | undefined;
let zlib: typeof Zlib | undefined;
const requestOf = (protocol: string): typeof Http.request =>
  protocol === 'https:'
    ? (https ??= loadBuiltin<typeof Https>('node:https')).request
    : (http ??= loadBuiltin<typeof Http>('node:http')).request;

/** Loads a Node built-in module (`node:...`) when first needed rather than at import; throws where there is none. */
export function loadBuiltin<T>(id: string): T {
  // process.getBuiltinModule (Node >= 20.16, Bun, Deno) works from ES modules and from any bundle, where
  // `require` may be missing or a stub.
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') throw new TypeError('process.getBuiltinModule is not available');
  const module = get(id) as T | undefined;
  if (!module) throw new TypeError(`${id} is not available`);
  return module;
}

/**
 * Whether node:http can be loaded here, loading it (once) to find out; never throws. True on Node, Bun and
 * Deno; false on Workers, edge runtimes and browsers, or where a bundler replaced `require` with a stub.
 */
export function nodeHttpLoads(): boolean {
  try {
    return typeof requestOf('http:') === 'function';
  } catch {
    return false;
  }
}

/** True when `body` is something {@link nodeAttempt} sends as is (strings and bytes; JSON bodies are strings). */
export function canSendNatively(body: unknown): body is string | Uint8Array | undefined | null {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

/** Response headers of a node:http response, read through the Headers-like interface the core uses. */
export class NodeResponseHeaders implements HeadersLike {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  /** Value of `name` (case-insensitive); repeated headers are joined with `, ` as fetch does. */
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Visits every header with its lower-case name. */
  forEach(callback: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) callback(value, name);
    }
  }
}

/** Sends one request and reads its whole body (contract of `runAttempt`, see the module comment). */
export function nodeAttempt(input: NodeAttemptInput): Promise<AttemptResult> {
  return new Promise<AttemptResult>((resolve, reject) => {
    const signal = input.callSignal;
    if (signal?.aborted) {
      reject(new AbortError());
      return;
    }
    let settled = false;
    // Not const at its assignment below: `finish` can run before the timer is armed (a URL Node refuses), and must
    // then see `undefined` rather than hit the temporal dead zone.
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    // The 2xx whose body is being read, if any: a timeout after it is a request the server accepted.
    let accepted: ResponseLike | undefined;
    const fail = (reason: 'timeout' | 'network_error', error: unknown): void =>
      finish(() => resolve({ kind: 'failure', reason, error, ...(accepted ? { accepted } : {}) }));

    let req: Http.ClientRequest;
    let body: Uint8Array | undefined;
    try {
      const headers: Record<string, string | number> = { ...input.headers };
      if (!hasHeader(headers, 'accept-encoding')) headers['Accept-Encoding'] = ACCEPT_ENCODING;
      body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : (input.body ?? undefined);
      if (body !== undefined && !hasHeader(headers, 'content-length')) headers['Content-Length'] = body.byteLength;
      const target = new URL(input.url);
      req = requestOf(target.protocol)(target, { method: input.method, headers });
    } catch (error) {
      // Nothing was sent: a URL or header Node refuses (a control character in a header value), or a
      // runtime without the builtins. No retry can change that, unless it reads like a network failure.
      finish(() => resolve({ kind: 'failure', reason: failureReason(error, false), error }));
      return;
    }

    function onAbort(): void {
      finish(() => reject(new AbortError()));
      req.destroy();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => {
      fail('timeout', new Error(`no complete response within ${input.timeoutMs} ms`));
      req.destroy();
    }, input.timeoutMs);

    req.on('error', (error) => fail('network_error', error));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      if (ok) accepted = responseOf(res, input.url, '');
      readBody(res).then(
        (bodyText) =>
          finish(() =>
            resolve({
              kind: ok ? 'success' : 'http_error',
              response: responseOf(res, input.url, bodyText),
              bodyText,
            }),
          ),
        (error: unknown) => {
          // The status line of an error arrived; losing its body should not hide the status (as on the
          // fetch path). A 2xx whose body broke off is a network error (retried like one for reads), marked
          // as accepted: the server took the request even though the caller never got the data.
          if (ok) fail('network_error', error);
          else
            finish(() =>
              resolve({
                kind: 'http_error',
                response: responseOf(res, input.url, ''),
                bodyText: '',
              }),
            );
          // A body that could not be read (a decoder error, a reset) leaves the socket half read: it must not
          // stay with the agent, paused and busy, for ever.
          req.destroy();
        },
      );
    });
    req.end(body);
  });
}

/** The Response-like view of `res` with its already read body. */
function responseOf(res: IncomingMessage, url: string, bodyText: string): ResponseLike & { url: string } {
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: new NodeResponseHeaders(res.headers),
    url,
    text: () => Promise.resolve(bodyText),
  };
}

/** Reads and decodes a whole response body; rejects when the connection ends before the body is complete. */
function readBody(res: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stream: Readable;
    try {
      stream = decoded(res);
    } catch (error) {
      res.resume();
      reject(error);
      return;
    }
    const chunks: Buffer[] = [];
    let rawBytes = 0;
    if (stream !== res) res.on('data', (chunk: Buffer) => (rawBytes += chunk.length));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    // An empty body labelled with a Content-Encoding (a 204, a HEAD answer, a 200 with no bytes) is empty, as
    // fetch reads it; a decoder fed nothing reports a truncated stream.
    stream.on('error', (error) => (rawBytes === 0 && res.complete ? resolve('') : reject(error)));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(Object.assign(new Error('response body ended early'), { code: 'ECONNRESET' }));
    });
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // `Response.text()` drops a UTF-8 byte-order mark; so do we.
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
  });
}

/** `res` piped through the decoders its `Content-Encoding` names (last applied is first removed). */
function decoded(res: IncomingMessage): Readable {
  const header = res.headers['content-encoding'];
  if (!header) return res;
  const codings = header
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  let stream: Readable = res;
  const { createBrotliDecompress, createGunzip, createInflate } = (zlib ??= loadBuiltin<typeof Zlib>('node:zlib'));
  for (const coding of codings.reverse()) {
    const decoder =
      coding === 'gzip' || coding === 'x-gzip'
        ? createGunzip()
        : coding === 'deflate'
          ? createInflate()
          : coding === 'br'
            ? createBrotliDecompress()
            : undefined;
    if (!decoder) throw new Error(`unsupported Content-Encoding: ${header}`);
    const source = stream;
    source.on('error', (error) => decoder.destroy(error));
    stream = source.pipe(decoder);
  }
  return stream;
}

function hasHeader(headers: Record<string, unknown>, lowerName: string): boolean {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) return true;
  return false;
}
