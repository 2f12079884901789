import { createRedactor, isSensitiveHeader, REDACTED } from '../../src/core/redact';

const SECRET = 'api-SECRET-123456';

describe('createRedactor', () => {
  const r = createRedactor([SECRET, 'p@ss/word!']);

  test('replaces every raw and URL-encoded occurrence', () => {
    expect(r.string(`key=${SECRET}&again=${SECRET}`)).toBe(`key=${REDACTED}&again=${REDACTED}`);
    expect(r.string(`q=${encodeURIComponent('p@ss/word!')}`)).toBe(`q=${REDACTED}`);
    expect(r.string('nothing here')).toBe('nothing here');
  });

  test("replaces the form-encoded (URLSearchParams) form and lower-case escapes: ~'()! and spaces", () => {
    const key = "api-ab~cd'ef(1)! x";
    const rx = createRedactor([key]);
    const form = new URLSearchParams({ token: key }).toString();
    expect(rx.string(`/echo?${form}`)).toBe(`/echo?token=${REDACTED}`);
    expect(rx.string(`q=${encodeURIComponent(key).toLowerCase()}`)).not.toContain('api-');
  });

  test('treats secrets literally, not as regular expressions', () => {
    const rx = createRedactor(['a.b*c+d']);
    expect(rx.string('a.b*c+d and aXbbbcd')).toBe(`${REDACTED} and aXbbbcd`);
  });

  test('removes a longer secret whole when it contains a shorter one', () => {
    const rx = createRedactor(['abcd', 'abcdefgh']);
    expect(rx.string('xx abcdefgh yy')).toBe(`xx ${REDACTED} yy`);
  });

  test('ignores secrets shorter than 4 characters and empty values', () => {
    const rx = createRedactor(['ab', '', 'abc']);
    expect(rx.string('abc abacus')).toBe('abc abacus');
  });

  test('redacts sensitive header values inside free text', () => {
    expect(r.string('Authorization: Bearer tok-123\nnext line')).toBe(`Authorization: ${REDACTED}\nnext line`);
    expect(r.string(`{"cookie":"a=1; b=2","x":1}`)).toBe(`{"cookie":"${REDACTED}","x":1}`);
    expect(r.string(`{ authorization: 'tok' }`)).toBe(`{ authorization: '${REDACTED}' }`);
    expect(r.string('X-API-KEY=abc')).toBe(`X-API-KEY=${REDACTED}`);
    expect(r.string('Authorization failed: bad token')).toBe('Authorization failed: bad token');
  });

  test('headers(): lower-cases names and redacts sensitive ones and secrets', () => {
    expect(
      r.headers({
        Authorization: 'x',
        'Set-Cookie': 'sid=1',
        'X-Api-Key': 'k',
        'X-Echo': `v ${SECRET}`,
        Accept: 'json',
      }),
    ).toEqual({
      authorization: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-echo': `v ${REDACTED}`,
      accept: 'json',
    });
  });

  test('value(): deep copy with redacted strings, keys and sensitive fields; cycles and depth handled', () => {
    const input: Record<string, unknown> = {
      message: `bad key ${SECRET}`,
      nested: {
        list: [SECRET, 1, true, null],
        Authorization: 'Bearer zzz',
        when: new Date(0),
      },
      [SECRET]: 'as key',
    };
    input.self = input;
    const out = r.value(input) as Record<string, unknown>;
    expect(out).toEqual({
      message: `bad key ${REDACTED}`,
      nested: {
        list: [REDACTED, 1, true, null],
        Authorization: REDACTED,
        when: new Date(0),
      },
      [REDACTED]: 'as key',
      self: '[Circular]',
    });
    expect(input.message).toBe(`bad key ${SECRET}`); // input untouched
    let deep: Record<string, unknown> = { leaf: SECRET };
    for (let i = 0; i < 30; i++) deep = { d: deep };
    expect(JSON.stringify(r.value(deep))).not.toContain(SECRET);
    expect(JSON.stringify(r.value(deep))).toContain('[Truncated]');
  });

  test('value(): an object seen twice (not a cycle) is copied twice', () => {
    const shared = { k: 1 };
    expect(r.value({ a: shared, b: shared })).toEqual({
      a: { k: 1 },
      b: { k: 1 },
    });
  });

  test('error(): copies name, message, stack, code and the cause chain, redacted', () => {
    const inner = Object.assign(new Error(`connect to ?key=${SECRET}`), {
      code: 'ECONNRESET',
    });
    const outer = new TypeError('fetch failed', { cause: inner });
    const copy = r.error(outer);
    expect(copy).not.toBe(outer);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('fetch failed');
    const cause = copy.cause as Error & { code?: string };
    expect(cause.message).toBe(`connect to ?key=${REDACTED}`);
    expect(cause.code).toBe('ECONNRESET');
    expect(cause.stack).not.toContain(SECRET);
    expect(Object.keys(copy)).not.toContain('cause');
  });

  test('error(): wraps non-Error values', () => {
    expect(r.error({ code: 'ECONNRESET', message: `x ${SECRET}` }).message).toBe(`x ${REDACTED}`);
    expect((r.error({ code: 42 }) as Error & { code?: unknown }).code).toBe(42);
    expect(r.error({ code: 'E' }).message).toBe('{"code":"E"}');
    expect(r.error(`plain ${SECRET}`).message).toBe(`plain ${REDACTED}`);
    expect(r.error(undefined).message).toBe('Unknown error');
    expect(r.error(7).message).toBe('7');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(r.error(cyclic).message).toBe('[object Object]');
    const noStack = new Error('m');
    noStack.stack = undefined;
    expect(r.error(noStack).stack).toBe('Error: m');
  });

  test('error(): stops after 5 nested causes', () => {
    let e: Error = new Error('root');
    for (let i = 0; i < 10; i++) e = new Error(`level ${i}`, { cause: e });
    let depth = 0;
    for (let c: unknown = r.error(e); c; c = (c as Error).cause) depth++;
    expect(depth).toBe(6);
  });

  test('value(): errors inside values become redacted copies', () => {
    const out = r.value({ err: new Error(SECRET) }) as { err: Error };
    expect(out.err.message).toBe(REDACTED);
  });

  test('default has no secrets', () => {
    expect(createRedactor().string(SECRET)).toBe(SECRET);
  });
});

test('isSensitiveHeader is case-insensitive', () => {
  expect(isSensitiveHeader('AUTHORIZATION')).toBe(true);
  expect(isSensitiveHeader('Proxy-Authorization')).toBe(true);
  expect(isSensitiveHeader('content-type')).toBe(false);
});
