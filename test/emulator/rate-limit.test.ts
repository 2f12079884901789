import type { RunningEmulator } from '../../src/emulator';
import { EXPERIMENTS, Ld, P, manualClock, start } from './helpers';

const clock = manualClock(1_700_000_000_000); // a multiple of 10 s: windows are aligned to the clock
let emu: RunningEmulator;
let ld: Ld;

beforeAll(async () => {
  emu = await start({ now: clock.now, rateLimit: { budget: 3 } });
  ld = new Ld(emu);
});
afterAll(() => emu.close());
beforeEach(() => {
  clock.set(1_700_000_000_000);
  emu.reset();
});

const SETTINGS = `/api/v2/projects/${P}/experimentation-settings`;
const header = (r: { headers: Headers }, name: string) => r.headers.get(name);

describe('LaunchDarkly rate-limit mode', () => {
  it('counts down the route budget and answers 429 with headers once it is spent', async () => {
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const ok = await ld.get(EXPERIMENTS);
      expect(ok.status).toBe(200);
      expect(header(ok, 'x-ratelimit-route-limit')).toBe('3');
      expect(header(ok, 'x-ratelimit-reset')).toBe(String(1_700_000_010_000));
      remaining.push(header(ok, 'x-ratelimit-route-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await ld.get(EXPERIMENTS);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ code: 'rate_limited', message: expect.any(String), id: expect.any(String) });
    expect(header(limited, 'x-ratelimit-route-remaining')).toBe('0');
    expect(header(limited, 'x-ratelimit-route-limit')).toBe('3');
    expect(header(limited, 'x-ratelimit-reset')).toBe('1700000010000');
    expect(header(limited, 'retry-after')).toBeNull();
    expect(emu.requests[emu.requests.length - 1]).toMatchObject({ status: 429, rateLimited: true });
  });

  it('opens a new window at the reset instant of the injected clock', async () => {
    for (let i = 0; i < 3; i++) await ld.get(EXPERIMENTS);
    clock.advance(9_999);
    expect((await ld.get(EXPERIMENTS)).status).toBe(429);
    clock.advance(1);
    const fresh = await ld.get(EXPERIMENTS);
    expect(fresh.status).toBe(200);
    expect(header(fresh, 'x-ratelimit-route-remaining')).toBe('2');
    expect(header(fresh, 'x-ratelimit-reset')).toBe('1700000020000');
  });

  it('keeps one bucket per route and method for the route family', async () => {
    for (let i = 0; i < 3; i++) await ld.get(EXPERIMENTS);
    expect((await ld.get(EXPERIMENTS)).status).toBe(429);
    expect((await ld.get(SETTINGS)).status).toBe(200);
    // Same template, other project: still the same route bucket.
    expect((await ld.get(`/api/v2/projects/other/environments/x/experiments`)).status).toBe(429);
  });

  it('shares one bucket across routes for the global family, with Retry-After when asked', async () => {
    emu.configure({ rateLimit: { budget: 2, family: 'global', retryAfter: true } });
    clock.advance(2_500);
    const a = await ld.get(EXPERIMENTS);
    expect(header(a, 'x-ratelimit-global-remaining')).toBe('1');
    expect(header(a, 'x-ratelimit-route-remaining')).toBeNull();
    await ld.get(SETTINGS);
    const limited = await ld.get(`/api/v2/projects/${P}/experiments`);
    expect(limited.status).toBe(429);
    expect(header(limited, 'x-ratelimit-global-limit')).toBe('2');
    expect(header(limited, 'retry-after')).toBe('8'); // 7.5 s left, rounded up
  });

  it('keys the token family by Authorization and sends its own reset header', async () => {
    emu.configure({ rateLimit: { budget: 1, family: 'token' } });
    const a = await ld.get(EXPERIMENTS);
    expect(header(a, 'x-ratelimit-auth-token-remaining')).toBe('0');
    expect(header(a, 'x-ratelimit-auth-token-limit')).toBe('1');
    expect(header(a, 'x-ratelimit-auth-token-reset')).toBe('1700000010000');
    expect(header(a, 'x-ratelimit-reset')).toBeNull();
    expect((await ld.get(SETTINGS)).status).toBe(429);
    // Another token has its own budget (and is then refused by auth, not by the limiter).
    expect((await new Ld(emu, 'other-token').get(SETTINGS)).status).toBe(401);
  });

  it('enforces several families at once', async () => {
    emu.configure({ rateLimit: { budget: 5, family: ['route', 'global', 'token'] } });
    const r = await ld.get(EXPERIMENTS);
    for (const name of [
      'x-ratelimit-route-remaining',
      'x-ratelimit-global-remaining',
      'x-ratelimit-auth-token-remaining',
    ]) {
      expect(header(r, name)).toBe('4');
    }
  });

  it('refused requests do not consume budget; unlimited after rateLimit: null', async () => {
    emu.configure({ rateLimit: { budget: 1 } });
    await ld.get(EXPERIMENTS);
    for (let i = 0; i < 3; i++) expect((await ld.get(EXPERIMENTS)).status).toBe(429);
    clock.advance(10_000);
    expect((await ld.get(EXPERIMENTS)).status).toBe(200);
    emu.configure({ rateLimit: null });
    for (let i = 0; i < 5; i++) {
      const r = await ld.get(EXPERIMENTS);
      expect(r.status).toBe(200);
      expect(header(r, 'x-ratelimit-route-remaining')).toBeNull();
    }
  });
});

describe('PostHog rate-limit variant', () => {
  it('answers a throttled_error body with the wait in seconds and no X-Ratelimit headers', async () => {
    emu.configure({ rateLimit: { budget: 1, family: 'global', retryAfter: true } });
    clock.advance(3_200);
    const call = () =>
      fetch(`${emu.url}/api/projects/1/experiments/`, { headers: { Authorization: 'Bearer phx_emulator' } });
    const first = await call();
    expect(first.status).not.toBe(429);
    expect(first.headers.get('x-ratelimit-global-remaining')).toBeNull();
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      type: 'throttled_error',
      code: 'throttled',
      detail: 'Request was throttled. Expected available in 7 seconds.',
      attr: null,
    });
    expect(limited.headers.get('retry-after')).toBe('7');
  });
});

