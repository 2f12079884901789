import {
  CALL_OPTIONS,
  getCallOptions,
  mergeHeaders,
  stripCallOptions,
  withCallOptions,
} from '../../src/core/call-options';

describe('call options', () => {
  test('withCallOptions stores options under the symbol without mutating init', () => {
    const init: RequestInit = { method: 'GET', headers: { A: '1' } };
    const out = withCallOptions(init, { timeoutMs: 5, maxRetries: 0 });
    expect(out).not.toBe(init);
    expect(getCallOptions(out)).toEqual({ timeoutMs: 5, maxRetries: 0 });
    expect(getCallOptions(init)).toEqual({});
    expect(getCallOptions(undefined)).toEqual({});
    expect(Object.getOwnPropertySymbols(init)).toEqual([]);
  });

  test('survives object spread, as done by the generated initOverrides merge', () => {
    const spread = {
      ...withCallOptions({}, { maxRetries: 1 }),
      method: 'POST',
    };
    expect(getCallOptions(spread)).toEqual({ maxRetries: 1 });
  });

  test('later call options win and headers merge case-insensitively', () => {
    const first = withCallOptions({}, { maxRetries: 1, headers: { 'LD-API-Version': '20240415', A: 'a' } });
    const second = withCallOptions(first, {
      maxRetries: 3,
      headers: { 'ld-api-version': 'beta' },
    });
    expect(getCallOptions(second)).toEqual({
      maxRetries: 3,
      headers: { A: 'a', 'ld-api-version': 'beta' },
    });
    expect(getCallOptions(withCallOptions(first, { timeoutMs: 9 })).headers).toEqual({
      'LD-API-Version': '20240415',
      A: 'a',
    });
  });

  test('stripCallOptions removes the symbol only', () => {
    const stripped = stripCallOptions(withCallOptions({ method: 'PUT' }, { maxRetries: 0 }));
    expect(stripped).toEqual({ method: 'PUT' });
    expect(CALL_OPTIONS in stripped).toBe(false);
    expect(stripCallOptions(undefined)).toEqual({});
  });

  test.each([
    ['plain object', { 'LD-API-Version': '20240415', Accept: 'application/json' }],
    [
      'array of pairs',
      [
        ['LD-API-Version', '20240415'],
        ['Accept', 'application/json'],
      ],
    ],
    ['Headers', new Headers({ 'LD-API-Version': '20240415', Accept: 'application/json' })],
  ])('mergeHeaders from %s replaces a header regardless of case', (_label, base) => {
    const merged = mergeHeaders(base, {
      'ld-api-version': 'beta',
    });
    const versions = Object.entries(merged).filter(([k]) => k.toLowerCase() === 'ld-api-version');
    expect(versions).toEqual([['ld-api-version', 'beta']]);
    expect(Object.entries(merged).find(([k]) => k.toLowerCase() === 'accept')?.[1]).toBe('application/json');
  });

  test('mergeHeaders collapses duplicates already present in the base and skips nullish values', () => {
    const base = {
      'X-A': '1',
      'x-a': '2',
      'X-B': undefined as unknown as string,
    };
    expect(mergeHeaders(base, {})).toEqual({ 'x-a': '2' });
    expect(mergeHeaders(undefined, { K: 'v' })).toEqual({ K: 'v' });
  });
});
