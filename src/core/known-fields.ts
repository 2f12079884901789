import { ValidationError } from './errors';

/**
 * Throws ValidationError for any part of `input` that `serialized` (what the generated serializer made of it,
 * which writes every field the spec knows) lost: a key the request does not take, at any depth (a misspelt
 * field would silently not be set), or a value where an object belongs (`metrics: ['key']` became `[{}]`).
 * Free-form objects and models open to extra keys are copied by the serializer, so their keys always match.
 * `field` prefixes the paths named (none for a top-level body).
 */
export function checkKnownFields(input: unknown, serialized: unknown, field = ''): void {
  if (serialized === null || typeof serialized !== 'object') return;
  if (input === null || typeof input !== 'object') throw new ValidationError(`${field} must be an object`, { field });
  for (const [key, value] of Object.entries(input)) {
    const at = Array.isArray(input) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
    if (value === undefined) continue;
    if (!(key in serialized)) {
      const known = Object.keys(serialized).join(', ');
      throw new ValidationError(`${at} is not a field of this request (known: ${known})`, { field: at });
    }
    checkKnownFields(value, (serialized as Record<string, unknown>)[key], at);
  }
}
