import { checkedInteger, checkedList, EXPERIMENT_EXPAND, serializeFilter } from '../../src/launchdarkly/query';
import { ValidationError } from '../../src/core/errors';

describe('serializeFilter', () => {
  it('joins terms as field:value in the given order', () => {
    expect(serializeFilter({ flagKey: 'my-flag', status: 'running', metricKey: 'page-load-ms' })).toBe(
      'flagKey:my-flag,status:running,metricKey:page-load-ms',
    );
  });
  it('gives undefined for no filter or only undefined terms', () => {
    expect(serializeFilter(undefined)).toBeUndefined();
    expect(serializeFilter({ flagKey: undefined })).toBeUndefined();
  });
  it.each([
    [{ flagKey: 'a,b' }, 'filter.flagKey'],
    [{ metricKey: 'x:y' }, 'filter.metricKey'],
    [{ flagKey: ' ' }, 'filter.flagKey'],
    [{ status: 'paused' }, 'filter.status'],
    [{ owner: 'me' }, 'filter.owner'],
    [{ flagKey: 3 }, 'filter.flagKey'],
    ['flagKey:x', 'filter'],
    [['flagKey'], 'filter'],
  ])('rejects %j', (filter, field) => {
    expect(() => serializeFilter(filter as any)).toThrow(ValidationError);
    try {
      serializeFilter(filter as any);
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('checkedList', () => {
  it('keeps order and removes duplicates', () => {
    expect(checkedList('expand', ['treatments', 'draftIteration', 'treatments'], EXPERIMENT_EXPAND)).toEqual([
      'treatments',
      'draftIteration',
    ]);
  });
  it('passes undefined through and refuses unknown values or non-arrays', () => {
    expect(checkedList('expand', undefined, EXPERIMENT_EXPAND)).toBeUndefined();
    expect(() => checkedList('expand', ['treatments', 'owners'] as any, EXPERIMENT_EXPAND)).toThrow(
      /unknown value\(s\) "owners"/,
    );
    expect(() => checkedList('expand', 'treatments' as any, EXPERIMENT_EXPAND)).toThrow(ValidationError);
  });
});

describe('checkedInteger', () => {
  it.each([[0.5], [-1], [Number.NaN], ['3'], [2 ** 60]])('rejects %p', (value) => {
    expect(() => checkedInteger('limit', value as any, 0)).toThrow(ValidationError);
  });
  it('accepts whole numbers at or above the bound', () => {
    expect(checkedInteger('offset', 0, 0)).toBe(0);
    expect(checkedInteger('limit', undefined, 1)).toBeUndefined();
  });
});
