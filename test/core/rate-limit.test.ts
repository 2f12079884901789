import {
  addJitter,
  clampWait,
  isWindowExhausted,
  parseResetEpochMs,
  parseRetryAfter,
  readResetEpochMs,
  serverStatedWait,
  type RateLimitPolicy,
} from '../../src/core/rate-limit';

const NOW = Date.parse('2025-01-15T12:00:00.000Z');

// A sample policy shaped like LaunchDarkly's headers (core itself knows no vendor).
const ldLike: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Auth-Token-Reset', 'X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Global-Remaining', 'X-Ratelimit-Route-Remaining', 'X-Ratelimit-Auth-Token-Remaining'],
};

function headers(record: Record<string, string>) {
  const h = new Headers(record);
  return h;
}

describe('parseRetryAfter', () => {
  test.each<[string | null | undefined, number | undefined]>([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [' 2 ', 2000],
    ['Wed, 15 Jan 2025 12:00:07 GMT', 7000],
    ['Wed, 15 Jan 2025 11:59:50 GMT', -10000],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%p -> %p ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('parseResetEpochMs', () => {
  test.each<[string | null, number | undefined]>([
    [String(NOW + 4200), NOW + 4200],
    [String((NOW + 5000) / 1000), NOW + 5000], // epoch seconds are scaled to ms
    ['1736942405.5', 1736942405500],
    ['0', undefined],
    ['abc', undefined],
    ['-1', undefined],
    [null, undefined],
  ])('%p -> %p', (value, expected) => {
    expect(parseResetEpochMs(value)).toBe(expected);
  });
});

describe('readResetEpochMs / isWindowExhausted', () => {
  test('takes the latest reset among the policy headers, case-insensitively', () => {
    const h = headers({
      'x-ratelimit-reset': String(NOW + 2000),
      'X-RATELIMIT-AUTH-TOKEN-RESET': String(NOW + 9000),
    });
    expect(readResetEpochMs(h, ldLike)).toBe(NOW + 9000);
  });

  test('undefined without reset headers', () => {
    expect(readResetEpochMs(headers({ 'x-other': '1' }), ldLike)).toBeUndefined();
  });

  test.each<[Record<string, string>, boolean]>([
    [{ 'X-Ratelimit-Route-Remaining': '0' }, true],
    [
      {
        'X-Ratelimit-Global-Remaining': '0',
        'X-Ratelimit-Route-Remaining': '7',
      },
      true,
    ],
    [{ 'X-Ratelimit-Auth-Token-Remaining': '3' }, false],
    [{ 'X-Ratelimit-Route-Remaining': 'none' }, false],
    [{}, false],
  ])('%p exhausted=%p', (record, expected) => {
    expect(isWindowExhausted(headers(record), ldLike)).toBe(expected);
  });
});

describe('serverStatedWait', () => {
  const withBody: RateLimitPolicy = {
    ...ldLike,
    waitFromBody: (body) => {
      const detail = (body as { detail?: unknown } | undefined)?.detail;
      const m = typeof detail === 'string' ? /available in (\d+) seconds?/.exec(detail) : null;
      return m ? Number(m[1]) * 1000 : undefined;
    },
  };
  const body = {
    detail: 'Request was throttled. Expected available in 5 seconds.',
  };

  test('Retry-After wins over reset headers and body', () => {
    const h = headers({
      'Retry-After': '2',
      'X-Ratelimit-Reset': String(NOW + 9000),
    });
    expect(serverStatedWait(h, body, withBody, NOW)).toEqual({
      waitMs: 2000,
      source: 'retry-after',
    });
  });

  test('reset headers come before the body', () => {
    const h = headers({ 'X-Ratelimit-Reset': String(NOW + 9000) });
    expect(serverStatedWait(h, body, withBody, NOW)).toEqual({
      waitMs: 9000,
      source: 'reset',
    });
  });

  test('body hook is last', () => {
    expect(serverStatedWait(headers({}), body, withBody, NOW)).toEqual({
      waitMs: 5000,
      source: 'body',
    });
  });

  test('a past reset yields a negative raw wait (clamped later)', () => {
    const h = headers({ 'X-Ratelimit-Reset': String(NOW - 3000) });
    expect(serverStatedWait(h, undefined, ldLike, NOW)).toEqual({
      waitMs: -3000,
      source: 'reset',
    });
  });

  test('undefined when nothing is stated or the hook returns junk', () => {
    expect(serverStatedWait(headers({}), body, ldLike, NOW)).toBeUndefined();
    const junk: RateLimitPolicy = { ...ldLike, waitFromBody: () => Number.NaN };
    expect(serverStatedWait(headers({}), body, junk, NOW)).toBeUndefined();
  });
});

describe('clampWait / addJitter', () => {
  test.each<[number, number | undefined, number]>([
    [-5000, undefined, 250],
    [0, undefined, 250],
    [10, undefined, 250],
    [1234.4, undefined, 1234],
    [100, 50, 100],
    [10, 50, 50],
  ])('clampWait(%p, %p) = %p', (wait, min, expected) => {
    expect(clampWait(wait, min)).toBe(expected);
  });

  test.each<[number, number, number | undefined, number]>([
    [1000, 0, undefined, 1000],
    [1000, 0.5, undefined, 1050],
    [1000, 0.999, undefined, 1100],
    [1000, 0.5, 0.2, 1100],
  ])('addJitter(%p, random=%p, ratio=%p) = %p', (wait, r, ratio, expected) => {
    expect(addJitter(wait, () => r, ratio)).toBe(expected);
  });
});