describe('control endpoint', () => {
  it('PUT /__emulator/rate-limit switches the mode for out-of-process users', async () => {
    const put = await fetch(`${emu.url}/__emulator/rate-limit`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ budget: 1, family: 'route' }),
    });
    expect(put.status).toBe(200);
    expect((await ld.get(SETTINGS)).status).toBe(200);
    expect((await ld.get(SETTINGS)).status).toBe(429);
    const bad = await fetch(`${emu.url}/__emulator/rate-limit`, {
      method: 'PUT',
      body: JSON.stringify({ budget: -1 }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${emu.url}/__emulator/rate-limit`, { method: 'PUT', body: 'null' });
    expect((await ld.get(SETTINGS)).status).toBe(200);
  });

  it('PUT /__emulator/clock pins the clock', async () => {
    const other = await start({ rateLimit: { budget: 1 } });
    try {
      const pin = (now: number | null) =>
        fetch(`${other.url}/__emulator/clock`, { method: 'PUT', body: JSON.stringify({ now }) });
      await pin(5_000_000);
      const client = new Ld(other);
      expect(header(await client.get(SETTINGS), 'x-ratelimit-reset')).toBe('5010000');
      expect((await client.get(SETTINGS)).status).toBe(429);
      await pin(5_010_000);
      expect((await client.get(SETTINGS)).status).toBe(200);
      expect((await pin(null)).status).toBe(200);
      expect((await fetch(`${other.url}/__emulator/clock`, { method: 'PUT', body: '{"now":"soon"}' })).status).toBe(
        400,
      );
    } finally {
      await other.close();
    }
  });
});
