import { APIPromise, apiPromise, type WithResponse } from '../../src/core/api-promise';

const response = Object.freeze({ status: 200, headers: Object.freeze({ 'x-request-id': 'r1' }), url: 'https://x/y' });
const ok = <T>(data: T): WithResponse<T> => ({ data, response, requestId: 'r1' });

describe('APIPromise', () => {
  test('await gives the data; withResponse gives data, response and request id from the same call', async () => {
    let calls = 0;
    const p = apiPromise(() => (calls++, Promise.resolve(ok({ a: 1 }))));
    expect(p).toBeInstanceOf(Promise);
    expect(p).toBeInstanceOf(APIPromise);
    expect(await p).toEqual({ a: 1 });
    const full = await p.withResponse();
    expect(full).toEqual({ data: { a: 1 }, response, requestId: 'r1' });
    expect(full.data).toBe(await p);
    expect(calls).toBe(1);
  });

  test('then/catch/finally behave as on a Promise of the data', async () => {
    expect(await apiPromise(() => Promise.resolve(ok(2))).then((n) => n * 3)).toBe(6);
    const failing = () => apiPromise<number>(() => Promise.reject(new Error('boom')));
    expect(await failing().catch((e: Error) => e.message)).toBe('boom');
    await expect(failing()).rejects.toThrow('boom');
    await expect(failing().withResponse()).rejects.toThrow('boom');
    let ran = false;
    await expect(failing().finally(() => (ran = true))).rejects.toThrow('boom');
    expect(ran).toBe(true);
    expect(
      await Promise.all([apiPromise(() => Promise.resolve(ok('a'))), apiPromise(() => Promise.resolve(ok('b')))]),
    ).toEqual(['a', 'b']);
  });

  test('a synchronous throw in the call becomes a rejection, like an async function', async () => {
    const p = apiPromise<number>(() => {
      throw new TypeError('bad input');
    });
    await expect(p).rejects.toThrow(TypeError);
    await expect(p.withResponse()).rejects.toThrow('bad input');
  });

  test('promises derived by then are plain Promises', () => {
    const derived = apiPromise(() => Promise.resolve(ok(1))).then((n) => n);
    expect(derived).not.toBeInstanceOf(APIPromise);
    expect((derived as unknown as { withResponse?: unknown }).withResponse).toBeUndefined();
  });
});
