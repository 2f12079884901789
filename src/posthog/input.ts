/**
 * Small input checks shared by the PostHog facade. Each throws a core ValidationError naming the field, so a
 * bad call fails before any request is sent.
 */
import { ValidationError } from '../core/errors';
import { checkKnownFields } from '../core/known-fields';
import { checkWellFormed } from '../core/path-params';

const DIGITS = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws a ValidationError for `field`. */
export function invalid(field: string, message: string): never {
  throw new ValidationError(`${field} ${message}`, { field });
}

/**
 * Throws for the first key of `value` that is set (not undefined) and not in `known`, naming it as
 * `<field>.<key>` (just `<key>` when `field` is empty). `reason` ends the message; default: the keys allowed.
 */
export function rejectUnknownKeys(
  value: object,
  known: readonly string[],
  field: string,
  reason = `is not accepted here (allowed: ${known.join(', ')})`,
): void {
  const extra = Object.entries(value).find(([key, v]) => v !== undefined && !known.includes(key));
  if (extra) invalid(field ? `${field}.${extra[0]}` : extra[0], reason);
}

/**
 * Refuses what `serialize` (the generated request model's `ToJSON`) would drop from `body`, at any depth: a
 * misspelt field would silently not be set (see {@link checkKnownFields}). Run it after the field checks, as
 * `serialize` reads nested values.
 */
export function rejectDroppedKeys(body: object, serialize: (value: never) => object): void {
  checkKnownFields(body, serialize(body as never));
}

/**
 * Refuses top-level keys of a create body that `serialize` does not send, with PostHog's own reason: it answers
 * such a create 400 "Can't create keys: …" (nested keys are the nested models' business).
 */
export function checkCreatableKeys(body: object, serialize: (value: never) => object, resource: string): void {
  rejectUnknownKeys(
    body,
    Object.keys(serialize(body as never)),
    '',
    `is not a field PostHog creates on ${resource} (it answers 400 "Can't create keys")`,
  );
}

/** A project id as sent in the path: a positive integer (number or digit string) or `'@current'`. */
export function checkProjectId(value: unknown): string {
  if (value === '@current') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && DIGITS.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value)))
    return value;
  return invalid('projectId', `must be a positive integer or '@current', got ${JSON.stringify(value)}`);
}

/** A numeric resource id (experiment, holdout, saved metric, action, user, flag, team): a positive integer. */
export function checkId(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    invalid(field, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** A UUID string (e.g. a recalculation run id). */
export function checkUuid(field: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) invalid(field, 'must be a UUID');
  return value;
}

/** A required, non-blank query-string value: lone UTF-16 surrogates refused, as the query encoding would throw. */
export function requireQueryText(field: string, value: unknown): string {
  return checkWellFormed(field, requireText(field, value));
}

/** A required, non-blank string of at most `maxLength` characters. */
export function requireText(field: string, value: unknown, maxLength = Infinity): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(field, 'must be a non-blank string');
  if (value.length > maxLength) invalid(field, `must be at most ${maxLength} characters`);
  return value;
}

/** An optional string (blank allowed, null allowed) of at most `maxLength` characters. */
export function optionalText(field: string, value: unknown, maxLength = Infinity): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (value.length > maxLength) invalid(field, `must be at most ${maxLength} characters`);
}

/** An optional boolean. */
export function checkBoolean(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') invalid(field, 'must be a boolean');
}

/** An optional value out of `allowed` (null passes when `nullable`). */
export function checkEnum(field: string, value: unknown, allowed: readonly unknown[], nullable = false): void {
  if (value === undefined || (nullable && value === null)) return;
  if (!allowed.includes(value)) invalid(field, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
}

/** An optional integer in [min, max] (null passes when `nullable`). */
export function checkInteger(
  field: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  nullable = false,
): void {
  if (value === undefined || (nullable && value === null)) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    invalid(field, `must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}`);
}

/** An optional finite number in [min, max] (null passes when `nullable`). */
export function checkNumber(field: string, value: unknown, min: number, max: number, nullable = false): void {
  if (value === undefined || (nullable && value === null)) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    invalid(field, `must be a number from ${min} to ${max}`);
}

/** A required plain object. */
export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(field, 'must be an object');
  return value as Record<string, unknown>;
}

/** An optional array of strings (null passes when `nullable`). */
export function checkStringList(field: string, value: unknown, nullable = false): void {
  if (value === undefined || (nullable && value === null)) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) invalid(field, 'must be an array of strings');
}

/** Page size and offset of a list call: `limit` ≥ 1 (≤ `maxLimit`), `offset` ≥ 0. */
export function checkPaging(params: { limit?: number; offset?: number }, maxLimit = Number.MAX_SAFE_INTEGER): void {
  checkInteger('limit', params.limit, 1, maxLimit);
  checkInteger('offset', params.offset, 0);
}
