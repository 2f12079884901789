import IORedis from 'ioredis';
import { createClient } from 'redis';

/** A connected client of one library, as a user would create it, with a way to close it. */
export interface TestRedisClient {
  client: ReturnType<typeof createClient> | IORedis;
  close(): Promise<void>;
}

/** The two libraries the store is tested with. */
export const LIBRARIES = ['node-redis', 'ioredis'] as const;
export type Library = (typeof LIBRARIES)[number];

/** Connects to `url` with `library`; reconnects quickly so recovery tests do not wait long. */
export async function connect(library: Library, url: string): Promise<TestRedisClient> {
  if (library === 'node-redis') {
    const client = createClient({ url, socket: { reconnectStrategy: () => 100 } });
    // Connection errors during fault tests are expected; node-redis throws on an 'error' without listener.
    client.on('error', () => undefined);
    await client.connect();
    return {
      client,
      close: () => {
        client.destroy();
        return Promise.resolve();
      },
    };
  }
  const client = new IORedis(url, { retryStrategy: () => 100, lazyConnect: true });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    close: () => {
      client.disconnect();
      return Promise.resolve();
    },
  };
}
