import { ValidationError } from '../../src';
import { rawUrl } from '../../src/core/raw-request';

const BASE = 'https://app.launchdarkly.com';
const refused = (request: Parameters<typeof rawUrl>[1], base = BASE) => {
  try {
    rawUrl(base, request);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  throw new Error(`accepted ${JSON.stringify(request)}`);
};

describe('rawUrl', () => {
  test('fills placeholders, percent-encoding each value like every path parameter', () => {
    expect(
      rawUrl(BASE, { path: '/api/v2/flags/{projectKey}/{flagKey}', params: { projectKey: 'p', flagKey: 'a/b c' } }),
    ).toBe(`${BASE}/api/v2/flags/p/a%2Fb%20c`);
    expect(rawUrl(BASE, { path: '/x/{id}', params: { id: 42 } })).toBe(`${BASE}/x/42`);
    expect(rawUrl(BASE, { path: '/x/{id}', params: { id: '?#%' } })).toBe(`${BASE}/x/%3F%23%25`);
    expect(rawUrl(BASE, { path: '/x/{id}', params: { id: 'ü' } })).toBe(`${BASE}/x/%C3%BC`);
  });

  test('uses the defaults for placeholders the params leave out; params win', () => {
    expect(rawUrl(BASE, { path: '/p/{projectKey}' }, { projectKey: 'dflt' })).toBe(`${BASE}/p/dflt`);
    expect(rawUrl(BASE, { path: '/p/{projectKey}', params: { projectKey: 'mine' } }, { projectKey: 'dflt' })).toBe(
      `${BASE}/p/mine`,
    );
  });

  test('keeps a base path and appends the query (arrays repeat, null/undefined left out)', () => {
    expect(
      rawUrl('http://127.0.0.1:8080/proxy', {
        path: '/api/v2/flags/p',
        query: { env: ['a', 'b'], summary: true, limit: 5, skip: undefined, none: null },
      }),
    ).toBe('http://127.0.0.1:8080/proxy/api/v2/flags/p?env=a&env=b&summary=true&limit=5');
  });

  test.each([
    ['an absolute URL', 'https://evil.example/api'],
    ['a protocol-relative URL', '//evil.example/api'],
    ['no leading slash', 'api/v2/flags'],
    ['a backslash (read as / by URL parsers)', '/\\evil.example/api'],
    ['a .. segment', '/api/../../admin'],
    ['a . segment', '/api/./x'],
    ['an encoded .. segment', '/api/%2e%2E/admin'],
    ['a query', '/api/v2/flags?x=1'],
    ['a fragment', '/api/v2/flags#x'],
    ['whitespace', '/api/v2/fl ags'],
    ['a control character', '/api/v2/\nflags'],
    ['an unbalanced brace', '/api/{x'],
  ])('refuses %s', (_name, path) => {
    expect(refused({ path })).toBe('path');
  });

  test('refuses a non-string path, missing, unused and unsafe params', () => {
    expect(refused({ path: 42 as unknown as string })).toBe('path');
    expect(refused({ path: '/flags/{flagKey}' })).toBe('params.flagKey');
    expect(refused({ path: '/flags/{flagKey}', params: { flagKey: 'f', extra: 'x' } })).toBe('params.extra');
    expect(refused({ path: '/flags/{flagKey}', params: { flagKey: '..' } })).toBe('params.flagKey');
    expect(refused({ path: '/flags/{flagKey}', params: { flagKey: ' ' } })).toBe('params.flagKey');
    expect(refused({ path: '/flags/{flagKey}', params: { flagKey: NaN } })).toBe('params.flagKey');
    expect(refused({ path: '/flags/{flagKey}', params: { flagKey: '\uD800' } })).toBe('params.flagKey');
    expect(refused({ path: '/flags', query: { q: {} as unknown as string } })).toBe('query.q');
    expect(refused({ path: '/flags', query: { q: '\uDC00' } })).toBe('query.q');
  });
});
