/**
 * A list call's result: awaitable for the first page, async-iterable over every item of every page.
 */
import type { ResponseInfo, WithResponse } from './api-promise';
import { AbortError, ValidationError } from './errors';

/** One fetched page, its items and the cursor of the next page (undefined = last page). */
export interface PageResult<TPage, TItem, C> {
  /** The page as returned by the API. */
  page: TPage;
  /** Items of this page. */
  items: TItem[];
  /** Cursor of the next page; undefined stops the iteration. */
  nextCursor: C | undefined;
  /** The HTTP response the page came from (every facade list reports it). */
  response?: ResponseInfo;
  /** The request id the server sent with the page, if any. */
  requestId?: string;
}

/** A fetched value with, when the fetcher reports it, its response. */
export interface Fetched<T> {
  /** The value. */
  data: T;
  /** The response it came from. */
  response?: ResponseInfo;
  /** The request id the server sent, if any. */
  requestId?: string;
}

/** Fetches the page at `cursor` (undefined = first page). Strategies below build these. */
export type FetchPage<TPage, TItem, C> = (
  cursor: C | undefined,
  signal?: AbortSignal,
) => Promise<PageResult<TPage, TItem, C>>;

/** Options of {@link PagePromise}. */
export interface PagePromiseOptions {
  /** Checked before every page fetch and passed to it; aborting ends iteration with AbortError. */
  signal?: AbortSignal;
}

/**
 * `await list()` → first page; `for await (const item of list())` → every item across pages;
 * `.pages()` → every page; `.toArray({ max })` → up to `max` items; `.withResponse()` → the first page with
 * its HTTP response; `.pagesWithResponse()` → every page with its response.
 *
 * Nothing is fetched until used. The awaited first page is fetched once and cached; every iteration
 * (`for await`, `.pages()`, `.toArray()`) starts again from the first page with fresh requests, so iterating
 * twice fetches twice. Iterators are async generators, so concurrent `next()` calls are queued and never
 * skip or duplicate a page.
 */
export class PagePromise<TPage, TItem, C = unknown> implements PromiseLike<TPage>, AsyncIterable<TItem> {
  #first: Promise<PageResult<TPage, TItem, C>> | undefined;
  readonly #fetchPage: FetchPage<TPage, TItem, C>;
  readonly #options: PagePromiseOptions;

  /** @param fetchPage page fetcher (see {@link offsetPagination}, {@link nextUrlPagination}). */
  constructor(fetchPage: FetchPage<TPage, TItem, C>, options: PagePromiseOptions = {}) {
    this.#fetchPage = fetchPage;
    this.#options = options;
  }

