import { serverStatedWait } from '../../src/core/rate-limit';
import { LAUNCHDARKLY_RATE_LIMIT_POLICY } from '../../src/launchdarkly/options';
import { fakeThrottle } from '../helpers/fake-throttle';

const NOW = 1_736_942_400_000;
// The route family is exhausted and resets in 2 s; the token family has 50 left and resets in 9 s.
const routeOut = {
  'X-Ratelimit-Route-Remaining': '0',
  'X-Ratelimit-Reset': String(NOW + 2000),
  'X-Ratelimit-Auth-Token-Remaining': '50',
  'X-Ratelimit-Auth-Token-Reset': String(NOW + 9000),
};

describe('LAUNCHDARKLY_RATE_LIMIT_POLICY: each limit family with its own reset header', () => {
  test("an exhausted route family closes the gate until its own reset, not the token family's later one", async () => {
    const { throttle, sleeps } = fakeThrottle(NOW);
    void throttle.observe(new Headers(routeOut), LAUNCHDARKLY_RATE_LIMIT_POLICY);
    expect(throttle.delayMs()).toBe(2000);
    await throttle.wait({ maxWaitMs: 5000, method: 'GET', path: '/x' });
    expect(sleeps).toEqual([2000]);
  });

  test('a 429 with those headers waits for the route reset', () => {
    expect(serverStatedWait(new Headers(routeOut), undefined, LAUNCHDARKLY_RATE_LIMIT_POLICY, NOW)).toEqual({
      waitMs: 2000,
      source: 'reset',
    });
  });
});
