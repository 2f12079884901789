/**
 * OpenAPI 3.0.3: `nullable: true` does not add `null` to an `enum`; a validator (ajv, Prism, pydantic) accepts
 * `null` there only when the enum lists it. PostHog sends and accepts `null` for these fields (e.g. `conclusion`),
 * so every nullable enum in openapi.yaml must list it.
 */
import { spec } from '../helpers/spec';

/** JSON pointers of every schema with `nullable: true` and an `enum`, with that enum. */
function nullableEnums(): Array<{ pointer: string; values: unknown[] }> {
  const found: Array<{ pointer: string; values: unknown[] }> = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.nullable === true && Array.isArray(n.enum)) found.push({ pointer, values: n.enum });
      for (const [key, value] of Object.entries(n)) walk(value, `${pointer}/${key}`);
    }
  };
  walk(spec, '#');
  return found;
}

test('every nullable enum lists null', () => {
  const enums = nullableEnums();
  // The PostHog ones known when this test was written (goal, conclusion, window units, ...).
  expect(enums.length).toBeGreaterThanOrEqual(19);
  expect(enums.filter(({ values }) => !values.includes(null)).map(({ pointer }) => pointer)).toEqual([]);
});

test('a non-nullable enum does not list null', () => {
  const offenders: string[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`));
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.nullable !== true && Array.isArray(n.enum) && n.enum.includes(null)) offenders.push(pointer);
      for (const [key, value] of Object.entries(n)) walk(value, `${pointer}/${key}`);
    }
  };
  walk(spec, '#');
  expect(offenders).toEqual([]);
});
