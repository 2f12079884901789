import { checkIteration } from '../../src/launchdarkly/iteration-input';
import { ValidationError } from '../../src/core/errors';

const valid = {
  hypothesis: 'h',
  metrics: [{ key: 'm' }],
  primaryFunnelKey: 'funnel',
  treatments: [
    { name: 'Control', baseline: true, allocationPercent: '33.5', parameters: [] },
    { name: 'B', baseline: false, allocationPercent: '66.5', parameters: [] },
  ],
  flags: { f: { ruleId: 'fallthrough', flagConfigVersion: 1 } },
};

describe('checkIteration', () => {
  it('accepts a funnel primary and decimal allocations summing to 100', () => {
    expect(() => checkIteration(valid, 'iteration')).not.toThrow();
  });

  it('accepts treatments whose parameters name a flag variation', () => {
    const parameters = [{ flagKey: 'f', variationId: 'v1' }];
    const treatments = valid.treatments.map((t) => ({ ...t, parameters }));
    expect(() => checkIteration({ ...valid, treatments }, 'iteration')).not.toThrow();
  });

  it.each([
    ['missing', undefined, 'iteration'],
    ['blank hypothesis', { ...valid, hypothesis: ' ' }, 'iteration.hypothesis'],
    ['no metrics', { ...valid, metrics: [] }, 'iteration.metrics'],
    ['no primary', { ...valid, primaryFunnelKey: undefined }, 'iteration.primarySingleMetricKey'],
    ['no treatments', { ...valid, treatments: [] }, 'iteration.treatments'],
    [
      'blank treatment name',
      { ...valid, treatments: [{ ...valid.treatments[0], name: '' }] },
      'iteration.treatments[0].name',
    ],
    [
      'percent sign',
      { ...valid, treatments: [{ ...valid.treatments[0], allocationPercent: '50%' }] },
      'iteration.treatments[0].allocationPercent',
    ],
    [
      'treatment without parameters',
      { ...valid, treatments: [{ ...valid.treatments[0], parameters: undefined }] },
      'iteration.treatments[0].parameters',
    ],
    [
      'parameters not a list',
      { ...valid, treatments: [valid.treatments[0], { ...valid.treatments[1], parameters: { flagKey: 'f' } }] },
      'iteration.treatments[1].parameters',
    ],
    [
      'no baseline',
      { ...valid, treatments: valid.treatments.map((t) => ({ ...t, baseline: false })) },
      'iteration.treatments',
    ],
    [
      'over 100',
      { ...valid, treatments: valid.treatments.map((t) => ({ ...t, allocationPercent: '51' })) },
      'iteration.treatments',
    ],
    ['flags missing', { ...valid, flags: undefined }, 'iteration.flags'],
  ])('refuses %s', (_name, iteration, field) => {
    let error: unknown;
    try {
      checkIteration(iteration as any, 'iteration');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});
