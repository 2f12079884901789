/** The emulator's spec validator (src/emulator/validate.ts) on its own. */
import { loadSpec } from '../../src/emulator/spec';
import { SpecValidator } from '../../src/emulator/validate';

describe('nullable enums', () => {
  // The validator reads openapi.yaml as written; the spec itself lists `null` in every nullable enum.
  const validator = () => new SpecValidator(loadSpec());

  test('null is accepted where the schema is nullable, other values outside the enum are not', () => {
    const v = validator();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['#/components/schemas/PostHogEndExperimentRequest', {}],
      ['#/components/schemas/PostHogShipVariantRequest', { variant_key: 'test' }],
      ['#/components/schemas/PostHogPatchedExperimentWrite', {}],
    ];
    for (const [pointer, rest] of cases) {
      const validate = v.validatorAt(pointer);
      expect(validate({ ...rest, conclusion: null })).toBe(true);
      expect(validate({ ...rest, conclusion: 'won' })).toBe(true);
      expect(validate({ ...rest, conclusion: 'bogus' })).toBe(false);
      expect(validate({ ...rest, conclusion: 'null' })).toBe(false);
    }
    // Other nullable enums of the spec: a metric's `goal`.
    const metric = v.validatorAt('#/components/schemas/PostHogExperimentMeanMetric/properties/goal');
    expect(metric(null)).toBe(true);
    expect(metric('increase')).toBe(true);
    expect(metric('sideways')).toBe(false);
  });

  test('the spec document is validated as loaded: no copy with patched enums', () => {
    const spec = loadSpec();
    const before = JSON.stringify(spec.document);
    new SpecValidator(spec).validatorAt('#/components/schemas/PostHogEndExperimentRequest');
    expect(JSON.stringify(spec.document)).toBe(before);
  });
});
