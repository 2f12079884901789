import type { ChildProcess } from 'node:child_process';

/** A redis-server started for a test on a free loopback port, without persistence. */
export interface RedisServer {
  port: number;
  url: string;
  /** The server process (tests pause it with SIGSTOP/SIGCONT to make it slow). */
  child: ChildProcess;
  /** Stops the server (SIGCONT first, in case a test left it paused) and waits for it to exit. */
  stop(): Promise<void>;
}

// Plain CommonJS shared with bench/rate-limit-shared.js, so it is required rather than imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = require('../../scripts/redis-server.cjs') as {
  startRedisServer: (portToUse?: number) => Promise<RedisServer>;
};

/**
 * Starts Debian's `redis-server` (installed by .ci/run when missing); fails, never skips, when it is missing.
 * `portToUse` restarts a stopped server on its old port (default: a free port).
 */
export const startRedisServer = (portToUse?: number): Promise<RedisServer> => shared.startRedisServer(portToUse);
