/** Shared fast-check arbitraries and helpers of the property tests (not a test file itself). */
import fc from 'fast-check';
import { ValidationError } from '../../src';

/** Runs per property: bounded so the whole folder stays fast. */
export const RUNS = { numRuns: 200 } as const;

/** Characters that mean something in URLs, LaunchDarkly filters or paths, plus odd unicode. */
const SPECIAL = [',', ':', '/', '?', '#', '%', '.', '..', '&', '=', '+', ' ', '\\', ';', '@', '[', ']', '~', '*'];
const UNICODE = ['é', 'ß', '😀', '\u200b', '\u0000', '\u202e', '\ufeff', '日本', 'Ω'];
const TOKENS = ['%2e', '%2E', '%2e%2e', '%2f', '%2F', '%00', '%', '..', '.', '__proto__', 'constructor', 'prototype'];

/** Well-formed strings (no lone surrogates) that favour the characters above. */
export const nastyString: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...SPECIAL, ...UNICODE, ...TOKENS, 'a', 'b', '1') }),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', ' ', '.', '..', './', '../', '%2e%2e', '%2E%2E', '.%2e', '/', '?', '#', '%', 'a/../b', '\t'),
  )
  .filter((s) => !hasLoneSurrogate(s));

/** Strings containing at least one lone (unpaired) UTF-16 surrogate: not valid Unicode, not encodable in a URL. */
export const loneSurrogateString: fc.Arbitrary<string> = fc
  .tuple(fc.string(), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string())
  .map(([a, code, b]) => `${a}${String.fromCharCode(code)}${b}`)
  .filter(hasLoneSurrogate);

/** True when `s` contains an unpaired UTF-16 surrogate (String.prototype.isWellFormed is ES2024). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Any JSON-like or odd JS value (no bigint, functions or symbols). */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }),
  fc.constantFrom(undefined, null, NaN, -0, Infinity, [], {}, true, 0, 1.5, -1),
);

/**
 * Runs `f`; returns `{ ok: value }`, or `{ invalid: error }` for a ValidationError. Any other exception is
 * rethrown, which fails the property: inputs must give a valid result or a ValidationError, nothing else.
 */
export function outcome<T>(f: () => T): { ok: T } | { invalid: ValidationError } {
  try {
    return { ok: f() };
  } catch (error) {
    if (error instanceof ValidationError) return { invalid: error };
    throw error;
  }
}

/** Async {@link outcome}. */
export async function outcomeAsync<T>(f: () => Promise<T>): Promise<{ ok: T } | { invalid: ValidationError }> {
  try {
    return { ok: await f() };
  } catch (error) {
    if (error instanceof ValidationError) return { invalid: error };
    throw error;
  }
}

/** A JSON round trip: what actually travels on the wire. */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * Counts how often a property took its "valid" and its "ValidationError" branch, so a test can assert that
 * both were exercised (a property whose inputs are all refused proves nothing).
 */
export function tally() {
  const counts = { ok: 0, invalid: 0 };
  return {
    counts,
    ok: () => void (counts.ok += 1),
    invalid: () => void (counts.invalid += 1),
    /** Both branches taken at least `min` times (default 10). */
    expectBoth(min = 10) {
      expect(counts.ok).toBeGreaterThanOrEqual(min);
      expect(counts.invalid).toBeGreaterThanOrEqual(min);
    },
  };
}
