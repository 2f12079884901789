/**
 * A rate-limit store on Redis: every process that gives its clients a store on the same Redis (and prefix)
 * spends one budget per API key. State changes are Lua scripts (scripts.ts), run with EVALSHA (EVAL when the
 * server does not know the script yet). Keys hold a hash of the API key, never the key.
 */
import type * as Crypto from 'node:crypto';
import { ValidationError } from '../core/errors';
import { loadBuiltin } from '../core/node-http';
import type { Admission, RateLimitStore } from '../core/rate-limit-store';
import { commandSender, type RedisClientLike, type RedisCommandSender } from './client';
import { ACQUIRE, BLOCK, RECORD } from './scripts';

/** Default prefix of every key the store writes. */
export const DEFAULT_REDIS_KEY_PREFIX = 'experiments-api:rate-limit:';
/** Default time the client waits for Redis before using its in-memory budget, in ms. */
export const DEFAULT_REDIS_TIMEOUT_MS = 50;
/**
 * How soon a caller looks again, in ms, when the allowance is spent but answers still due may hand places back.
 */
const POLL_MS = 20;
/** Default time a request counts as in flight when its process never reports it finished, in ms (5 min). */
export const DEFAULT_REDIS_LEASE_MS = 300_000;

/** Options of {@link redisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /**
   * Your Redis connection: a connected node-redis v4/v5 client, an ioredis client, or a function sending one
   * raw command (`(args: string[]) => Promise<reply>`). The SDK depends on neither package.
   */
  client: RedisClientLike;
  /** Prefix of every key written; processes share a budget only with the same prefix. Default `'experiments-api:rate-limit:'`. */
  keyPrefix?: string;
  /**
   * How long a call waits for Redis, in ms, before it uses its client's in-memory budget instead (the client
   * then logs one `warn` and tries Redis again a second later). Default 50.
   */
  timeoutMs?: number;
  /**
   * How long a request counts as in flight when its process never says it finished (a crash), in ms.
   * Default 300 000 (5 min).
   */
  leaseMs?: number;
}

interface Script {
  source: string;
  sha?: string;
}

/**
 * Creates a rate-limit store on Redis, for the `rateLimitStore` option of both clients. Keys per budget
 * (API key and vendor): `<keyPrefix>{<vendor>:<hash>}` (a hash: `blocked`, `remaining`, `reset`, all epoch ms
 * or counts; expires when the window resets), `<keyPrefix>{<vendor>:<hash>}:flight` (requests in flight;
 * expires `leaseMs` after the last one started) and `<keyPrefix>{<vendor>:<hash>}:pending` (tickets of requests
 * in flight the allowance holds back until their answers show whether the server had counted them; expires
 * with the window). `<hash>` is 32 hex digits of a SHA-256 of the vendor and key.
 */
export function redisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('redisRateLimitStore needs { client }', { field: 'client' });
  }
  let send: RedisCommandSender;
  try {
    send = commandSender(options.client);
  } catch (error) {
    throw new ValidationError((error as Error).message, { field: 'client' });
  }
  const keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  if (typeof keyPrefix !== 'string') throw new ValidationError('keyPrefix must be a string', { field: 'keyPrefix' });
  const timeoutMs = positive(options.timeoutMs, DEFAULT_REDIS_TIMEOUT_MS, 'timeoutMs');
  const leaseMs = String(Math.round(positive(options.leaseMs, DEFAULT_REDIS_LEASE_MS, 'leaseMs')));
  const scripts = { acquire: { source: ACQUIRE }, record: { source: RECORD }, block: { source: BLOCK } };

  const run = async (script: Script, keys: string[], args: Array<string | number>): Promise<unknown> => {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    script.sha ??= loadBuiltin<typeof Crypto>('node:crypto').createHash('sha1').update(script.source).digest('hex');
    try {
      return await send(['EVALSHA', script.sha, ...tail]);
    } catch (error) {
      // After a restart or SCRIPT FLUSH the server has forgotten the script: EVAL loads it again.
      if (!/NOSCRIPT/.test(String((error as Error)?.message))) throw error;
      return await send(['EVAL', script.source, ...tail]);
    }
  };
  const stateKey = (budget: string): string => `${keyPrefix}{${budget}}`;
  const keysOf = (budget: string): string[] => [
    stateKey(budget),
    `${stateKey(budget)}:flight`,
    `${stateKey(budget)}:pending`,
  ];

  return {
    timeoutMs,
    async acquire(budget: string, nowMs: number): Promise<Admission> {
      const reply = await run(scripts.acquire, keysOf(budget), [Math.round(nowMs), leaseMs, POLL_MS]);
      const [admitted, value] = pair(reply);
      if (admitted === 1) return { ticket: value };
      if (admitted === 0) return { retryAt: value };
      throw new Error('unexpected reply from Redis');
    },
    async record(budget, update): Promise<void> {
      const { ticket, remaining, resetAt, nowMs } = update;
      expectOne(
        await run(scripts.record, keysOf(budget), [Math.round(nowMs), ticket ?? 0, Math.floor(remaining), resetAt]),
      );
    },
    async block(budget, untilMs, nowMs): Promise<void> {
      expectOne(await run(scripts.block, [stateKey(budget)], [Math.round(nowMs), Math.ceil(untilMs)]));
    },
    async release(budget, ticket): Promise<void> {
      // A request that ends without an answer (a network error) leaves its held-back place held back: the server
      // may have counted it. It no longer keeps callers looking again, though.
      const [, flight, pending] = keysOf(budget);
      await send(['HDEL', flight, String(ticket)]);
      await send(['SREM', pending, String(ticket)]);
    },
  };
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive number of milliseconds`, { field });
  }
  return value;
}

// Integer replies arrive as numbers (RESP2 and RESP3, both clients); anything else is not our script's answer.
function pair(reply: unknown): [number, number] {
  if (!Array.isArray(reply) || reply.length !== 2 || !reply.every((v) => Number.isSafeInteger(v))) {
    throw new Error('unexpected reply from Redis');
  }
  return reply as [number, number];
}

function expectOne(reply: unknown): void {
  if (reply !== 1) throw new Error('unexpected reply from Redis');
}
