import { runAttempt } from '../../src/core/attempt';
import { AbortError } from '../../src/core/errors';
import type { FetchLike } from '../../src/core/fetch-types';

const ok = (status: number, body = '') => ({ status, headers: new Headers(), text: () => Promise.resolve(body) });

describe('runAttempt', () => {
  test('2xx: success with the whole body read inside the attempt', async () => {
    const text = jest.fn(() => Promise.resolve('{"ok":true}'));
    const fetch: FetchLike = () => Promise.resolve({ status: 200, headers: new Headers(), text });
    const result = await runAttempt({
      fetch,
      url: 'https://h.test',
      init: {},
      callSignal: new AbortController().signal,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ kind: 'success', bodyText: '{"ok":true}' });
    expect(text).toHaveBeenCalledTimes(1);
  });

  test('2xx whose body read fails: a network failure marked as accepted by the server', async () => {
    const response = {
      status: 200,
      headers: new Headers(),
      text: () => Promise.reject(new TypeError('terminated')),
    };
    const fetch: FetchLike = () => Promise.resolve(response);
    const result = await runAttempt({
      fetch,
      url: 'https://h.test',
      init: {},
      callSignal: new AbortController().signal,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ kind: 'failure', reason: 'network_error' });
    expect(result.kind === 'failure' && result.accepted).toBe(response);
  });

  test('non-2xx: http_error with the body text', async () => {
    const fetch: FetchLike = () => Promise.resolve(ok(418, 'teapot'));
    const result = await runAttempt({
      fetch,
      url: 'https://h.test',
      init: {},
      callSignal: new AbortController().signal,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ kind: 'http_error', bodyText: 'teapot' });
  });

  test('an abort-named failure while reading an error body (not ours) is a network failure', async () => {
    const fetch: FetchLike = () =>
      Promise.resolve({
        status: 500,
        headers: new Headers(),
        text: () => Promise.reject(Object.assign(new Error('stream aborted'), { name: 'AbortError' })),
      });
    const result = await runAttempt({
      fetch,
      url: 'https://h.test',
      init: {},
      callSignal: new AbortController().signal,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ kind: 'failure', reason: 'network_error' });
  });

  test('network failure is reported, not thrown', async () => {
    const boom = new Error('down');
    const fetch: FetchLike = () => Promise.reject(boom);
    const result = await runAttempt({
      fetch,
      url: 'https://h.test',
      init: {},
      callSignal: new AbortController().signal,
      timeoutMs: 1000,
    });
    expect(result).toEqual({ kind: 'failure', reason: 'network_error', error: boom });
  });

  test('an already-aborted caller signal throws AbortError and swallows the late fetch rejection', async () => {
    let rejectLate: (e: Error) => void = () => undefined;
    const fetch: FetchLike = () =>
      new Promise((_resolve, reject) => {
        rejectLate = reject;
      });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(
        runAttempt({ fetch, url: 'https://h.test', init: {}, callSignal: AbortSignal.abort(), timeoutMs: 1000 }),
      ).rejects.toBeInstanceOf(AbortError);
      rejectLate(new Error('late'));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  test('the fetch receives a signal that aborts on timeout, and the timer is cleared afterwards', async () => {
    jest.useFakeTimers();
    try {
      let seen: AbortSignal | undefined;
      const fetch: FetchLike = (_url, init) => {
        seen = init.signal;
        return new Promise(() => undefined);
      };
      const pending = runAttempt({
        fetch,
        url: 'https://h.test',
        init: {},
        callSignal: new AbortController().signal,
        timeoutMs: 100,
      });
      await jest.advanceTimersByTimeAsync(100);
      await expect(pending).resolves.toMatchObject({ kind: 'failure', reason: 'timeout' });
      expect(seen?.aborted).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
