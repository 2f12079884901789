import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { startEmulator, LD_FIXTURE_KEYS, type RunningEmulator } from 'experiments-api/emulator';
import * as sharedRateLimit from '../../examples/launchdarkly/shared-rate-limit';
import { snippet } from '../examples/snippet';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';

describe('README shared rate-limit example', () => {
  let server: RedisServer;
  let emulator: RunningEmulator;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startRedisServer();
    emulator = await startEmulator({ rateLimit: { budget: 100 } });
    Object.assign(process.env, {
      REDIS_URL: server.url,
      LD_BASE_URL: emulator.url,
      LD_API_KEY: LD_FIXTURE_KEYS.apiKey,
    });
  });
  afterAll(async () => {
    process.env = saved;
    await emulator.close();
    await server.stop();
  });

  it('README shows it exactly as it runs in CI', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')).toContain(
      snippet('launchdarkly', 'shared-rate-limit'),
    );
  });

  it('runs against the emulator and keeps the budget in Redis under the default prefix, without the key', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await sharedRateLimit.main();
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([expect.stringMatching(/^\d+ running experiments$/)]);
    const redis = createClient({ url: server.url });
    await redis.connect();
    try {
      const keys = await redis.keys('experiments-api:rate-limit:*');
      expect(keys.sort()).toEqual([
        expect.stringMatching(/^experiments-api:rate-limit:\{launchdarkly:[0-9a-f]{32}\}$/),
        expect.stringMatching(/^experiments-api:rate-limit:\{launchdarkly:[0-9a-f]{32}\}:flight$/),
      ]);
      const state = await redis.hGetAll(keys.sort()[0]);
      expect(state).toEqual({ remaining: '99', reset: expect.stringMatching(/^\d{13}$/), seen: '99' });
      expect(JSON.stringify(await redis.keys('*'))).not.toContain(LD_FIXTURE_KEYS.apiKey);
    } finally {
      redis.destroy();
    }
  });
});
