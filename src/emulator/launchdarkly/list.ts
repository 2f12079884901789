import { badRequest } from '../http';
import type { StoredExperiment } from './store';

/** Parsed `filter` query: every given term must match. */
export interface ExperimentFilter {
  flagKey?: string;
  metricKey?: string;
  status?: 'not_started' | 'running' | 'stopped';
}

const STATUSES = ['not_started', 'running', 'stopped'];

/**
 * Parses `filter` (comma-joined `field:value` terms, ANDed). Unknown fields, a repeated field or an
 * unknown status answer 400. (ajv has already applied the spec's pattern; this names the problem.)
 */
export function parseFilter(raw: string | undefined): ExperimentFilter {
  const filter: ExperimentFilter = {};
  if (!raw) return filter;
  for (const term of raw.split(',')) {
    const at = term.indexOf(':');
    const field = at < 0 ? term : term.slice(0, at);
    const value = at < 0 ? '' : term.slice(at + 1);
    if (field !== 'flagKey' && field !== 'metricKey' && field !== 'status') {
      throw badRequest(`filter: unknown field '${field}' (use flagKey, metricKey or status)`, 'filter');
    }
    if (!value) throw badRequest(`filter: '${field}' needs a value`, 'filter');
    if (filter[field] !== undefined) throw badRequest(`filter: '${field}' given twice`, 'filter');
    if (field === 'status' && !STATUSES.includes(value)) {
      throw badRequest(`filter: status must be one of ${STATUSES.join(', ')}`, 'filter');
    }
    (filter as Record<string, string>)[field] = value;
  }
  return filter;
}

/** Whether an experiment matches a filter; any of its iterations may satisfy each term. */
export function matchesFilter(
  e: StoredExperiment,
  filter: ExperimentFilter,
  groupMembers: (groupKey: string) => string[],
): boolean {
  const its = e.iterations;
  if (filter.flagKey && !its.some((i) => filter.flagKey! in i.spec.flags)) return false;
  if (filter.status && !its.some((i) => i.status === filter.status)) return false;
  if (filter.metricKey) {
    // A metric counts when measured directly or as a step of a measured metric group.
    const measured = its.some((i) =>
      i.spec.metrics.some(
        (m) => m.key === filter.metricKey || (m.isGroup && groupMembers(m.key).includes(filter.metricKey!)),
      ),
    );
    if (!measured) return false;
  }
  return true;
}

/** `lifecycleState` (default `active`): which of active (not archived) / archived experiments to list. */
export function matchesLifecycle(e: StoredExperiment, states: string[] | undefined): boolean {
  const wanted = states?.length ? states : ['active'];
  return wanted.includes(e.archivedDate === undefined ? 'active' : 'archived');
}

/** Newest first; insertion order breaks ties so fixed test clocks still give a stable order. */
export function byNewest(a: StoredExperiment, b: StoredExperiment): number {
  return b.creationDate - a.creationDate || b.seq - a.seq;
}

/**
 * `_links` of a page: `self`, `first`, `last`, and `prev`/`next` when they exist. Hrefs are relative
 * (path + query) and keep the caller's other query parameters.
 */
export function pageLinks(
  path: string,
  query: URLSearchParams,
  limit: number,
  offset: number,
  total: number,
): Record<string, { href: string; type: string }> {
  const href = (o: number) => {
    const q = new URLSearchParams(query);
    q.set('limit', String(limit));
    q.set('offset', String(o));
    return { href: `${path}?${q.toString()}`, type: 'application/json' };
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links: Record<string, { href: string; type: string }> = {
    self: href(offset),
    first: href(0),
    last: href(lastOffset),
  };
  if (offset > 0) links.prev = href(Math.max(0, offset - limit));
  if (offset + limit < total) links.next = href(offset + limit);
  return links;
}
