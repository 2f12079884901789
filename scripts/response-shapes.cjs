'use strict';
// Writes the compact 2xx response shapes the clients check bodies against (for one warning per deviating
// response; bodies are never rejected): src/launchdarkly/response-shapes.ts and src/posthog/response-shapes.ts,
// from openapi.yaml. Format: src/core/response-shape.ts. Only what the check reads is kept (types, required,
// nullable, enums, items, properties, map values), so the tables are a few kB instead of the 400 kB spec.
//
//   node scripts/response-shapes.cjs          write both files (npm run generate:shapes)
//   node scripts/response-shapes.cjs --check  exit 1 if a committed file differs (test/spec/response-shapes.test.ts)
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const YAML = require('yaml');

const ROOT = join(__dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const VENDORS = {
  launchdarkly: {
    file: 'src/launchdarkly/response-shapes.ts',
    name: 'LAUNCHDARKLY_RESPONSE_SHAPES',
    label: 'LaunchDarkly',
  },
  posthog: { file: 'src/posthog/response-shapes.ts', name: 'POSTHOG_RESPONSE_SHAPES', label: 'PostHog' },
};

/** The generated client's method name for an operation id (`experiments_ship_variant` → `experimentsShipVariant`). */
function methodName(operationId) {
  return operationId
    .replace(/[_-]+([a-zA-Z0-9])/g, (_m, c) => c.toUpperCase())
    .replace(/^[A-Z]/, (c) => c.toLowerCase());
}

function refName(ref) {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  return match[1];
}

/** Builds compact shapes, collecting the named schemas they reach. */
function shaper(schemas) {
  const reached = new Set();
  const resolve = (schema) => (schema && schema.$ref ? schemas[refName(schema.$ref)] : schema);

  const shape = (schema, nullableOuter = false) => {
    if (!schema || typeof schema !== 'object') return '*';
    const nullable = nullableOuter || schema.nullable === true;
    const n = nullable ? 1 : 0;
    if (schema.$ref) {
      const name = refName(schema.$ref);
      reached.add(name);
      return `#${name}${nullable ? '?' : ''}`;
    }
    if (Array.isArray(schema.allOf)) {
      const parts = schema.allOf;
      if (parts.length === 1 && !schema.properties) return shape(parts[0], nullable);
      // Several parts: one object with every part's properties and required fields.
      const merged = { type: 'object', properties: {}, required: [], nullable };
      for (const part of [...parts, schema]) {
        const resolved = resolve(part);
        Object.assign(merged.properties, resolved.properties ?? {});
        merged.required.push(...(resolved.required ?? []));
      }
      return shape(merged, nullable);
    }
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (Array.isArray(alternatives)) {
      const shapes = alternatives.map((alternative) => shape(alternative));
      // reviveDates does not enter unions (it would have to pick an alternative first).
      if (shapes.length > 1 && shapes.some((alternative) => datedShape(alternative))) {
        throw new Error(
          `a date-time inside a oneOf/anyOf is not supported (src/core/response-shape.ts reviveDates): ${JSON.stringify(shapes)}`,
        );
      }
      return shapes.length === 1 ? withNull(shapes[0], nullable) : ['u', n, ...shapes];
    }
    if (Array.isArray(schema.enum)) return ['e', n, ...schema.enum];
    const type = schema.type ?? (schema.properties || schema.additionalProperties ? 'object' : undefined);
    switch (type) {
      case 'string':
        // The generated models read date-times as Dates; the client does the same from this table.
        if (schema.format === 'date') throw new Error('format: date is not supported (src/core/response-shape.ts)');
        if (schema.format === 'date-time') return nullable ? 'd?' : 'd';
        return nullable ? 's?' : 's';
      case 'number':
        return nullable ? 'n?' : 'n';
      case 'integer':
        return nullable ? 'i?' : 'i';
      case 'boolean':
        return nullable ? 'b?' : 'b';
      case 'array':
        return ['a', n, shape(schema.items)];
      case 'object': {
        const properties = {};
        const writeOnly = new Set();
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          // Request-only fields never appear in responses.
          if (property && property.writeOnly) writeOnly.add(name);
          else properties[name] = shape(property);
        }
        const required = (schema.required ?? []).filter((name) => !writeOnly.has(name));
        // Required fields are a bit mask over the properties in order (bit i: the i-th one), about 0.4 kB less in
        // a LaunchDarkly app than their names repeated; a required field the schema does not describe is `'*'`.
        for (const name of required) properties[name] ??= '*';
        const names = Object.keys(properties);
        if (names.length > 52 || names.some((name) => /^\d+$/.test(name)))
          throw new Error(`response-shapes: ${names.join(', ')}: over 52 fields or a numeric name (their order moves)`);
        const node = [
          'o',
          n,
          properties,
          names.reduce((mask, name, i) => (required.includes(name) ? mask + 2 ** i : mask), 0),
        ];
        const extra = schema.additionalProperties;
        if (extra && typeof extra === 'object') node.push(shape(extra));
        return node;
      }
      default:
        return '*';
    }
  };

  // Whether a compact shape holds a date-time, following named shapes (each once).
  const datedShape = (compact, seen = new Set()) => {
    if (typeof compact === 'string') {
      if (compact[0] === 'd') return true;
      if (compact[0] !== '#') return false;
      const name = referenced(compact);
      if (seen.has(name)) return false;
      seen.add(name);
      return datedShape(shape(schemas[name]), seen);
    }
    return childShapes(compact).some((item) => datedShape(item, seen));
  };

  const withNull = (compact, nullable) => {
    if (!nullable) return compact;
    if (typeof compact === 'string') return compact === '*' || compact.endsWith('?') ? compact : `${compact}?`;
    return [compact[0], 1, ...compact.slice(2)];
  };

  return { shape, reached, datedShape, withNull };
}

