import { Throttle } from '../../src/core/throttle';

/**
 * A Throttle on a fake clock starting at `start` (epoch ms): its sleeps return at once, advance the clock and
 * are recorded in `sleeps`; no jitter.
 */
export function fakeThrottle(start: number): { throttle: Throttle; sleeps: number[]; now: () => number } {
  let clock = start;
  const sleeps: number[] = [];
  const throttle = new Throttle({
    now: () => clock,
    random: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  });
  return { throttle, sleeps, now: () => clock };
}
