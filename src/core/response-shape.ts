/**
 * Compares a 2xx JSON body with the shape the API description gives it, to name the fields that differ in
 * one warning. It never rejects a body: callers always get what arrived.
 *
 * Shapes are compact data written by scripts/response-shapes.cjs from openapi.yaml (a few kB instead of the
 * 400 kB spec):
 * - `'s'` string, `'d'` date-time string (read as a `Date`), `'n'` number, `'i'` integer, `'b'` boolean, `'*'`
 *   anything; a trailing `?` also allows null
 * - `'#Name'` the named shape `Name` (`'#Name?'` also allows null)
 * - `['e', nullable, ...values]` one of the values
 * - `['a', nullable, item]` an array of `item`
 * - `['o', nullable, properties, required, values?]` an object; `required` is a bit mask over the properties in
 *   their order (bit i set: the i-th property is required); `values` is the shape of map values
 * - `['u', nullable, ...alternatives]` any one of the alternatives (oneOf/anyOf)
 *
 * Fields the shape does not know are not deviations: vendors add fields without notice.
 */

/** One node of a compact shape (format in the module comment). */
export type Shape = string | readonly unknown[];

/** Shapes of one vendor's 2xx bodies. */
export interface ResponseShapes {
  /** Named shapes (the spec's component schemas that responses use). */
  readonly named: Readonly<Record<string, Shape>>;
  /** The 2xx JSON body shape of each operation, by operation id. */
  readonly operations: Readonly<Record<string, Shape>>;
  /** Names of the named shapes that hold a date-time somewhere (the only ones {@link reviveDates} enters). */
  readonly dated?: readonly string[];
}

/** A vendor's table, parsed on first call. */
export interface ResponseShapesSource {
  (): ResponseShapes;
  /** Operation ids whose 2xx body holds a date-time somewhere (what {@link reviveDates} is for). */
  readonly datedOperations: ReadonlySet<string>;
}

/** Most deviations listed for one body; the warning says when there were more. */
export const MAX_DEVIATIONS = 20;
const MAX_DEPTH = 64;

/**
 * Where `value` differs from `shape`: one entry per field, `path: what` (`_links: missing`,
 * `status: unknown value "x"`). Empty when it conforms. Stops after `max` entries.
 */
export function shapeDeviations(
  shape: Shape,
  value: unknown,
  shapes: ResponseShapes,
  max: number = MAX_DEVIATIONS + 1,
): string[] {
  const out: string[] = [];
  visit(shape, value, '', shapes, out, max, 0);
  return out;
}

function visit(
  shape: Shape,
  value: unknown,
  path: string,
  shapes: ResponseShapes,
  out: string[],
  max: number,
  depth: number,
): void {
  if (out.length >= max || depth > MAX_DEPTH) return;
  const at = path || '(body)';
  if (typeof shape === 'string') {
    const nullable = shape.endsWith('?');
    const kind = nullable ? shape.slice(0, -1) : shape;
    if (kind.startsWith('#')) {
      // A null may be allowed by the reference (`'#Name?'`) or by the named shape itself.
      if (value === null && nullable) return;
      const named = shapes.named[kind.slice(1)];
      if (named !== undefined) visit(named, value, path, shapes, out, max, depth + 1);
      return;
    }
    if (value === null) {
      if (!nullable && kind !== '*') out.push(`${at}: null`);
      return;
    }
    const problem = scalarProblem(kind, value);
    if (problem) out.push(`${at}: ${problem}`);
    return;
  }
  const [tag, nullable] = shape as [string, number];
  if (value === null) {
    if (!nullable) out.push(`${at}: null`);
    return;
  }
  switch (tag) {
    case 'e': {
      const values = shape.slice(2);
      if (!values.includes(value)) out.push(`${at}: unknown value ${describe(value)}`);
      return;
    }
    case 'a': {
      if (!Array.isArray(value)) {
        out.push(`${at}: expected an array, got ${typeName(value)}`);
        return;
      }
      value.forEach((item, i) => visit(shape[2] as Shape, item, `${path}[${i}]`, shapes, out, max, depth + 1));
      return;
    }
    case 'o': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        out.push(`${at}: expected an object, got ${typeName(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      const properties = shape[2] as Record<string, Shape>;
      const required = shape[3] as number;
      const values = shape[4] as Shape | undefined;
      Object.keys(properties).forEach((name, i) => {
        if (Math.floor(required / 2 ** i) % 2 && record[name] === undefined) out.push(`${join(path, name)}: missing`);
      });
      for (const [name, item] of Object.entries(record)) {
        if (item === undefined) continue;
        const known = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : values;
        if (known !== undefined) visit(known, item, join(path, name), shapes, out, max, depth + 1);
      }
      return;
    }
    case 'u': {
      const alternatives = shape.slice(2) as Shape[];
      let best: string[] | undefined;
      for (const alternative of alternatives) {
        const found: string[] = [];
        visit(alternative, value, path, shapes, found, max, depth + 1);
        if (found.length === 0) return;
        if (!best || found.length < best.length) best = found;
      }
      for (const problem of best ?? []) if (out.length < max) out.push(problem);
      return;
    }
    default:
      return;
  }
}

/**
 * Turns the date-time strings of a parsed 2xx body that `shape` marks `'d'` into `Date`s (in place; returns
 * the body), as the generated models' FromJSON would. Everything else stays as it arrived, unknown fields
 * included; a date-time field holding something other than a string is left alone (the deviation warning names
 * it). Unions are not entered: scripts/response-shapes.cjs refuses a spec with a date-time inside one.
 */
export function reviveDates(shape: Shape, value: unknown, shapes: ResponseShapes): unknown {
  return revive(shape, value, shapes, 0);
}

function revive(shape: Shape, value: unknown, shapes: ResponseShapes, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) {
    return typeof value === 'string' && typeof shape === 'string' && shape[0] === 'd' ? new Date(value) : value;
  }
  if (typeof shape === 'string') {
    const name = shape.replace(/^#|\?$/g, '');
    return shape[0] === '#' && shapes.dated?.includes(name)
      ? revive(shapes.named[name], value, shapes, depth + 1)
      : value;
  }
  if (shape[0] === 'a' && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(shape[2] as Shape, value[i], shapes, depth + 1);
  } else if (shape[0] === 'o' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = shape[2] as Record<string, Shape>;
    // Only own keys are assigned, so a JSON `__proto__` key (an own property) is written, never the setter.
    for (const key of Object.keys(record)) {
      const known = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : (shape[4] as Shape);
      if (known !== undefined) record[key] = revive(known, record[key], shapes, depth + 1);
    }
  }
  return value;
}

function scalarProblem(kind: string, value: unknown): string | undefined {
  switch (kind) {
    case 's':
    case 'd':
      return typeof value === 'string' ? undefined : `expected a string, got ${typeName(value)}`;
    case 'n':
      return typeof value === 'number' ? undefined : `expected a number, got ${typeName(value)}`;
    case 'i':
      return Number.isInteger(value) ? undefined : `expected an integer, got ${typeName(value)}`;
    case 'b':
      return typeof value === 'boolean' ? undefined : `expected a boolean, got ${typeName(value)}`;
    default:
      return undefined;
  }
}

function join(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? (path ? `${path}.${name}` : name) : `${path}[${JSON.stringify(name)}]`;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fractional number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// Values are echoed in a log line: short and redacted by the logger, never a whole object.
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return typeName(value);
}
