/**
 * Honest errors: an attempt's exception is an AbortError only when the caller aborted; otherwise its cause
 * reaches the caller in a ConnectionError, and errors of the environment or of code are not retried.
 */
import { AbortError, ConnectionError } from '../../src/core/errors';
import type { FetchLike } from '../../src/core/fetch-types';
import { createTransport, type TransportOptions } from '../../src/core/transport';

const URL_ = 'https://api.example.test/api/v2/things';

function setup(fetch: FetchLike, overrides: Partial<TransportOptions> = {}) {
  const calls: string[] = [];
  const counted: FetchLike = (url, init) => {
    calls.push(String(init?.method));
    return fetch(url, init);
  };
  const transport = createTransport({
    fetch: counted,
    secrets: ['api-SECRET-123456'],
    rateLimitPolicy: { resetHeaders: ['x-ratelimit-reset'], remainingHeaders: [] },
    sleep: () => Promise.resolve(),
    maxRetries: 2,
    ...overrides,
  });
  return { transport, calls };
}

const failure = async (promise: Promise<unknown>): Promise<Error> => {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a rejection');
  return outcome;
};

describe('an attempt that throws', () => {
  test('a ReferenceError (a missing global) is not retried and reaches the caller as the cause', async () => {
    const cause = new ReferenceError('process is not defined');
    const { transport, calls } = setup(() => Promise.reject(cause));
    const error = await failure(transport(URL_, { method: 'GET' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(AbortError);
    // The cause is the redacted copy of the thrown error (secrets removed), keeping its name and message.
    expect(error.cause).toMatchObject({ name: 'ReferenceError', message: 'process is not defined' });
    expect(error.message).toBe(
      'Request failed before a response (not retried) on GET /api/v2/things: ReferenceError: process is not defined',
    );
    expect(calls).toEqual(['GET']);
  });

  test('a fetch that throws synchronously is a failed attempt, not an abort', async () => {
    const { transport, calls } = setup(() => {
      throw new TypeError("Failed to execute 'fetch' on 'WorkerGlobalScope': Illegal invocation");
    });
    const error = await failure(transport(URL_, { method: 'GET' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toMatchObject({ name: 'TypeError' });
    expect(calls).toEqual(['GET']);
  });

  test('a TypeError of code (not a network failure) is not retried', async () => {
    const { transport, calls } = setup(() =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'socket')")),
    );
    const error = await failure(transport(URL_, { method: 'GET' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('TypeError: Cannot read properties of undefined');
    expect(calls).toEqual(['GET']);
  });

  test("fetch's network TypeError is a connection error, retried for GET, with the code in the message", async () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const { transport, calls } = setup(() => Promise.reject(new TypeError('fetch failed', { cause })));
    const error = await failure(transport(URL_, { method: 'GET' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe('Connection error on GET /api/v2/things: fetch failed: read ECONNRESET');
    expect((error.cause as Error).message).toBe('fetch failed');
    expect(calls).toEqual(['GET', 'GET', 'GET']);
  });

  test('a POST whose connection failed is a ConnectionError with its cause (not an AbortError), sent once', async () => {
    const { transport, calls } = setup(() => Promise.reject(new TypeError('fetch failed')));
    const error = await failure(transport(URL_, { method: 'POST', body: '{}' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(AbortError);
    expect((error.cause as Error).message).toBe('fetch failed');
    expect(calls).toEqual(['POST']);
  });

  test('an AbortError only when the caller aborted, even if the fetch rejects with something else', async () => {
    const controller = new AbortController();
    const { transport, calls } = setup(() => {
      controller.abort();
      return Promise.reject(new TypeError('fetch failed'));
    });
    const error = await failure(transport(URL_, { method: 'GET', signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(calls).toEqual(['GET']);
  });

  test('an AbortError-named rejection without a caller abort is not reported as the caller aborting', async () => {
    const named = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    const { transport, calls } = setup(() => Promise.reject(named), { maxRetries: 0 });
    const error = await failure(transport(URL_, { method: 'POST', body: '{}' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toMatchObject({ message: 'The operation was aborted' });
    expect(calls).toEqual(['POST']);
  });
});
