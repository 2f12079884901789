import { linkSignals } from '../../src/core/signals';

describe('linkSignals', () => {
  test('aborts when any source aborts, with its reason', () => {
    const a = new AbortController();
    const b = new AbortController();
    const link = linkSignals([a.signal, undefined, null, b.signal]);
    expect(link.signal.aborted).toBe(false);
    b.abort('why');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('why');
    link.dispose();
  });

  test('is aborted at once when a source already is', () => {
    const link = linkSignals([AbortSignal.abort('early')]);
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('early');
  });

  test('dispose() detaches from the sources', () => {
    const a = new AbortController();
    const remove = jest.spyOn(a.signal, 'removeEventListener');
    const link = linkSignals([a.signal]);
    link.dispose();
    link.dispose();
    expect(remove).toHaveBeenCalledTimes(1);
    a.abort();
    expect(link.signal.aborted).toBe(false);
  });

  test('abort() aborts only the linked signal', () => {
    const a = new AbortController();
    const link = linkSignals([a.signal]);
    link.abort('mine');
    expect(link.signal.reason).toBe('mine');
    expect(a.signal.aborted).toBe(false);
    link.dispose();
  });
});
