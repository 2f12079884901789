import { AbortError, ValidationError } from '../../src/core/errors';
import { nextUrlPagination, offsetPagination, PagePromise, type FetchPage } from '../../src/core/paginate';

interface Page {
  items: number[];
  total_count?: number;
}

/** A fake server holding `count` items; records every (offset, limit) it is asked for. */
function offsetServer(count: number, opts: { reportedTotal?: number | null; maxLimit?: number } = {}) {
  const calls: Array<{ offset: number; limit: number }> = [];
  const all = Array.from({ length: count }, (_, i) => i);
  const fetch = ({ offset, limit }: { offset: number; limit: number }, _signal?: AbortSignal) => {
    calls.push({ offset, limit });
    const items = all.slice(offset, offset + Math.min(limit, opts.maxLimit ?? limit));
    const total = opts.reportedTotal === undefined ? count : opts.reportedTotal;
    const page: Page = {
      items,
      ...(total === null ? {} : { total_count: total }),
    };
    return Promise.resolve({ page, items, total: total ?? undefined });
  };
  return { calls, fetch };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('PagePromise + offsetPagination', () => {
  test('await gives the first page; nothing is fetched before use; the first page is cached', async () => {
    const server = offsetServer(45);
    const list = new PagePromise(offsetPagination({ limit: 20, fetch: server.fetch }));
    expect(server.calls).toEqual([]);
    const first = await list;
    expect(first.items).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await list;
    expect(server.calls).toEqual([{ offset: 0, limit: 20 }]);
  });

  test('for await iterates all items across pages and stops at total', async () => {
    const server = offsetServer(45);
    const list = new PagePromise(offsetPagination({ limit: 20, fetch: server.fetch }));
    expect(await collect(list)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(server.calls).toEqual([
      { offset: 0, limit: 20 },
      { offset: 20, limit: 20 },
      { offset: 40, limit: 20 },
    ]);
  });

  test('stops exactly at total when the last page is full (no extra request)', async () => {
    const server = offsetServer(40);
    expect(await collect(new PagePromise(offsetPagination({ limit: 20, fetch: server.fetch })))).toHaveLength(40);
    expect(server.calls).toHaveLength(2);
  });

  test('a too-large total ends at the first empty page', async () => {
    const server = offsetServer(25, { reportedTotal: 1000 });
    const items = await collect(new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch })));
    expect(items).toHaveLength(25);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 10, 20, 25]);
  });

  test('with a known total, short pages (server-capped limit) do not stop early', async () => {
    const server = offsetServer(12, { maxLimit: 5 });
    const items = await collect(new PagePromise(offsetPagination({ limit: 20, fetch: server.fetch })));
    expect(items).toHaveLength(12);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 5, 10]);
  });

  test('without a total, a short page is the last one', async () => {
    const server = offsetServer(25, { reportedTotal: null });
    expect(await collect(new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch })))).toHaveLength(25);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 10, 20]);
  });

  test('without a total, an exactly-full last page is followed by one empty page', async () => {
    const server = offsetServer(20, { reportedTotal: null });
    expect(await collect(new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch })))).toHaveLength(20);
    expect(server.calls.map((c) => c.offset)).toEqual([0, 10, 20]);
  });

  test('an empty first page', async () => {
    const server = offsetServer(0);
    expect(await collect(new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch })))).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  test('a server that never ends is cut by maxPages', async () => {
    const calls: number[] = [];
    const fetch = ({ offset }: { offset: number; limit: number }) => {
      calls.push(offset);
      return Promise.resolve({ page: null, items: [offset, offset + 1], total: undefined });
    };
    const items = await collect(new PagePromise(offsetPagination({ limit: 2, maxPages: 5, fetch })));
    expect(items).toHaveLength(10);
    expect(calls).toEqual([0, 2, 4, 6, 8]);
  });

  test.each([
    ['without a total', undefined],
    ['with a total it never reaches', 100],
  ])('a server that ignores offset (%s) ends at the repeated page, without duplicates', async (_name, total) => {
    const calls: number[] = [];
    const fetch = ({ offset }: { offset: number; limit: number }) => {
      calls.push(offset);
      return Promise.resolve({ page: null, items: [{ key: 'a' }, { key: 'b' }], total });
    };
    const list = new PagePromise(offsetPagination({ limit: 2, maxPages: Number.MAX_SAFE_INTEGER, fetch }));
    expect(await collect(list)).toEqual([{ key: 'a' }, { key: 'b' }]);
    expect(calls).toEqual([0, 2]);
    expect(await collect(list.pages())).toHaveLength(1);
  });

  test('startOffset and the requested limit are passed through', async () => {
    const server = offsetServer(30);
    await collect(new PagePromise(offsetPagination({ limit: 7, startOffset: 25, fetch: server.fetch })));
    expect(server.calls).toEqual([{ offset: 25, limit: 7 }]);
  });

  test('.pages() yields pages; iterating twice refetches from the start', async () => {
    const server = offsetServer(15);
    const list = new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch }));
    const pages = await collect(list.pages());
    expect(pages.map((p) => p.items.length)).toEqual([10, 5]);
    await collect(list.pages());
    expect(server.calls.map((c) => c.offset)).toEqual([0, 10, 0, 10]);
  });

  test('.toArray({max}) caps items and stops fetching; max is required', async () => {
    const server = offsetServer(100);
    const list = new PagePromise(offsetPagination({ limit: 10, fetch: server.fetch }));
    expect(await list.toArray({ max: 15 })).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(server.calls).toHaveLength(2);
    await expect(list.toArray({ max: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(list.toArray({ max: 1.5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(list.toArray(undefined as unknown as { max: number })).rejects.toBeInstanceOf(ValidationError);
  });

  test('abort between pages: AbortError, no further page requested; the signal reaches fetch', async () => {
    const controller = new AbortController();
    const server = offsetServer(100);
    const signals: Array<AbortSignal | undefined> = [];
    const list = new PagePromise(
      offsetPagination({
        limit: 10,
        fetch: (req, signal) => {
          signals.push(signal);
          return server.fetch(req);
        },
      }),
      { signal: controller.signal },
    );
    const seen: number[] = [];
    const run = (async () => {
      for await (const item of list) {
        seen.push(item);
        if (item === 12) controller.abort();
      }
    })();
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(20);
    expect(server.calls).toHaveLength(2);
    expect(signals[0]).toBe(controller.signal);
    await expect(list).rejects.toBeInstanceOf(AbortError);
  });

  test('parallel next() calls neither skip nor duplicate pages', async () => {
    let calls = 0;
    const fetchPage: FetchPage<string, string, number> = async (cursor) => {
      calls++;
      const n = cursor ?? 0;
      await new Promise((r) => setTimeout(r, 5 - n));
      return {
        page: `p${n}`,
        items: [`p${n}`],
        nextCursor: n < 3 ? n + 1 : undefined,
      };
    };
    const pages = new PagePromise(fetchPage).pages();
    const results = await Promise.all([pages.next(), pages.next(), pages.next(), pages.next(), pages.next()]);
    expect(results.map((r) => r.value)).toEqual(['p0', 'p1', 'p2', 'p3', undefined]);
    expect(results[4].done).toBe(true);
    expect(calls).toBe(4);
  });

  test('then/catch/finally behave like a promise of the first page', async () => {
    const failing = new PagePromise<number, number, number>(() => Promise.reject(new Error('boom')));
    await expect(failing.catch((e: Error) => e.message)).resolves.toBe('boom');
    const onFinally = jest.fn();
    const ok = new PagePromise<number, number, number>(() =>
      Promise.resolve({ page: 7, items: [], nextCursor: undefined }),
    );
    await expect(ok.finally(onFinally)).resolves.toBe(7);
    expect(onFinally).toHaveBeenCalledTimes(1);
    await expect(ok.then((p) => p * 2)).resolves.toBe(14);
  });
});

describe('nextUrlPagination', () => {
  const BASE = 'https://app.example.test';

  interface LinkPage {
    items: string[];
    next?: string | null;
  }

  function linkServer(pages: Record<string, LinkPage>, first: LinkPage) {
    const fetched: string[] = [];
    return {
      fetched,
      strategy: nextUrlPagination<LinkPage, string>({
        baseUrl: `${BASE}/api/v2`,
        first: () => Promise.resolve({ data: first }),
        fetchUrl: (url) => {
          fetched.push(url);
          const page = pages[url];
          return page ? Promise.resolve({ data: page }) : Promise.reject(new Error(`unexpected ${url}`));
        },
        items: (p) => p.items,
        next: (p) => p.next,
      }),
    };
  }

  test('follows absolute and relative same-origin links until there is none', async () => {
    const server = linkServer(
      {
        [`${BASE}/api/v2/x?offset=2`]: {
          items: ['c', 'd'],
          next: '/api/v2/x?offset=4',
        },
        [`${BASE}/api/v2/x?offset=4`]: { items: ['e'], next: null },
      },
      { items: ['a', 'b'], next: `${BASE}/api/v2/x?offset=2` },
    );
    expect(await collect(new PagePromise(server.strategy))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.fetched).toEqual([`${BASE}/api/v2/x?offset=2`, `${BASE}/api/v2/x?offset=4`]);
  });

  test('refuses a cross-origin next link with ValidationError, after yielding the current page, sending nothing', async () => {
    const server = linkServer({}, { items: ['a'], next: 'https://evil.example.com/steal?offset=1' });
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of new PagePromise(server.strategy)) seen.push(item);
    })();
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('next');
    expect((error as ValidationError).message).toBe(
      `Refusing to follow a pagination link to https://evil.example.com: only ${BASE} is trusted with the API key`,
    );
    expect(seen).toEqual(['a']);
    expect(server.fetched).toEqual([]);
  });

  test.each([
    ['another scheme', 'http://app.example.test/api/v2/x?offset=1'],
    ['another port', 'https://app.example.test:8443/api/v2/x?offset=1'],
    ['protocol-relative elsewhere', '//evil.example.com/x'],
    ['a lookalike host', 'https://app.example.test.evil.com/x'],
  ])('refuses %s', async (_label, link) => {
    const server = linkServer({}, { items: ['a'], next: link });
    await expect(collect(new PagePromise(server.strategy))).rejects.toBeInstanceOf(ValidationError);
    expect(server.fetched).toEqual([]);
  });

  test('refuses an unparseable link, on the first and on later pages', async () => {
    const server = linkServer({}, { items: ['a'], next: 'http://[bad' });
    await expect(collect(new PagePromise(server.strategy))).rejects.toThrow('unparseable pagination link');
    const later = linkServer({ [`${BASE}/p2`]: { items: ['b'], next: 'http://[bad' } }, { items: ['a'], next: '/p2' });
    await expect(collect(new PagePromise(later.strategy))).rejects.toThrow('unparseable pagination link');
    expect(later.fetched).toEqual([`${BASE}/p2`]);
  });

  test('stops on an empty page, on a self-link and at maxPages', async () => {
    const empty = linkServer({}, { items: [], next: `${BASE}/api/v2/x?offset=2` });
    expect(await collect(new PagePromise(empty.strategy))).toEqual([]);
    expect(empty.fetched).toEqual([]);

    const loop = linkServer(
      { [`${BASE}/api/v2/x?o=1`]: { items: ['b'], next: '/api/v2/x?o=1' } },
      { items: ['a'], next: '/api/v2/x?o=1' },
    );
    expect(await collect(new PagePromise(loop.strategy))).toEqual(['a', 'b']);

    const fetched: string[] = [];
    const capped = nextUrlPagination<LinkPage, string>({
      baseUrl: BASE,
      maxPages: 3,
      first: () => Promise.resolve({ data: { items: ['x'], next: '/p/1' } }),
      fetchUrl: (url) => {
        fetched.push(url);
        return Promise.resolve({ data: { items: [url], next: `/p/${fetched.length + 1}` } });
      },
      items: (p) => p.items,
      next: (p) => p.next,
    });
    expect(await collect(new PagePromise(capped))).toHaveLength(3);
    expect(fetched).toEqual([`${BASE}/p/1`, `${BASE}/p/2`]);
  });

  test('links that go round end the iteration at the first link already followed, each iteration afresh', async () => {
    const round = linkServer(
      {
        [`${BASE}/p2`]: { items: ['b'], next: '/p3' },
        [`${BASE}/p3`]: { items: ['c'], next: `${BASE}/p2` },
      },
      { items: ['a'], next: '/p2' },
    );
    const list = new PagePromise(round.strategy);
    expect(await collect(list)).toEqual(['a', 'b', 'c']);
    expect(round.fetched).toEqual([`${BASE}/p2`, `${BASE}/p3`]);
    // A second iteration has its own record of links: it is not cut short by the first one's.
    expect(await collect(list)).toEqual(['a', 'b', 'c']);
  });

  test('a next link that serves the same page again ends the iteration there', async () => {
    const again = linkServer(
      {
        [`${BASE}/api/v2/x?o=1`]: { items: ['b'], next: '/api/v2/x?o=2' },
        [`${BASE}/api/v2/x?o=2`]: { items: ['b'], next: '/api/v2/x?o=3' },
      },
      { items: ['a'], next: '/api/v2/x?o=1' },
    );
    expect(await collect(new PagePromise(again.strategy))).toEqual(['a', 'b']);
    expect(again.fetched).toEqual([`${BASE}/api/v2/x?o=1`, `${BASE}/api/v2/x?o=2`]);
  });
});
