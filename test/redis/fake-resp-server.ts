import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server speaking just enough RESP to be connected to, answering `reply(command)` to every command. */
export interface FakeRespServer {
  url: string;
  /** Commands received, upper-cased names first. */
  commands: string[][];
  close(): Promise<void>;
}

// Parses as many complete commands (arrays of bulk strings) as `buffer` holds; returns them and the rest.
function parse(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let at = 0;
  for (;;) {
    const start = at;
    const line = (): string | undefined => {
      const end = buffer.indexOf('\r\n', at);
      if (end < 0) return undefined;
      const text = buffer.subarray(at, end).toString();
      at = end + 2;
      return text;
    };
    const head = line();
    if (head === undefined || !head.startsWith('*')) return { commands, rest: buffer.subarray(start) };
    const args: string[] = [];
    for (let i = 0; i < Number(head.slice(1)); i++) {
      const size = line();
      if (size === undefined || at + Number(size.slice(1)) + 2 > buffer.length) {
        return { commands, rest: buffer.subarray(start) };
      }
      args.push(buffer.subarray(at, at + Number(size.slice(1))).toString());
      at += Number(size.slice(1)) + 2;
    }
    args[0] = args[0].toUpperCase();
    commands.push(args);
  }
}

/** Starts the server on a free loopback port. */
export async function startFakeRespServer(reply: (command: string[]) => string): Promise<FakeRespServer> {
  const commands: string[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const parsed = parse(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const command of parsed.commands) {
        commands.push(command);
        socket.write(reply(command));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
