import { shapeDeviations, type ResponseShapes } from '../../src/core/response-shape';

const shapes: ResponseShapes = {
  named: {
    Millis: 'i',
    Link: ['o', 0, { href: 's', type: 's' }, ['href']],
    MaybeLink: ['o', 1, { href: 's' }, []],
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
        links: ['o', 0, {}, [], '#Link'],
        either: ['u', 0, 's', 'i'],
        any: '*',
        holdout: '#MaybeLink',
        when: '#Millis',
      },
      ['key', 'links'],
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
