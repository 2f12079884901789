/**
 * The generated API returns bodies as parsed JSON (templates/typescript-fetch/apis.mustache) and the facade
 * turns date-times into Dates from its response shapes (reviveDates). This checks that reading against the
 * generated models' FromJSON, which the stock template used, for every operation's 2xx body and every named
 * response shape of both vendors (the tables write a shape used once in place, so most models are only reached
 * through an operation): a body with every field filled (date-times as ISO strings, one item per array, one
 * entry per map) reads the same, Date for Date, except that fields the model does not know are kept.
 */
import * as models from '../../generated/models';
import { launchdarklyResponseShapes } from '../../src/launchdarkly/response-shapes';
import { posthogResponseShapes } from '../../src/posthog/response-shapes';
import { reviveDates, type ResponseShapes, type ResponseShapesSource, type Shape } from '../../src/core/response-shape';
import { jsonSuccesses, methodName } from '../helpers/spec';

const ISO = '2026-11-30T14:05:06.789Z';

/** A body with every field of `shape` present (a named shape is not entered again inside itself). */
function filled(shape: Shape, shapes: ResponseShapes, inside: readonly string[] = []): unknown {
  if (typeof shape === 'string') {
    const kind = shape.replace(/\?$/, '');
    const name = kind.slice(1);
    if (kind.startsWith('#'))
      return inside.includes(name) ? null : filled(shapes.named[name], shapes, [...inside, name]);
    return { s: 'text', d: ISO, n: 1.5, i: 2, b: true }[kind] ?? { any: 'thing' };
  }
  const [tag] = shape as [string];
  switch (tag) {
    case 'e':
      return shape[2];
    case 'a':
      return [filled(shape[2] as Shape, shapes, inside)];
    case 'u':
      return filled(shape[2] as Shape, shapes, inside);
    case 'o': {
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(shape[2] as Record<string, Shape>))
        out[name] = filled(item, shapes, inside);
      if (shape[4] !== undefined) out.someKey = filled(shape[4] as Shape, shapes, inside);
      return out;
    }
    default:
      return null;
  }
}

/** `revived` reads as `fromJson` does: same values, Dates at the same places; extra keys allowed. */
function expectSameReading(fromJson: unknown, revived: unknown, path: string): void {
  if (fromJson instanceof Date) {
    expect([path, revived instanceof Date]).toEqual([path, true]);
    expect([path, (revived as Date).getTime()]).toEqual([path, fromJson.getTime()]);
  } else if (Array.isArray(fromJson)) {
    expect([path, Array.isArray(revived) && revived.length]).toEqual([path, fromJson.length]);
    fromJson.forEach((item, i) => expectSameReading(item, (revived as unknown[])[i], `${path}[${i}]`));
  } else if (fromJson !== null && typeof fromJson === 'object') {
    for (const [key, value] of Object.entries(fromJson)) {
      if (value !== undefined) expectSameReading(value, (revived as Record<string, unknown>)[key], `${path}.${key}`);
    }
  } else {
    expect([path, revived]).toEqual([path, fromJson]);
  }
}

function countDates(value: unknown): number {
  if (value instanceof Date) return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce((sum: number, item) => sum + countDates(item), 0);
}

/** Operation id (as the tables key it) → the model of its first JSON 2xx body, from openapi.yaml. */
const RESPONSE_MODELS = new Map<string, { model: string; array: boolean }>();
for (const [operationId, { media }] of jsonSuccesses()) {
  const schema = media.schema;
  const ref: string | undefined = schema?.$ref ?? (schema?.type === 'array' ? schema.items?.$ref : undefined);
  if (ref) RESPONSE_MODELS.set(methodName(operationId), { model: ref.split('/').pop()!, array: !schema.$ref });
}

function fromJsonFor(model: string): (json: unknown) => unknown {
  const fromJson = (models as Record<string, unknown>)[`${model}FromJSON`];
  expect([model, typeof fromJson]).toEqual([model, 'function']);
  return fromJson as (json: unknown) => unknown;
}

function expectReadsAsModel(shape: Shape, model: string, shapes: ResponseShapes): void {
  const body = filled(shape, shapes);
  const fromJson = fromJsonFor(model)(structuredClone(body));
  const revived = reviveDates(shape, structuredClone(body), shapes);
  expectSameReading(fromJson, revived, model);
  expect(countDates(revived)).toBe(countDates(fromJson));
}

const VENDORS: [string, ResponseShapes][] = [
  ['LaunchDarkly', launchdarklyResponseShapes()],
  ['PostHog', posthogResponseShapes()],
];

describe.each(VENDORS)('%s response shapes read as the generated models did', (_vendor, shapes) => {
  // Named shapes that are models (the others, such as the `Links` map, are aliases the generator writes into
  // the models that use them).
  const names = Object.keys(shapes.named).filter((name) => `${name}FromJSON` in models);
  it.each(names)('%s', (name) => expectReadsAsModel(`#${name}`, name, shapes));

  const operations = Object.keys(shapes.operations);
  it('every operation has its model (a $ref, or an array of one)', () => {
    expect(operations.filter((id) => RESPONSE_MODELS.get(id) === undefined)).toEqual([]);
  });
  it.each(operations)('operation %s', (id) => {
    const { model, array } = RESPONSE_MODELS.get(id)!;
    if (!array) return expectReadsAsModel(shapes.operations[id], model, shapes);
    const fromJsonOf = fromJsonFor(model);
    const body = filled(shapes.operations[id], shapes) as unknown[];
    const fromJson = structuredClone(body).map(fromJsonOf);
    const revived = reviveDates(shapes.operations[id], structuredClone(body), shapes);
    expectSameReading(fromJson, revived, id);
    expect(countDates(revived)).toBe(countDates(fromJson));
  });
});

const SOURCES: [string, ResponseShapesSource][] = [
  ['LaunchDarkly', launchdarklyResponseShapes],
  ['PostHog', posthogResponseShapes],
];

// The client parses a table only for these operations (and for the deviation warning).
it.each(SOURCES)('%s: datedOperations names exactly the operations whose body gets a Date', (_vendor, source) => {
  const shapes = source();
  const withDates = Object.keys(shapes.operations).filter(
    (id) => countDates(reviveDates(shapes.operations[id], filled(shapes.operations[id], shapes), shapes)) > 0,
  );
  expect([...source.datedOperations].sort()).toEqual(withDates.sort());
});

it('the filled bodies reach date-times (the comparison above is not vacuous)', () => {
  const shapes = posthogResponseShapes();
  const revived = reviveDates('#PostHogExperiment', filled('#PostHogExperiment', shapes), shapes) as Record<
    string,
    unknown
  >;
  expect(revived.created_at).toEqual(new Date(ISO));
  expect(countDates(revived)).toBeGreaterThan(4);
});