/**
 * Writes each named shape that is referenced once in place of its reference (a name costs its length twice in
 * the table that every app bundles: about 1 kB of a LaunchDarkly app). A shape inside its own expansion stays
 * a reference, so recursive shapes keep their names.
 */
function inlineSingleUse(named, operations, withNull) {
  const uses = {};
  const count = (compact) => {
    if (typeof compact === 'string' && compact[0] === '#')
      uses[referenced(compact)] = (uses[referenced(compact)] ?? 0) + 1;
    childShapes(compact).forEach(count);
  };
  Object.values(named).forEach(count);
  Object.values(operations).forEach(count);
  const kept = new Set(Object.keys(named).filter((name) => uses[name] !== 1));
  const expand = (compact, expanding) => {
    if (typeof compact === 'string') {
      if (compact[0] !== '#') return compact;
      const name = referenced(compact);
      if (kept.has(name) || expanding.has(name)) {
        kept.add(name);
        return compact;
      }
      return withNull(expand(named[name], new Set([...expanding, name])), compact.endsWith('?'));
    }
    switch (compact[0]) {
      case 'a':
        return ['a', compact[1], expand(compact[2], expanding)];
      case 'o': {
        const properties = Object.fromEntries(
          Object.entries(compact[2]).map(([key, item]) => [key, expand(item, expanding)]),
        );
        return ['o', compact[1], properties, compact[3], ...compact.slice(4).map((item) => expand(item, expanding))];
      }
      case 'u':
        return ['u', compact[1], ...compact.slice(2).map((item) => expand(item, expanding))];
      default:
        return compact;
    }
  };
  const outOperations = Object.fromEntries(
    Object.entries(operations).map(([id, compact]) => [id, expand(compact, new Set())]),
  );
  const outNamed = {};
  for (let pending = [...kept]; pending.length > 0; pending = [...kept].filter((name) => !(name in outNamed))) {
    for (const name of pending) outNamed[name] = expand(named[name], new Set([name]));
  }
  return { named: outNamed, operations: outOperations };
}

/** The shapes directly inside an array, object (properties and map values) or union shape; none for the rest. */
function childShapes(compact) {
  if (typeof compact === 'string') return [];
  switch (compact[0]) {
    case 'a':
      return [compact[2]];
    case 'o':
      return [...Object.values(compact[2]), ...compact.slice(4)];
    case 'u':
      return compact.slice(2);
    default:
      return [];
  }
}

