import { reviveDates, shapeDeviations, type ResponseShapes } from '../../src/core/response-shape';

const shapes: ResponseShapes = {
  named: {
    Millis: 'i',
    Link: ['o', 0, { href: 's', type: 's' }, 1],
    MaybeLink: ['o', 1, { href: 's' }, 0],
    Item: [
      'o',
      0,
      {
        key: 's',
        count: 'i',
        ratio: 'n?',
        on: 'b',
        status: ['e', 0, 'running', 'stopped'],
        tags: ['a', 0, 's'],
        links: ['o', 0, {}, 0, '#Link'],
        either: ['u', 0, 's', 'i'],
        any: '*',
        holdout: '#MaybeLink',
        when: '#Millis',
      },
      // key (bit 0) and links (bit 6) are required.
      0b1000001,
    ],
  },
  operations: { getItem: '#Item', listItems: ['a', 0, '#Item?'] },
};
const valid = {
  key: 'k',
  count: 1,
  ratio: null,
  on: true,
  status: 'running',
  tags: ['a'],
  links: { self: { href: '/x' } },
};
const check = (value: unknown, shape = shapes.operations.getItem) => shapeDeviations(shape, value, shapes);

describe('shapeDeviations', () => {
  test('a conforming body has none; unknown fields are not deviations', () => {
    expect(check(valid)).toEqual([]);
    expect(check({ ...valid, brandNew: { x: 1 }, either: 3, any: [null] })).toEqual([]);
    expect(check([valid, null], shapes.operations.listItems)).toEqual([]);
    // A named shape that allows null allows it wherever it is referenced.
    expect(check({ ...valid, holdout: null })).toEqual([]);
  });

  test('names each deviating field with what is wrong', () => {
    const { links, ...noLinks } = valid;
    void links;
    expect(check(noLinks)).toEqual(['links: missing']);
    expect(check({ ...valid, key: null })).toEqual(['key: null']);
    expect(check({ ...valid, when: null })).toEqual(['when: null']);
    expect(check({ ...valid, count: 1.5, on: 'yes' })).toEqual([
      'count: expected an integer, got a fractional number',
      'on: expected a boolean, got a string',
    ]);
    expect(check({ ...valid, status: 'paused' })).toEqual(['status: unknown value "paused"']);
    expect(check({ ...valid, tags: 'a' })).toEqual(['tags: expected an array, got a string']);
    expect(check({ ...valid, tags: ['a', 2] })).toEqual(['tags[1]: expected a string, got a number']);
    expect(check({ ...valid, links: { self: {}, 'odd key': { href: 1 } } })).toEqual([
      'links.self.href: missing',
      'links["odd key"].href: expected a string, got a number',
    ]);
    expect(check({ ...valid, either: true })).toEqual(['either: expected a string, got a boolean']);
    expect(check('text')).toEqual(['(body): expected an object, got a string']);
    expect(check([1], shapes.operations.listItems)).toEqual(['[0]: expected an object, got a number']);
  });

  test('long values are cut in the message, and the list is capped', () => {
    expect(check({ ...valid, status: 'x'.repeat(100) })[0]).toMatch(/^status: unknown value "x{40}…"$/);
    const many = Array.from({ length: 50 }, () => ({ ...valid, key: 1 }));
    expect(shapeDeviations(shapes.operations.listItems, many, shapes)).toHaveLength(21);
  });
});

describe('reviveDates', () => {
  const dated: ResponseShapes = {
    named: {
      Run: ['o', 0, { id: 'i', started: 'd', ended: 'd?', history: ['a', 0, 'd'] }, 0b11],
      Page: ['o', 0, { results: ['a', 0, '#Run'], next: 's?' }, 1],
      ByKey: ['o', 0, {}, 0, 'd'],
      Plain: ['o', 0, { name: 's', count: 'i' }, 0],
    },
    operations: {},
    dated: ['ByKey', 'Page', 'Run'],
  };
  const ISO = '2026-11-30T12:00:00.000Z';

  it('turns every date-time string the shape names into a Date, in place, through refs, arrays and maps', () => {
    const body = { results: [{ id: 1, started: ISO, ended: null, history: [ISO, ISO], extra: ISO }], next: ISO };
    const out = reviveDates('#Page', body, dated) as typeof body;
    expect(out).toBe(body);
    const run = out.results[0] as unknown as Record<string, unknown>;
    expect(run.started).toEqual(new Date(ISO));
    expect(run.ended).toBeNull();
    expect(run.history).toEqual([new Date(ISO), new Date(ISO)]);
    // Fields the shape does not mark stay as they arrived, unknown ones included.
    expect(run.extra).toBe(ISO);
    expect(out.next).toBe(ISO);
    expect(reviveDates('#ByKey', { a: ISO }, dated)).toEqual({ a: new Date(ISO) });
  });

  it('leaves a date-time field that is not a string as it arrived', () => {
    const body = { id: 1, started: 1764504000000, history: 'not a list' };
    expect(reviveDates('#Run', body, dated)).toEqual({ id: 1, started: 1764504000000, history: 'not a list' });
    expect(reviveDates('#Page', null, dated)).toBeNull();
    expect(reviveDates('#Page', { results: 'x' }, dated)).toEqual({ results: 'x' });
  });

  it('reads an unparseable date-time string as an Invalid Date, as the generated models did', () => {
    const run = reviveDates('#Run', { id: 1, started: 'soon' }, dated) as { started: Date };
    expect(run.started).toBeInstanceOf(Date);
    expect(Number.isNaN(run.started.getTime())).toBe(true);
  });

  it('writes a JSON "__proto__" map key as the own property it is, never the prototype', () => {
    const body = JSON.parse(`{"__proto__": "${ISO}", "b": "${ISO}"}`) as Record<string, unknown>;
    const out = reviveDates('#ByKey', body, dated) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual(new Date(ISO));
    expect(out.b).toEqual(new Date(ISO));
  });

  it('does not walk shapes without date-times', () => {
    const frozen = Object.freeze({ name: 'n', count: 1 });
    expect(reviveDates('#Plain', frozen, dated)).toBe(frozen);
  });
});
