import { Throttle } from '../../src/core/throttle';

/**
 * A Throttle on a fake clock starting at `start` (epoch ms): its sleeps (also given as `sleep`, for a transport
 * to share) return at once, advance the clock and are recorded in `sleeps`; no jitter.
 */
export function fakeThrottle(start: number): {
  throttle: Throttle;
  sleeps: number[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
} {
  let clock = start;
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock += ms;
    return Promise.resolve();
  };
  const throttle = new Throttle({ now: () => clock, random: () => 0, sleep });
  return { throttle, sleeps, now: () => clock, sleep };
}
