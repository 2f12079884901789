import { ValidationError } from '../core/errors';
import { checkWellFormed } from '../core/path-params';

/**
 * Parts of an experiment that `expand` can add; all are omitted by default. `mutableFieldsByStatus` is missing
 * from LaunchDarkly's list of values, but its `updateExperimentFields` text says to expand it.
 */
export const EXPERIMENT_EXPAND = [
  'previousIterations',
  'draftIteration',
  'secondaryMetrics',
  'treatments',
  'analysisConfig',
  'mutableFieldsByStatus',
] as const;
/** One of {@link EXPERIMENT_EXPAND}. */
export type ExperimentExpand = (typeof EXPERIMENT_EXPAND)[number];

/** Extra result fields for `getExperimentResults`: `traffic` adds exposed-unit counts. */
export const RESULTS_EXPAND = ['traffic'] as const;
/** One of {@link RESULTS_EXPAND}. */
export type ResultsExpand = (typeof RESULTS_EXPAND)[number];

/** Which experiments a list returns; the server default is `['active']`. */
export const LIFECYCLE_STATES = ['active', 'archived'] as const;
/** One of {@link LIFECYCLE_STATES}. */
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** Iteration statuses a list `filter` can match. */
export const ITERATION_STATUSES = ['not_started', 'running', 'stopped'] as const;
/** One of {@link ITERATION_STATUSES}. */
export type IterationStatus = (typeof ITERATION_STATUSES)[number];

/** List filter; all given terms must match. */
export interface ExperimentFilter {
  /** Experiments running on this flag. */
  flagKey?: string;
  /** Experiments measuring this metric. */
  metricKey?: string;
  /** Experiments having an iteration in this status. */
  status?: IterationStatus;
}

/**
 * Checks a typed list against its allowed values at run time (the types already check at compile time)
 * and drops duplicates, keeping the caller's order. `undefined` stays `undefined` (server default).
 */
export function checkedList<T extends string>(
  field: string,
  values: readonly T[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (values === undefined) return undefined;
  if (!isList(values)) throw new ValidationError(`${field} must be an array of ${allowed.join(', ')}`, { field });
  const unknown = values.filter((v) => !allowed.includes(v));
  if (unknown.length > 0) {
    throw new ValidationError(
      `${field}: unknown value(s) ${unknown.map((v) => JSON.stringify(v)).join(', ')}; allowed: ${allowed.join(', ')}`,
      {
        field,
      },
    );
  }
  return [...new Set(values)];
}

/**
 * Serialises a filter to LaunchDarkly's `field:value,...` syntax. Values containing `,` or `:` (which would
 * change the meaning of the filter) and blank values are refused; an empty filter gives `undefined`.
 */
export function serializeFilter(filter: ExperimentFilter | undefined): string | undefined {
  if (filter === undefined) return undefined;
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new ValidationError('filter must be an object like { flagKey, metricKey, status }', { field: 'filter' });
  }
  const terms: string[] = [];
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (name !== 'flagKey' && name !== 'metricKey' && name !== 'status') {
      throw new ValidationError(`filter.${name} is not a filter field; use flagKey, metricKey or status`, {
        field: `filter.${name}`,
      });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ValidationError(`filter.${name} must be a non-blank string`, { field: `filter.${name}` });
    }
    if (/[,:]/.test(value)) {
      throw new ValidationError(`filter.${name} may not contain ',' or ':' (they separate filter terms)`, {
        field: `filter.${name}`,
      });
    }
    if (name === 'status' && !ITERATION_STATUSES.includes(value as IterationStatus)) {
      throw new ValidationError(`filter.status must be one of ${ITERATION_STATUSES.join(', ')}`, {
        field: 'filter.status',
      });
    }
    terms.push(`${name}:${checkWellFormed(`filter.${name}`, value)}`);
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}

/** Checks an optional whole number against a lower bound (`limit` ≥ 1, `offset` ≥ 0, epoch ms ≥ 0). */
export function checkedInteger(field: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const shown = typeof value === 'number' ? String(value) : typeof value;
    throw new ValidationError(`${field} must be a whole number ≥ ${min}, got ${shown}`, { field });
  }
  return value;
}

/** `Array.isArray` that keeps the element type (the built-in narrows a readonly array to `any[]`). */
export function isList<T>(value: readonly T[] | undefined): value is readonly T[] {
  return Array.isArray(value);
}
