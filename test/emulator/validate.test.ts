/** The emulator's spec validator (src/emulator/validate.ts) on its own. */
import { loadSpec } from '../../src/emulator/spec';
import { SpecValidator, withNullInNullableEnums } from '../../src/emulator/validate';

describe('nullable enums', () => {
  // openapi.yaml marks these `nullable: true` without `null` in the enum (the pinned generator cannot render a
  // null enum value); the emulator must still accept the `null` the vendors accept.
  const validator = () => new SpecValidator(loadSpec());

  test('null is accepted where the schema is nullable, other values outside the enum are not', () => {
    const validate = validator().validatorAt('#/components/schemas/PostHogEndExperimentRequest');
    expect(validate({ conclusion: null })).toBe(true);
    expect(validate({ conclusion: 'won' })).toBe(true);
    expect(validate({ conclusion: 'bogus' })).toBe(false);
  });

  test('every nullable enum of the spec gets null, the spec document itself is not changed', () => {
    const spec = loadSpec();
    const before = JSON.stringify(spec.document);
    const copy = withNullInNullableEnums(spec.document);
    expect(JSON.stringify(spec.document)).toBe(before);
    const enums: unknown[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const n = node as Record<string, unknown>;
        if (n.nullable === true && Array.isArray(n.enum)) enums.push(n.enum);
        Object.values(n).forEach(walk);
      }
    };
    walk(copy);
    expect(enums.length).toBeGreaterThanOrEqual(19);
    for (const values of enums) expect(values).toContain(null);
  });
});
