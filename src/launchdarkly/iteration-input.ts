import type { IterationInput } from '../../generated';
import { ValidationError } from '../core/errors';

/**
 * Checks an IterationInput for what the server would reject but the schema cannot say: one of the two
 * primary-metric keys, allocations as decimal strings adding up to at most 100, exactly one baseline, and a
 * `parameters` list on each treatment.
 */
export function checkIteration(iteration: IterationInput | undefined, field: string): void {
  if (!iteration || typeof iteration !== 'object') throw new ValidationError(`${field} is required`, { field });
  if (typeof iteration.hypothesis !== 'string' || !iteration.hypothesis.trim())
    throw new ValidationError(`${field}.hypothesis must be a non-blank string`, { field: `${field}.hypothesis` });
  // Spread reads holes as undefined: forEach and some skip them, and the serializer would send null.
  if (!Array.isArray(iteration.metrics) || iteration.metrics.length === 0)
    throw new ValidationError(`${field}.metrics needs at least one metric`, { field: `${field}.metrics` });
  [...iteration.metrics].forEach((m, i) => {
    if (typeof m?.key !== 'string')
      throw new ValidationError(`${field}.metrics[${i}] must be an object with a string key`, {
        field: `${field}.metrics[${i}]`,
      });
  });
  if (!iteration.primarySingleMetricKey && !iteration.primaryFunnelKey) {
    throw new ValidationError(`${field} needs primarySingleMetricKey or primaryFunnelKey`, {
      field: `${field}.primarySingleMetricKey`,
    });
  }
  if (!Array.isArray(iteration.treatments) || iteration.treatments.length === 0)
    throw new ValidationError(`${field}.treatments needs at least one treatment`, { field: `${field}.treatments` });
  let total = 0;
  [...iteration.treatments].forEach((t, i) => {
    const at = `${field}.treatments[${i}]`;
    if (typeof t?.name !== 'string' || !t.name.trim())
      throw new ValidationError(`${at}.name must be a non-blank string`, { field: `${at}.name` });
    if (typeof t.allocationPercent !== 'string' || !/^\d+(\.\d+)?$/.test(t.allocationPercent)) {
      throw new ValidationError(`${at}.allocationPercent must be a decimal string such as "50"`, {
        field: `${at}.allocationPercent`,
      });
    }
    // The generated serializer maps over it: a missing list would be a bare TypeError (entries are the server's).
    if (!Array.isArray(t.parameters)) {
      throw new ValidationError(`${at}.parameters must be a list of { flagKey, variationId }`, {
        field: `${at}.parameters`,
      });
    }
    total += Number(t.allocationPercent);
  });
  if (total > 100.0001)
    throw new ValidationError(`${field}.treatments allocate ${total}% in total; at most 100`, {
      field: `${field}.treatments`,
    });
  if (iteration.treatments.filter((t) => t.baseline).length !== 1)
    throw new ValidationError(`${field}.treatments need exactly one baseline`, { field: `${field}.treatments` });
  if (!iteration.flags || typeof iteration.flags !== 'object' || Object.keys(iteration.flags).length === 0) {
    throw new ValidationError(`${field}.flags needs the flag rule, keyed by flag key`, { field: `${field}.flags` });
  }
}
