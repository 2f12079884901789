import { redisRateLimitStore } from '../../src/redis/store';
import type { RateLimitStore } from '../../src/core/rate-limit-store';
import { ValidationError } from '../../src/core/errors';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { connect, LIBRARIES, type TestRedisClient } from './clients';

const NOW = 1_736_942_400_000;
let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

describe.each(LIBRARIES)('redisRateLimitStore with %s against a real redis-server', (library) => {
  let conn: TestRedisClient;
  let store: RateLimitStore;
  let prefix: string;
  let n = 0;
  const raw = (args: string[]): Promise<unknown> =>
    library === 'node-redis'
      ? (conn.client as { sendCommand(a: string[]): Promise<unknown> }).sendCommand(args)
      : (conn.client as { call(...a: string[]): Promise<unknown> }).call(...args);

  beforeAll(async () => {
    conn = await connect(library, server.url);
  });
  afterAll(() => conn.close());
  beforeEach(() => {
    prefix = `test:${library}:${++n}:`;
    store = redisRateLimitStore({ client: conn.client, keyPrefix: prefix });
  });

  test('tickets increase; the other requests in flight count against what an answer says remains', async () => {
    const tickets: number[] = [];
    for (let i = 0; i < 4; i++) {
      const admission = await store.acquire('ld:abc', NOW);
      expect(admission).toEqual({ ticket: expect.any(Number) });
      tickets.push((admission as { ticket: number }).ticket);
    }
    expect(tickets).toEqual([1, 2, 3, 4]);
    // The first answers: 5 remain, 3 others are in flight, so 2 more may start.
    await store.record('ld:abc', { ticket: tickets[0], remaining: 5, resetAt: NOW + 2_000, nowMs: NOW });
    await store.release('ld:abc', tickets[0]);
    expect(await store.acquire('ld:abc', NOW)).toEqual({ ticket: 5 });
    expect(await store.acquire('ld:abc', NOW)).toEqual({ ticket: 6 });
    // Spent, but the answers of 2, 3 and 4 may still hand places back: look again soon, not at the reset.
    expect(await store.acquire('ld:abc', NOW)).toEqual({ retryAt: NOW + 20 });
    // Their requests end without answers (network errors): nothing is due any more, so wait for the reset.
    for (const t of [2, 3, 4]) await store.release('ld:abc', t);
    expect(await store.acquire('ld:abc', NOW)).toEqual({ retryAt: NOW + 2_000 });
    // After the reset the window's allowance is dropped.
    expect(await store.acquire('ld:abc', NOW + 2_000)).toEqual({ ticket: 7 });
  });

  test('an older answer of a request held back hands its place back; a higher count never raises the allowance', async () => {
    for (let i = 0; i < 3; i++) await store.acquire('b', NOW);
    // Ticket 3 answers first with the newest count: 2 remain, 1 and 2 are held back as not counted yet.
    await store.record('b', { ticket: 3, remaining: 2, resetAt: NOW + 1_000, nowMs: NOW });
    await store.record('b', { ticket: 3, remaining: 9, resetAt: NOW + 1_000, nowMs: NOW });
    expect(await store.acquire('b', NOW)).toEqual({ retryAt: NOW + 20 });
    // 1 and 2 answer with older counts: the server had counted them before 3, so each hands its place back.
    await store.record('b', { ticket: 1, remaining: 4, resetAt: NOW + 1_000, nowMs: NOW });
    await store.record('b', { ticket: 2, remaining: 3, resetAt: NOW + 1_000, nowMs: NOW });
    for (const t of [1, 2, 3]) await store.release('b', t);
    expect(await store.acquire('b', NOW)).toEqual({ ticket: 4 });
    expect(await store.acquire('b', NOW)).toEqual({ ticket: 5 });
    // 4 and 5 were admitted under the corrected allowance, so no answer is due that could hand a place back.
    expect(await store.acquire('b', NOW)).toEqual({ retryAt: NOW + 1_000 });
    // A later window replaces it; an unknown ticket counts every request in flight: 7 − 2 (4 and 5) = 5.
    await store.record('b', { remaining: 7, resetAt: NOW + 5_000, nowMs: NOW });
    for (let i = 6; i <= 10; i++) expect(await store.acquire('b', NOW)).toEqual({ ticket: i });
    for (let t = 4; t <= 10; t++) await store.release('b', t);
    expect(await store.acquire('b', NOW)).toEqual({ retryAt: NOW + 5_000 });
  });

  test('an answered request no longer counts as in flight, even before its caller releases it', async () => {
    for (let i = 0; i < 3; i++) await store.acquire('h', NOW);
    // Ticket 1: 10 remain, 2 and 3 held back → 8. Ticket 1 is not released yet.
    await store.record('h', { ticket: 1, remaining: 10, resetAt: NOW + 1_000, nowMs: NOW });
    // Ticket 2 brings the newest count, 9: only 3 is still to come (1 was answered), so 8 may start, not 7.
    await store.record('h', { ticket: 2, remaining: 9, resetAt: NOW + 1_000, nowMs: NOW });
    for (let i = 0; i < 8; i++) expect(await store.acquire('h', NOW)).toHaveProperty('ticket');
    expect(await store.acquire('h', NOW)).toEqual({ retryAt: NOW + 20 });
  });

  test('an answer arriving after its window ended hands back the place the new window held back for it', async () => {
    await store.acquire('w', NOW);
    // The window of NOW + 1 000 ends; ticket 2 starts the next one and answers first, with 1 still in flight.
    await store.acquire('w', NOW + 1_000);
    await store.record('w', { ticket: 2, remaining: 5, resetAt: NOW + 2_000, nowMs: NOW + 1_000 });
    // Ticket 1's answer of the old window comes late: the server counted it there, so its place comes back.
    await store.record('w', { ticket: 1, remaining: 3, resetAt: NOW + 1_000, nowMs: NOW + 1_001 });
    for (let i = 0; i < 5; i++) expect(await store.acquire('w', NOW + 1_001)).toHaveProperty('ticket');
    expect(await store.acquire('w', NOW + 1_001)).toEqual({ retryAt: NOW + 2_000 });
  });

  test('the lowest remaining of a window is the newest count: it replaces an allowance misjudged by an older answer', async () => {
    for (let i = 0; i < 4; i++) await store.acquire('g', NOW);
    // Ticket 1 answers first: 10 remain, 3 in flight after it → 7 (too low if they had been counted already).
    await store.record('g', { ticket: 1, remaining: 10, resetAt: NOW + 1_000, nowMs: NOW });
    for (const t of [1, 2, 3]) await store.release('g', t);
    // Ticket 4 answers: the server counted all four; 9 remain, none in flight after it.
    await store.record('g', { ticket: 4, remaining: 9, resetAt: NOW + 1_000, nowMs: NOW });
    await store.release('g', 4);
    for (let i = 0; i < 9; i++) expect(await store.acquire('g', NOW)).toHaveProperty('ticket');
    expect(await store.acquire('g', NOW)).toEqual({ retryAt: NOW + 1_000 });
  });

  test('block closes the budget for everyone until the later instant', async () => {
    await store.block('c', NOW + 3_000, NOW);
    await store.block('c', NOW + 1_000, NOW);
    expect(await store.acquire('c', NOW + 10)).toEqual({ retryAt: NOW + 3_000 });
    expect(await store.acquire('c', NOW + 3_000)).toEqual({ ticket: 1 });
  });

  test('lapsed leases stop counting as in flight', async () => {
    const leased = redisRateLimitStore({ client: conn.client, keyPrefix: prefix, leaseMs: 100 });
    await leased.acquire('d', NOW);
    await leased.acquire('d', NOW);
    await leased.record('d', { remaining: 3, resetAt: NOW + 1_000, nowMs: NOW + 500 });
    for (let i = 0; i < 3; i++) expect(await leased.acquire('d', NOW + 500)).toHaveProperty('ticket');
    expect(await leased.acquire('d', NOW + 500)).toEqual({ retryAt: NOW + 1_000 });
  });

  test('keys: prefix, hash tag, the values described in the README, expiring with the window and the lease', async () => {
    const now = Date.now();
    await store.acquire('launchdarkly:0123abcd', now);
    await store.record('launchdarkly:0123abcd', { ticket: 1, remaining: 40, resetAt: now + 10_000, nowMs: now });
    await store.block('launchdarkly:0123abcd', now + 4_000, now);
    const state = `${prefix}{launchdarkly:0123abcd}`;
    expect((await raw(['KEYS', `${prefix}*`])) as string[]).toEqual(expect.arrayContaining([state, `${state}:flight`]));
    const fields = await raw(['HGETALL', state]);
    const map = Array.isArray(fields)
      ? Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]))
      : fields;
    expect(map).toEqual({ remaining: '40', reset: String(now + 10_000), seen: '40', blocked: String(now + 4_000) });
    const ttl = Number(await raw(['PTTL', state]));
    expect(ttl).toBeGreaterThan(8_000);
    expect(ttl).toBeLessThanOrEqual(10_000);
    const flightTtl = Number(await raw(['PTTL', `${state}:flight`]));
    expect(flightTtl).toBeGreaterThan(290_000);
    expect(flightTtl).toBeLessThanOrEqual(300_000);
  });

  test('a server that forgot the scripts (SCRIPT FLUSH) gets them again with EVAL', async () => {
    await store.acquire('e', NOW);
    await raw(['SCRIPT', 'FLUSH']);
    expect(await store.acquire('e', NOW)).toEqual({ ticket: 2 });
  });

  test('error replies other than NOSCRIPT reject', async () => {
    await raw(['SET', `${prefix}{f}`, 'not a hash']);
    await expect(store.acquire('f', NOW)).rejects.toThrow(/WRONGTYPE/);
  });
});

