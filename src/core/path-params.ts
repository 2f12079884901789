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
  return value;
}
