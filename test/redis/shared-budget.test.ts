/**
 * Several clients, each with its own Redis connection (as separate processes would have), spend one budget
 * of the emulator in rate-limit mode. Each claim is checked against the in-memory default too, so the test
 * fails if the shared store stops making a difference.
 */
import { startEmulator, LD_FIXTURE_KEYS, PH_FIXTURE_KEYS, type RunningEmulator } from '../../src/emulator';
import {
  LaunchDarklyExperiments,
  PostHogExperiments,
  RateLimitError,
  redisRateLimitStore,
  type LaunchDarklyOptions,
} from '../../src';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { connect, LIBRARIES, type TestRedisClient } from './clients';

const WINDOW_MS = 1_000;
// Each test waits for window boundaries and resets (1 s windows), in both modes.
jest.setTimeout(20_000);
let server: RedisServer;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Start just after a window boundary (the emulator aligns windows to multiples of WINDOW_MS).
const windowStart = () => sleep(WINDOW_MS - (Date.now() % WINDOW_MS) + 5);

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

describe.each(LIBRARIES)('one budget across clients through Redis (%s)', (library) => {
  let emulator: RunningEmulator;
  const connections: TestRedisClient[] = [];
  let n = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: { budget: 5, windowMs: WINDOW_MS, family: 'route' } });
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    n++;
  });

  /** `count` clients with the same key: on one Redis (each its own connection), or each in memory. */
  async function clients(count: number, shared: boolean, extra: Partial<LaunchDarklyOptions> = {}) {
    const keyPrefix = `shared:${library}:${n}:`;
    const out: LaunchDarklyExperiments[] = [];
    for (let i = 0; i < count; i++) {
      let rateLimitStore;
      if (shared) {
        const conn = await connect(library, server.url);
        connections.push(conn);
        // A generous timeout: these tests are about the shared budget, not about falling back (faults.test.ts).
        rateLimitStore = redisRateLimitStore({ client: conn.client, keyPrefix, timeoutMs: 1_000 });
      }
      out.push(
        new LaunchDarklyExperiments({
          apiKey: LD_FIXTURE_KEYS.apiKey,
          baseUrl: emulator.url,
          projectKey: LD_FIXTURE_KEYS.projectKey,
          environmentKey: 'production',
          rateLimitStore,
          ...extra,
        }),
      );
    }
    return out;
  }
  const list = (ld: LaunchDarklyExperiments) => ld.getExperiments({ limit: 1 });
  const answered429 = () => emulator.requests.filter((r) => r.status === 429).length;

  async function burst(shared: boolean): Promise<number> {
    const [a, b] = await clients(2, shared);
    await windowStart();
    // a learns what remains (4); then both send 4 at once: only 4 fit in this window.
    await list(a);
    await Promise.all([...[1, 2, 3, 4].map(() => list(a)), ...[1, 2, 3, 4].map(() => list(b))]);
    return answered429();
  }

  test('what one client learnt paces the others: no 429 (in memory: the other client collects 429s)', async () => {
    expect(await burst(true)).toBe(0);
    expect(emulator.requests).toHaveLength(9);
    emulator.reset();
    expect(await burst(false)).toBeGreaterThan(0);
  });

  async function afterA429(shared: boolean): Promise<number> {
    let heard!: () => void;
    const a429 = new Promise<void>((resolve) => (heard = resolve));
    const [a] = await clients(1, shared, { onRetry: () => heard() });
    const [b] = await clients(1, shared);
    await windowStart();
    // Someone else spends the window; a is answered 429 (its retry waits for the reset) and b starts once a
    // has heard it (plus a moment for a's note to reach Redis over a's own connection).
    for (let i = 0; i < 5; i++) {
      await fetch(`${emulator.url}/api/v2/projects/default/environments/production/experiments?limit=1`, {
        headers: { Authorization: LD_FIXTURE_KEYS.apiKey },
      });
    }
    await Promise.all([
      list(a),
      (async () => {
        await a429;
        await sleep(20);
        await list(b);
      })(),
    ]);
    return answered429();
  }

  test('a 429 closes the budget for every client until the stated reset (in memory: the other is answered 429 too)', async () => {
    expect(await afterA429(true)).toBe(1);
    emulator.reset();
    expect(await afterA429(false)).toBe(2);
  });

  test('waits longer than maxRetryDelayMs throw RateLimitError in every client, without a request', async () => {
    const [a, b] = await clients(2, true, { maxRetryDelayMs: 100 });
    await windowStart();
    for (let i = 0; i < 5; i++) await list(a);
    // a's window is now exhausted (remaining 0): the gate closes for both until the reset (most of 1 s, > 100 ms).
    await expect(list(a)).rejects.toBeInstanceOf(RateLimitError);
    await expect(list(b)).rejects.toBeInstanceOf(RateLimitError);
    expect(emulator.requests).toHaveLength(5);
  });
});

describe.each(LIBRARIES)(
  'PostHog: a 429 (wait stated in the body) closes the budget for every client (%s)',
  (library) => {
    let emulator: RunningEmulator;
    const connections: TestRedisClient[] = [];

    beforeAll(async () => {
      emulator = await startEmulator({ rateLimit: { budget: 3, windowMs: WINDOW_MS } });
    });
    afterAll(async () => {
      await Promise.all(connections.map((c) => c.close()));
      await emulator.close();
    });

    test('the second client waits for the stated time instead of being answered 429', async () => {
      let heard!: () => void;
      const a429 = new Promise<void>((resolve) => (heard = resolve));
      const make = async (onRetry?: () => void) => {
        const conn = await connect(library, server.url);
        connections.push(conn);
        return new PostHogExperiments({
          apiKey: PH_FIXTURE_KEYS.apiKey,
          host: emulator.url,
          projectId: PH_FIXTURE_KEYS.projectId,
          rateLimitStore: redisRateLimitStore({ client: conn.client, keyPrefix: `ph:${library}:`, timeoutMs: 1_000 }),
          onRetry,
        });
      };
      const a = await make(() => heard());
      const b = await make();
      await windowStart();
      for (let i = 0; i < 3; i++) {
        await fetch(`${emulator.url}/api/projects/${PH_FIXTURE_KEYS.projectId}/experiments/`, {
          headers: { Authorization: `Bearer ${PH_FIXTURE_KEYS.apiKey}` },
        });
      }
      await Promise.all([
        a.experiments.list(),
        (async () => {
          await a429;
          await sleep(20);
          await b.experiments.list();
        })(),
      ]);
      expect(emulator.requests.filter((r) => r.status === 429)).toHaveLength(1);
      expect(emulator.requests.filter((r) => r.status === 200)).toHaveLength(5);
    });
  },
);
