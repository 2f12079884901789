/** A scriptable loopback HTTP server for the security tests (not a test file itself). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spec } from '../helpers/spec';

/** One request as it arrived: `url` is the raw request target, exactly as sent on the wire. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that records every request and lets `handle` answer it. */
export async function startServer(
  handle: (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>,
): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? 'GET',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      void handle(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON (a string is sent verbatim, so tests can send raw `__proto__` keys). */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

/** The documented example body of an operation's first 2xx response in openapi.yaml. */
export function exampleResponse(operationId: string): any {
  for (const item of Object.values<any>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      if (op?.operationId !== operationId) continue;
      const code = Object.keys(op.responses).find((c) => c.startsWith('2') && op.responses[c].content);
      const content = op.responses[code!].content['application/json'];
      const example = content.example ?? content.examples?.[Object.keys(content.examples)[0]];
      const value = example?.$ref
        ? spec.components.examples[example.$ref.split('/').pop()].value
        : (example?.value ?? example);
      return structuredClone(value);
    }
  }
  throw new Error(`no operation ${operationId}`);
}
