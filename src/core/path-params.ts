import { ValidationError } from './errors';

/**
 * Checks a path parameter before it is encoded into a URL. The generated client percent-encodes `/`, `?`,
 * `#` and `%`, but `.` and `..` survive encoding and would be collapsed by URL parsing (even as `%2e%2e`),
 * silently changing the route, so they are refused along with blank values.
 */
export function checkPathParam(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-blank string`, { field });
  }
  if (value === '.' || value === '..') {
    throw new ValidationError(`${field} may not be '.' or '..'`, { field });
  }
  return checkWellFormed(field, value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses strings with a lone UTF-16 surrogate: they have no UTF-8 form, so `encodeURIComponent` (path and
 * query encoding in the generated client) would throw a bare URIError.
 */
export function checkWellFormed(field: string, value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new ValidationError(`${field} contains a lone UTF-16 surrogate and cannot be sent`, { field });
  }
  return value;
}
