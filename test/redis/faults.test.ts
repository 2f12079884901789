/**
 * Redis down, slow or answering garbage never fails or stalls a call: the client uses its in-memory budget,
 * logs one redacted warn, and goes back to Redis when it answers again. Against a real redis-server (and a
 * fake one for garbage), with both client libraries.
 */
import { startEmulator, LD_FIXTURE_KEYS, type RunningEmulator } from '../../src/emulator';
import { LaunchDarklyExperiments, redisRateLimitStore, type Logger } from '../../src';
import { STORE_RETRY_INTERVAL_MS } from '../../src/core/throttle';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { connect, LIBRARIES, type TestRedisClient } from './clients';
import { startFakeRespServer } from './fake-resp-server';

jest.setTimeout(20_000);
const API_KEY = LD_FIXTURE_KEYS.apiKey;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe.each(LIBRARIES)('Redis faults never fail or stall a call (%s)', (library) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function client(conn: TestRedisClient) {
    const lines: Array<[string, string]> = [];
    const log = (level: string) => (message: string) => void lines.push([level, message]);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const ld = new LaunchDarklyExperiments({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      projectKey: LD_FIXTURE_KEYS.projectKey,
      environmentKey: 'production',
      rateLimitStore: redisRateLimitStore({ client: conn.client, keyPrefix: `faults:${library}:` }),
      logger,
      logLevel: 'info',
    });
    const storeLines = () => lines.filter(([, message]) => message.includes('rate-limit store'));
    return { ld, lines, storeLines };
  }
  /** Five calls, all succeeding; resolves the ms they took. */
  async function fiveCalls(ld: LaunchDarklyExperiments): Promise<number> {
    const started = Date.now();
    for (let i = 0; i < 5; i++) await expect(ld.getExperiments({ limit: 1 })).resolves.toBeDefined();
    return Date.now() - started;
  }
  async function redis(): Promise<{ server: RedisServer; conn: TestRedisClient }> {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    const conn = await connect(library, server.url);
    cleanups.push(() => conn.close());
    return { server, conn };
  }
  const raw = (conn: TestRedisClient, args: string[]): Promise<unknown> =>
    library === 'node-redis'
      ? (conn.client as { sendCommand(a: string[]): Promise<unknown> }).sendCommand(args)
      : (conn.client as { call(...a: string[]): Promise<unknown> }).call(...args);
  const ourKeys = async (conn: TestRedisClient) => (await raw(conn, ['KEYS', 'faults:*'])) as string[];
  const WARN = [
    'warn',
    expect.stringMatching(/^Shared rate-limit store failed \(.+\); using this process's in-memory/),
  ];
  const BACK = ['info', 'Shared rate-limit store answers again; using it'];

  async function answersAgain(conn: TestRedisClient, ld: LaunchDarklyExperiments): Promise<void> {
    for (let i = 0; i < 100 && (await raw(conn, ['PING']).catch(() => 'no')) !== 'PONG'; i++) await sleep(50);
    await sleep(STORE_RETRY_INTERVAL_MS + 50);
    await ld.getExperiments({ limit: 1 });
  }

  test('down: calls succeed on the in-memory budget, one warn; back to Redis after a restart', async () => {
    const { server, conn } = await redis();
    const { ld, lines, storeLines } = client(conn);
    await ld.getExperiments({ limit: 1 });
    // A loaded machine may already have made Redis miss a timeout once; only the outage below is judged.
    lines.length = 0;
    const keys = await ourKeys(conn);
    expect(keys).toEqual([expect.stringMatching(/^faults:\S+:\{launchdarkly:[0-9a-f]{32}\}:flight$/)]);
    expect(keys.join()).not.toContain(API_KEY);
    await server.stop();
    // Each call waits at most the store's 50 ms timeout (and only once a second), never the reconnects.
    expect(await fiveCalls(ld)).toBeLessThan(2_000);
    expect(storeLines()).toEqual([WARN]);
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
    const restarted = await startRedisServer(server.port);
    cleanups.push(() => restarted.stop());
    await answersAgain(conn, ld);
    // (Later lines, if any, would be a loaded machine's slow answers, each again one warn and one info.)
    expect(storeLines().slice(0, 2)).toEqual([WARN, BACK]);
    expect(await ourKeys(conn)).toHaveLength(1);
  });

  test('slow (server paused with SIGSTOP): calls go on after the 50 ms timeout, one warn; back after SIGCONT', async () => {
    const { server, conn } = await redis();
    const { ld, lines, storeLines } = client(conn);
    await ld.getExperiments({ limit: 1 });
    lines.length = 0;
    server.child.kill('SIGSTOP');
    try {
      expect(await fiveCalls(ld)).toBeLessThan(2_000);
    } finally {
      server.child.kill('SIGCONT');
    }
    expect(storeLines()).toEqual([WARN]);
    expect(storeLines()[0][1]).toContain('no answer within 50 ms');
    await answersAgain(conn, ld);
    // (Later lines, if any, would be a loaded machine's slow answers, each again one warn and one info.)
    expect(storeLines().slice(0, 2)).toEqual([WARN, BACK]);
  });

  test('garbage (a server answering RESP nonsense): calls succeed, one warn', async () => {
    const fake = await startFakeRespServer(([name]) => {
      if (name === 'INFO') return '$11\r\nloading:0\r\n\r\n';
      if (name === 'EVALSHA' || name === 'EVAL') return '*3\r\n+what\r\n:-1\r\n$1\r\nx\r\n';
      return '+OK\r\n';
    });
    cleanups.push(() => fake.close());
    const conn = await connect(library, fake.url);
    cleanups.push(() => conn.close());
    const { ld, storeLines } = client(conn);
    expect(await fiveCalls(ld)).toBeLessThan(2_000);
    expect(storeLines()).toEqual([WARN]);
    expect(storeLines()[0][1]).toContain('unexpected reply from Redis');
    expect(fake.commands.some(([name]) => name === 'EVALSHA')).toBe(true);
  });
});
