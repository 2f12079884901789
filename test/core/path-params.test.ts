import { checkPathParam } from '../../src/core/path-params';
import { ValidationError } from '../../src/core/errors';

describe('checkPathParam', () => {
  it.each(['key', 'a/b', 'a?b', 'a#b', '50%', '...', '.hidden', 'a..b'])(
    'accepts %s (the generated client encodes it)',
    (v) => {
      expect(checkPathParam('experimentKey', v)).toBe(v);
    },
  );
  it.each(['', '  ', '.', '..', undefined, 3])('refuses %p', (v) => {
    expect(() => checkPathParam('experimentKey', v)).toThrow(ValidationError);
  });
  it('an encoded key cannot change the route', () => {
    for (const key of ['a/b', 'a?b', 'a#b', '50%', '...', '%2e%2e']) {
      const url = new URL(`https://h/api/v2/experiments/${encodeURIComponent(checkPathParam('k', key))}/x`);
      expect(url.pathname.split('/')).toHaveLength(6);
      expect(url.search + url.hash).toBe('');
    }
  });
});
