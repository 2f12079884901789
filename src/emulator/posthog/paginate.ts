import type { HandlerContext } from '../handler';

/** DRF's limit/offset envelope. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * One page of `items` the way DRF's LimitOffsetPagination builds it: `next`/`previous` are absolute
 * URLs on the origin the client used (Host header), keeping the other query parameters; `previous`
 * drops `offset` when it would be 0. `limit` defaults to `defaultLimit` (PostHog: 100).
 */
export function paginate<T>(ctx: HandlerContext, items: T[], defaultLimit = 100): Page<T> {
  const limit: number = ctx.query.limit ?? defaultLimit;
  const offset: number = ctx.query.offset ?? 0;
  const url = (mutate: (q: URLSearchParams) => void) => {
    const q = new URLSearchParams(ctx.searchParams);
    q.set('limit', String(limit));
    mutate(q);
    return `${ctx.origin}${ctx.pathname}?${q.toString()}`;
  };
  return {
    count: items.length,
    next: offset + limit < items.length ? url((q) => q.set('offset', String(offset + limit))) : null,
    previous:
      offset <= 0
        ? null
        : offset - limit <= 0
          ? url((q) => q.delete('offset'))
          : url((q) => q.set('offset', String(offset - limit))),
    results: items.slice(offset, offset + limit),
  };
}
