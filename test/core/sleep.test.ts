import { AbortError } from '../../src/core/errors';
import { MAX_TIMER_MS } from '../../src/core/request-checks';
import { sleep } from '../../src/core/sleep';

describe('sleep', () => {
  afterEach(() => jest.useRealTimers());

  test('resolves after the given time and removes its listener', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const remove = jest.spyOn(controller.signal, 'removeEventListener');
    let done = false;
    const p = sleep(1000, controller.signal).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(jest.getTimerCount()).toBe(0);
  });

  test('rejects with AbortError at once when aborted, clearing the timer', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const p = sleep(60_000, controller.signal);
    expect(jest.getTimerCount()).toBe(1);
    controller.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('rejects immediately for an already-aborted signal without scheduling a timer', async () => {
    jest.useFakeTimers();
    await expect(sleep(10, AbortSignal.abort())).rejects.toThrow('Request was aborted');
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a wait beyond 2^31 − 1 ms is held at that (Node would fire the timer after 1 ms)', async () => {
    const timers = jest.spyOn(global, 'setTimeout');
    const controller = new AbortController();
    const p = sleep(2 ** 31 + 5_000, controller.signal);
    expect(timers.mock.calls[0][1]).toBe(MAX_TIMER_MS);
    controller.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    timers.mockRestore();
  });

  test('works without a signal and with negative times', async () => {
    await expect(sleep(-5)).resolves.toBeUndefined();
  });
});
