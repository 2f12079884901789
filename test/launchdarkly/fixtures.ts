import type { IterationInput } from '../../src';

/**
 * A minimal iteration the client accepts (two treatments of flag `f`, one metric `m`), for tests about other things.
 * `satisfies`, not a type annotation: its own literal type also serves as a nock body matcher, which an interface
 * (no index signature) does not.
 */
export const ITERATION = {
  hypothesis: 'h',
  metrics: [{ key: 'm' }],
  primarySingleMetricKey: 'm',
  treatments: [
    { name: 'A', baseline: true, allocationPercent: '50', parameters: [{ flagKey: 'f', variationId: 'a' }] },
    { name: 'B', baseline: false, allocationPercent: '50', parameters: [{ flagKey: 'f', variationId: 'b' }] },
  ],
  flags: { f: { ruleId: 'fallthrough', flagConfigVersion: 1 } },
} satisfies IterationInput;
