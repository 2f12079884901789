/**
 * The Redis clients the rate-limit store accepts, by shape, so that neither node-redis nor ioredis becomes a
 * dependency of the SDK: each is reduced to one function sending a raw command.
 */

/** Sends one Redis command (name first, then its arguments) and resolves its reply; rejects on an error reply. */
export type RedisCommandSender = (args: string[]) => Promise<unknown>;

/** A node-redis v4/v5 client (`createClient()` from `redis` or `@redis/client`), connected. */
export interface NodeRedisClientLike {
  /** `client.sendCommand(['EVALSHA', ...])`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** An ioredis client (`new Redis()`), or anything with its generic `call(command, ...args)`. */
export interface IORedisClientLike {
  /** `client.call('EVALSHA', ...)`. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * A Redis connection for `redisRateLimitStore`: a node-redis client, an ioredis client, or (for any other
 * client) a function sending one raw command, e.g. `(args) => myClient.command(args)`.
 */
export type RedisClientLike = NodeRedisClientLike | IORedisClientLike | RedisCommandSender;

/** Reduces `client` to a {@link RedisCommandSender}; throws TypeError when it has none of the accepted shapes. */
export function commandSender(client: RedisClientLike): RedisCommandSender {
  if (typeof client === 'function') return client;
  // ioredis has a `sendCommand` too, taking a Command object, so `call` is looked for first.
  if (client !== null && typeof client === 'object') {
    if (typeof (client as IORedisClientLike).call === 'function') {
      const c = client as IORedisClientLike;
      return ([command, ...args]) => c.call(command, ...args);
    }
    if (typeof (client as NodeRedisClientLike).sendCommand === 'function') {
      const c = client as NodeRedisClientLike;
      return (args) => c.sendCommand(args);
    }
  }
  throw new TypeError(
    'client must be a node-redis client (sendCommand), an ioredis client (call) or a function sending one command',
  );
}