  /** Resolves the first page. */
  then<R1 = TPage, R2 = never>(
    onfulfilled?: ((page: TPage) => R1 | PromiseLike<R1>) | null,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any`, as in Promise, so handlers may narrow
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstResult()
      .then((result) => result.page)
      .then(onfulfilled, onrejected);
  }

  /** The first page (the one `await` gives, fetched once) with the response it came from. */
  withResponse(): Promise<WithResponse<TPage>> {
    return this.#firstResult().then(pageWithResponse);
  }

  /** Like `Promise.prototype.catch` on the first page. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in Promise
  catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<TPage | R> {
    return this.then(undefined, onrejected);
  }

  /** Like `Promise.prototype.finally` on the first page. */
  finally(onfinally?: (() => void) | null): Promise<TPage> {
    return this.then().finally(onfinally);
  }

  /** Every page, from the first, each fetched when the previous one has been consumed. */
  async *pages(): AsyncGenerator<TPage, void, undefined> {
    for await (const result of this.#results()) yield result.page;
  }

  /** Every page with the response it came from (e.g. to read rate-limit headers as you go), from the first. */
  async *pagesWithResponse(): AsyncGenerator<WithResponse<TPage>, void, undefined> {
    for await (const result of this.#results()) yield pageWithResponse(result);
  }

  /** Every item of every page, from the first page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TItem, void, undefined> {
    for await (const result of this.#results()) yield* result.items;
  }

  /** Collects up to `max` items (a required positive integer cap), fetching no page beyond the one reaching it. */
  async toArray(options: { max: number }): Promise<TItem[]> {
    const max = options?.max;
    if (!Number.isInteger(max) || max <= 0) {
      throw new ValidationError('toArray requires a positive integer `max`', {
        field: 'max',
      });
    }
    const out: TItem[] = [];
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }

  async *#results(): AsyncGenerator<PageResult<TPage, TItem, C>, void, undefined> {
    let result = await this.#fetchOne(undefined);
    let previous = itemsJson(result.items);
    yield result;
    while (result.nextCursor !== undefined) {
      result = await this.#fetchOne(result.nextCursor);
      // A server that ignores the cursor (an offset it does not apply) serves the page it just served, and
      // would be followed for ever: the iteration ends there. (Links that go round end in nextUrlPagination.)
      const json = itemsJson(result.items);
      if (json !== undefined && json === previous && result.items.length > 0) return;
      previous = json;
      yield result;
    }
  }

  #firstResult(): Promise<PageResult<TPage, TItem, C>> {
    return (this.#first ??= this.#fetchOne(undefined));
  }

  #fetchOne(cursor: C | undefined): Promise<PageResult<TPage, TItem, C>> {
    const { signal } = this.#options;
    if (signal?.aborted) return Promise.reject(new AbortError('Pagination was aborted'));
    return this.#fetchPage(cursor, signal);
  }
}

/** A page's items as JSON, to tell a repeated page; undefined for items that are not JSON (never compared). */
function itemsJson(items: readonly unknown[]): string | undefined {
  try {
    return JSON.stringify(items);
  } catch {
    return undefined;
  }
}

function pageWithResponse<TPage>(result: PageResult<TPage, unknown, unknown>): WithResponse<TPage> {
  // Every facade list reports responses; only a hand-built fetcher can omit them.
  if (!result.response) throw new TypeError('This list does not report HTTP responses');
  return { data: result.page, response: result.response, requestId: result.requestId };
}

/** Default safety cap on pages per iteration. */
export const DEFAULT_MAX_PAGES = 1_000;

/** Cursor of {@link offsetPagination}. */
export interface OffsetCursor {
  /** Items to skip. */
  offset: number;
  /** Zero-based index of the page this cursor fetches. */
  pageIndex: number;
}

/** Options of {@link offsetPagination}. */
export interface OffsetPaginationOptions<TPage, TItem> {
  /** Page size requested as `limit`. */
  limit: number;
  /** Offset of the first page. Default 0. */
  startOffset?: number;
  /** Hard cap on pages per iteration, for servers that never stop. Default 1000. */
  maxPages?: number;
  /** Fetches one page; return `total` when the API reports it (LD `total_count`, PostHog `count`). */
  fetch(
    request: { offset: number; limit: number },
    signal?: AbortSignal,
  ): Promise<{ page: TPage; items: TItem[]; total?: number | null; response?: ResponseInfo; requestId?: string }>;
}

/**
 * Limit/offset paging: `offset += items.length`. Stops on an empty page, when `offset ≥ total` (if known),
 * on a short page when no total is known, and after `maxPages`. A too-large total therefore ends at the first
 * empty page instead of looping.
 */
export function offsetPagination<TPage, TItem>(
  options: OffsetPaginationOptions<TPage, TItem>,
): FetchPage<TPage, TItem, OffsetCursor> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  return async (cursor, signal) => {
    const { offset, pageIndex } = cursor ?? {
      offset: options.startOffset ?? 0,
      pageIndex: 0,
    };
    const { page, items, total, response, requestId } = await options.fetch({ offset, limit: options.limit }, signal);
    const next = offset + items.length;
    const knownTotal = typeof total === 'number' && Number.isFinite(total) ? total : undefined;
    const done =
      items.length === 0 ||
      pageIndex + 1 >= maxPages ||
      (knownTotal !== undefined ? next >= knownTotal : items.length < options.limit);
    return {
      page,
      items,
      nextCursor: done ? undefined : { offset: next, pageIndex: pageIndex + 1 },
      response,
      requestId,
    };
  };
}

/** Cursor of {@link nextUrlPagination}. */
export interface NextUrlCursor {
  /** The next link as the server sent it (absolute, or relative to `baseUrl`). */
  url: string;
  /** Zero-based index of the page this cursor fetches. */
  pageIndex: number;
  /** The links this iteration has followed so far (resolved), so links that go round end the iteration. */
  followed?: Set<string>;
}

/** Options of {@link nextUrlPagination}. */
export interface NextUrlPaginationOptions<TPage, TItem> {
  /** The configured API base URL; next links must share its origin. */
  baseUrl: string;
  /** Fetches the first page (with its response). */
  first(signal?: AbortSignal): Promise<Fetched<TPage>>;
  /** Fetches a page by absolute URL (already checked to be same-origin), with its response. */
  fetchUrl(url: string, signal?: AbortSignal): Promise<Fetched<TPage>>;
  /** Items of a page. */
  items(page: TPage): TItem[];
  /** The page's next link (LD `_links.next.href`, PostHog `next`); null/undefined/'' when last. */
  next(page: TPage): string | null | undefined;
  /** Hard cap on pages per iteration. Default 1000. */
  maxPages?: number;
}

/**
 * Follows next links. A link is resolved against `baseUrl` and followed only when its origin equals the
 * configured origin: otherwise the iteration throws ValidationError before any request is sent, so the API
 * key never travels to another host. Stops on a missing link, an empty page, a link this iteration has already
 * followed (a self-link, or links that go round), or `maxPages`.
 */
export function nextUrlPagination<TPage, TItem>(
  options: NextUrlPaginationOptions<TPage, TItem>,
): FetchPage<TPage, TItem, NextUrlCursor> {
  const origin = new URL(options.baseUrl).origin;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  return async (cursor, signal) => {
    // One set per iteration (each starts from the first page), passed along in the cursors.
    const followed = cursor?.followed ?? new Set<string>();
    let fetched: Fetched<TPage>;
    if (cursor === undefined) {
      fetched = await options.first(signal);
    } else {
      const current = sameOriginUrl(cursor.url, options.baseUrl, origin);
      followed.add(current);
      fetched = await options.fetchUrl(current, signal);
    }
    const page = fetched.data;
    const pageIndex = cursor?.pageIndex ?? 0;
    const items = options.items(page);
    const link = options.next(page);
    const resolved = link ? safeResolve(link, options.baseUrl) : undefined;
    const done =
      !link || items.length === 0 || pageIndex + 1 >= maxPages || (resolved !== undefined && followed.has(resolved));
    return {
      page,
      items,
      nextCursor: done ? undefined : { url: link, pageIndex: pageIndex + 1, followed },
      response: fetched.response,
      requestId: fetched.requestId,
    };
  };
}

function sameOriginUrl(link: string, baseUrl: string, origin: string): string {
  let resolved: URL;
  try {
    resolved = new URL(link, baseUrl);
  } catch {
    throw new ValidationError('Refusing to follow an unparseable pagination link', { field: 'next' });
  }
  if (resolved.origin !== origin) {
    throw new ValidationError(
      `Refusing to follow a pagination link to ${resolved.origin}: only ${origin} is trusted with the API key`,
      { field: 'next' },
    );
  }
  return resolved.href;
}

function safeResolve(link: string, baseUrl: string): string | undefined {
  try {
    return new URL(link, baseUrl).href;
  } catch {
    return undefined;
  }
}
