/**
 * Helpers for reading 2xx bodies tolerantly: a body that differs from the spec reaches the facade as it
 * arrived, so code that walks it must not assume the spec's shape.
 */

/** `value` when it is an array, else an empty array (a missing or mistyped list reads as empty). */
export function arrayOr<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
