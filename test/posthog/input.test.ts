import { ValidationError } from '../../src';
import { checkId, checkProjectId, checkUuid, checkNumber, optionalText } from '../../src/posthog/input';

describe('input checks', () => {
  it.each([
    [12345, '12345'],
    ['12345', '12345'],
    ['@current', '@current'],
  ])('project id %j is sent as %j', (value, sent) => {
    expect(checkProjectId(value)).toBe(sent);
  });

  it.each([0, -1, 1.5, '0', '00', '-3', '1e3', '12 ', '@me', '', null, undefined, {}, '99999999999999999999'])(
    'project id %j is refused',
    (value) => {
      expect(() => checkProjectId(value)).toThrow(ValidationError);
      try {
        checkProjectId(value);
      } catch (e) {
        expect((e as ValidationError).field).toBe('projectId');
      }
    },
  );

  it('ids are positive safe integers', () => {
    expect(checkId('id', 1)).toBe(1);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53, '1', null])
      expect(() => checkId('id', bad)).toThrow(ValidationError);
  });

  it('uuids, numbers and optional text', () => {
    expect(checkUuid('r', '0195B0C2-AAAA-7BBB-8CCC-DDDDEEEEFFFF')).toBe('0195B0C2-AAAA-7BBB-8CCC-DDDDEEEEFFFF');
    expect(() => checkUuid('r', '0195b0c2')).toThrow(ValidationError);
    expect(() => checkNumber('n', NaN, 0, 1)).toThrow(ValidationError);
    expect(() => checkNumber('n', null, 0, 1, true)).not.toThrow();
    expect(() => optionalText('t', 5)).toThrow('t must be a string');
    expect(() => optionalText('t', '')).not.toThrow();
  });
});
