import {
  addJitter,
  clampWait,
  parseResetEpochMs,
  parseRetryAfter,
  readResetEpochMs,
  readWindow,
  serverStatedWait,
  type RateLimitPolicy,
} from '../../src/core/rate-limit';

const NOW = Date.parse('2025-01-15T12:00:00.000Z');

// A sample policy shaped like LaunchDarkly's headers (core itself knows no vendor).
const ldLike: RateLimitPolicy = {
  resetHeaders: ['X-Ratelimit-Auth-Token-Reset', 'X-Ratelimit-Reset'],
  remainingHeaders: ['X-Ratelimit-Global-Remaining', 'X-Ratelimit-Route-Remaining', 'X-Ratelimit-Auth-Token-Remaining'],
};
// The same, with each family paired to its own reset header (as LaunchDarkly's policy is).
const ldPaired: RateLimitPolicy = {
  ...ldLike,
  resetOf: {
    'X-Ratelimit-Global-Remaining': 'X-Ratelimit-Reset',
    'X-Ratelimit-Route-Remaining': 'X-Ratelimit-Reset',
    'X-Ratelimit-Auth-Token-Remaining': 'X-Ratelimit-Auth-Token-Reset',
  },
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

describe('readResetEpochMs / readWindow', () => {
  test('takes the latest reset among the policy headers, case-insensitively', () => {
    const h = headers({
      'x-ratelimit-reset': String(NOW + 2000),
      'X-RATELIMIT-AUTH-TOKEN-RESET': String(NOW + 9000),
    });
    expect(readResetEpochMs(h, ldLike)).toBe(NOW + 9000);
  });

  test('undefined without reset headers', () => {
    expect(readResetEpochMs(headers({ 'x-other': '1' }), ldLike)).toBeUndefined();
    expect(readWindow(headers({ 'X-Ratelimit-Route-Remaining': '0' }), ldPaired)).toBeUndefined();
  });

  const reset = { 'X-Ratelimit-Reset': String(NOW + 2000) };
  test.each<[Record<string, string>, boolean]>([
    [{ 'X-Ratelimit-Route-Remaining': '0' }, true],
    [{ 'X-Ratelimit-Global-Remaining': '0', 'X-Ratelimit-Route-Remaining': '7' }, true],
    [{ 'X-Ratelimit-Auth-Token-Remaining': '3' }, false],
    [{ 'X-Ratelimit-Route-Remaining': 'none' }, false],
    [{}, false],
  ])('%p exhausted=%p', (record, expected) => {
    expect(readWindow(headers({ ...reset, ...record }), ldLike)?.exhausted).toBe(expected);
  });

  // Route family: 0 left, resets in 2 s; token family: 50 left, resets in 9 s.
  const routeOut = {
    'X-Ratelimit-Route-Remaining': '0',
    'X-Ratelimit-Reset': String(NOW + 2000),
    'X-Ratelimit-Auth-Token-Remaining': '50',
    'X-Ratelimit-Auth-Token-Reset': String(NOW + 9000),
  };

  test('an exhausted family waits for its own reset, not a later one of a family with requests left', () => {
    expect(readWindow(headers(routeOut), ldPaired)).toEqual({ resetAt: NOW + 2000, exhausted: true });
    // Unpaired, the latest reset is the only safe one.
    expect(readWindow(headers(routeOut), ldLike)).toEqual({ resetAt: NOW + 9000, exhausted: true });
  });

  test('several exhausted families wait for the latest of their resets', () => {
    const h = headers({ ...routeOut, 'X-Ratelimit-Auth-Token-Remaining': '0' });
    expect(readWindow(h, ldPaired)).toEqual({ resetAt: NOW + 9000, exhausted: true });
  });

  test('an exhausted family whose own reset header is missing waits for the latest reset', () => {
    const h = headers({
      'X-Ratelimit-Route-Remaining': '0',
      'X-Ratelimit-Auth-Token-Remaining': '5',
      'X-Ratelimit-Auth-Token-Reset': String(NOW + 9000),
    });
    expect(readWindow(h, ldPaired)).toEqual({ resetAt: NOW + 9000, exhausted: true });
  });

  test('otherwise the family with the fewest requests left binds, with its own reset', () => {
    const h = headers({ ...routeOut, 'X-Ratelimit-Route-Remaining': '1' });
    expect(readWindow(h, ldPaired)).toEqual({ remaining: 1, resetAt: NOW + 2000, exhausted: false });
    expect(readWindow(h, ldLike)).toEqual({ remaining: 1, resetAt: NOW + 9000, exhausted: false });
    const tokenLow = headers({
      ...routeOut,
      'X-Ratelimit-Route-Remaining': '40',
      'X-Ratelimit-Auth-Token-Remaining': '3',
    });
    expect(readWindow(tokenLow, ldPaired)).toEqual({ remaining: 3, resetAt: NOW + 9000, exhausted: false });
  });

  test('a reset without remaining-headers reads as the latest reset, count unknown', () => {
    expect(readWindow(headers(reset), ldPaired)).toEqual({ resetAt: NOW + 2000, exhausted: false });
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

  test('a 429 whose headers say which family is exhausted waits for that family only', () => {
    const h = headers({
      'X-Ratelimit-Route-Remaining': '0',
      'X-Ratelimit-Reset': String(NOW + 2000),
      'X-Ratelimit-Auth-Token-Remaining': '50',
      'X-Ratelimit-Auth-Token-Reset': String(NOW + 9000),
    });
    expect(serverStatedWait(h, undefined, ldPaired, NOW)).toEqual({ waitMs: 2000, source: 'reset' });
    // No family at 0: the 429 does not say which limit refused it, so the latest reset.
    h.set('X-Ratelimit-Route-Remaining', '4');
    expect(serverStatedWait(h, undefined, ldPaired, NOW)).toEqual({ waitMs: 9000, source: 'reset' });
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