/** The name a `'#Name'` / `'#Name?'` shape refers to. */
function referenced(compact) {
  return compact.replace(/^#|\?$/g, '');
}

/** `{ launchdarkly: { named, operations }, posthog: {...} }` for `document`. */
function buildShapes(document) {
  const schemas = document.components?.schemas ?? {};
  const out = {};
  for (const vendor of Object.keys(VENDORS)) {
    const { shape, reached, datedShape, withNull } = shaper(schemas);
    const operations = {};
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const isLd = path.startsWith('/api/v2/');
      if ((vendor === 'launchdarkly') !== isLd) continue;
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation?.operationId) continue;
        const code = Object.keys(operation.responses ?? {})
          .sort()
          .find((c) => /^2/.test(c) && operation.responses[c]?.content?.['application/json']?.schema);
        if (!code) continue;
        operations[methodName(operation.operationId)] = shape(
          operation.responses[code].content['application/json'].schema,
        );
      }
    }
    const named = {};
    const done = new Set();
    for (let pending = [...reached]; pending.length > 0; pending = [...reached].filter((name) => !done.has(name))) {
      for (const name of pending) {
        done.add(name);
        if (!schemas[name]) throw new Error(`unknown schema ${name}`);
        named[name] = shape(schemas[name]);
      }
    }
    const inlined = inlineSingleUse(named, operations, withNull);
    // Named shapes holding a date-time somewhere: the only ones reviveDates enters.
    const dated = Object.keys(inlined.named)
      .filter((name) => datedShape(`#${name}`))
      .sort();
    const datedOperations = Object.keys(inlined.operations)
      .filter((id) => datedShape(inlined.operations[id]))
      .sort();
    out[vendor] = {
      named: sortKeys(inlined.named),
      operations: sortKeys(inlined.operations),
      dated,
      datedOperations,
    };
  }
  return out;
}

function sortKeys(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The TypeScript source of one vendor's table. */
function source(vendor, { datedOperations, ...shapes }) {
  const { name, label } = VENDORS[vendor];
  const fn = camel(name);
  // An object literal, not a JSON string: a minifier drops the quotes of its keys (0.5 kB in a LaunchDarkly
  // app), and inside the arrow it is still only compiled on first use. In a literal a "__proto__" key would
  // set the prototype instead of making a property, so none may appear.
  const literal = JSON.stringify(shapes);
  if (literal.includes('"__proto__"')) throw new Error(`${vendor}: a "__proto__" key cannot be written as a literal`);
  return `// Generated by scripts/response-shapes.cjs from openapi.yaml (npm run generate:shapes); do not edit.
import type { ResponseShapes, ResponseShapesSource } from '../core/response-shape';

let shapes: ResponseShapes | undefined;

/** ${label}'s 2xx body shapes by operation, built on first use (format: src/core/response-shape.ts). */
export const ${fn}: ResponseShapesSource = Object.assign(
  // prettier-ignore
  (): ResponseShapes => (shapes ??= ${literal}),
  // Known without building the table, so a response without date-times never needs it.
  { datedOperations: new Set<string>(${JSON.stringify(datedOperations)}) },
);
`;
}

function camel(constant) {
  return constant.toLowerCase().replace(/_([a-z])/g, (_m, c) => c.toUpperCase());
}

async function main() {
  const check = process.argv.includes('--check');
  const prettier = require('prettier');
  const document = YAML.parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8'));
  const shapes = buildShapes(document);
  let stale = 0;
  for (const [vendor, { file }] of Object.entries(VENDORS)) {
    const target = join(ROOT, file);
    const options = { ...(await prettier.resolveConfig(target)), filepath: target };
    const text = await prettier.format(source(vendor, shapes[vendor]), options);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== text) {
        stale += 1;
        console.error(`${file} is out of date: run npm run generate:shapes`);
      }
    } else {
      writeFileSync(target, text);
      console.log(
        `${file}: ${Object.keys(shapes[vendor].operations).length} operations, ${Object.keys(shapes[vendor].named).length} named shapes, ${Buffer.byteLength(text)} bytes`,
      );
    }
  }
  if (stale) process.exit(1);
}

module.exports = { buildShapes, methodName, source };
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
