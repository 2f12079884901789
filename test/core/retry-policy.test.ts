import { backoffMs, isIdempotentMethod, mayRetry, retryReasonForStatus } from '../../src/core/retry-policy';

describe('retry policy', () => {
  test.each([
    ['GET', true],
    ['get', true],
    ['HEAD', true],
    ['PUT', true],
    ['DELETE', true],
    ['OPTIONS', true],
    ['POST', false],
    ['PATCH', false],
  ])('isIdempotentMethod(%s) = %p', (method, expected) => {
    expect(isIdempotentMethod(method)).toBe(expected);
  });

  test.each([
    [429, 'rate_limited'],
    [408, 'timeout'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
    [504, 'server_error'],
    [599, 'server_error'],
    [501, undefined],
    [505, undefined],
    [400, undefined],
    [401, undefined],
    [404, undefined],
    [409, undefined],
    [422, undefined],
  ])('retryReasonForStatus(%p) = %p', (status, expected) => {
    expect(retryReasonForStatus(status)).toBe(expected);
  });

  test('rate limits are retried for every method; the rest only for idempotent methods or on opt-in', () => {
    expect(mayRetry('rate_limited', 'POST', false)).toBe(true);
    expect(mayRetry('server_error', 'POST', false)).toBe(false);
    expect(mayRetry('network_error', 'PATCH', false)).toBe(false);
    expect(mayRetry('timeout', 'PATCH', true)).toBe(true);
    expect(mayRetry('server_error', 'GET', false)).toBe(true);
  });

  test.each([
    [0, 0, 375],
    [0, 0.5, 438],
    [1, 0, 750],
    [2, 0, 1500],
    [3, 0.999999, 4000],
    [4, 0, 6000],
    [5, 0, 6000], // capped at 8 s before jitter
    [10, 0.999999, 8000],
  ])('backoffMs(%p, random=%p) = %p', (n, r, expected) => {
    expect(backoffMs(n, () => r)).toBe(expected);
  });
});