describe('redisRateLimitStore options', () => {
  test('accepts a function sending one command; a garbage reply rejects', async () => {
    const sent: string[][] = [];
    const store = redisRateLimitStore({
      client: (args) => {
        sent.push(args);
        return Promise.resolve('banana');
      },
      keyPrefix: 'p:',
      timeoutMs: 20,
    });
    expect(store.timeoutMs).toBe(20);
    await expect(store.acquire('x', NOW)).rejects.toThrow('unexpected reply from Redis');
    await expect(store.record('x', { remaining: 1, resetAt: NOW + 1, nowMs: NOW })).rejects.toThrow('unexpected reply');
    await expect(store.block('x', NOW + 1, NOW)).rejects.toThrow('unexpected reply');
    expect(sent[0].slice(0, 1)).toEqual(['EVALSHA']);
    expect(sent[0].slice(2)).toEqual(['3', 'p:{x}', 'p:{x}:flight', 'p:{x}:pending', String(NOW), '300000', '20']);
  });

  test('bad options throw ValidationError', () => {
    const client = () => Promise.resolve(1);
    expect(() => redisRateLimitStore({ client: {} as never })).toThrow(ValidationError);
    expect(() => redisRateLimitStore(undefined as never)).toThrow(ValidationError);
    expect(() => redisRateLimitStore({ client, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => redisRateLimitStore({ client, leaseMs: Number.NaN })).toThrow(/leaseMs/);
    expect(() => redisRateLimitStore({ client, keyPrefix: 1 as never })).toThrow(/keyPrefix/);
  });
});
