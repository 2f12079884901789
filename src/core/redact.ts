/** Replacement text for every redacted value. */
export const REDACTED = '[REDACTED]';

/**
 * Header (and body-key) names whose values are always redacted, compared case-insensitively.
 * `proxy-authorization` and `set-cookie` carry the same kind of secret as their shorter cousins.
 */
export const SENSITIVE_HEADER_NAMES: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

/**
 * Secrets shorter than this many characters are ignored by value redaction: replacing every
 * occurrence of e.g. `"ab"` would shred ordinary text and still not protect a real credential.
 * Header-name redaction still applies to them.
 */
export const MIN_SECRET_LENGTH = 4;

// Matches `authorization: x`, `"cookie":"x"`, `x-api-key=x` inside free text (log lines, messages,
// util.inspect output). The value runs to the end of the line or the next quote so that cookie lists
// and `Bearer <token>` are covered whole.
const HEADER_IN_TEXT =
  /(proxy-authorization|authorization|set-cookie|cookie|x-api-key)(\s*["']?\s*[:=]\s*["']?)([^"'\r\n]+)/gi;

const MAX_DEPTH = 20;
const MAX_CAUSE_DEPTH = 5;

/** Removes secrets from strings, header maps, parsed bodies and errors. Every method is pure. */
export interface Redactor {
  /** Returns `text` with every secret (raw and URL-encoded) and sensitive header value replaced. */
  string(text: string): string;
  /** Returns a plain object with lower-cased names; sensitive headers and secrets redacted. */
  headers(headers: Record<string, string>): Record<string, string>;
  /** Deep copy of a JSON-like value with secrets and sensitive keys redacted (cycles become `[Circular]`). */
  value(value: unknown): unknown;
  /**
   * A fresh `Error` mirroring `error` (name, message, stack, `code`, cause chain up to 5 deep) with every
   * string redacted. Non-Error values (fetch mocks sometimes reject with plain objects) are wrapped.
   */
  error(error: unknown): Error;
}

/** True when `name` is one of {@link SENSITIVE_HEADER_NAMES} (case-insensitive). */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER_NAMES.includes(name.toLowerCase());
}

/**
 * Builds a {@link Redactor} for `secrets`. Each secret is matched literally (no regex semantics), in its
 * raw, `encodeURIComponent` and `URLSearchParams` forms (escapes in either case), longest first so that a
 * secret containing another is removed whole.
 * Secrets shorter than {@link MIN_SECRET_LENGTH} characters and empty values are ignored.
 */
export function createRedactor(secrets: readonly string[] = []): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    // Raw, as a path or query component, and as a form-encoded query value (`~'()!` escaped too); escapes
    // in either letter case.
    const component = encodeURIComponent(secret);
    // The form encoding by hand: URLSearchParams' first use costs a client 0.4 ms to build.
    const form = component.replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const shape of [secret, component, form.replace(/%20/g, '+')]) {
      needles.add(shape).add(shape.replace(/%[\dA-F]{2}/g, (escape) => escape.toLowerCase()));
    }
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);

  const redactString = (text: string): string => {
    let out = text;
    for (const needle of ordered) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out.replace(HEADER_IN_TEXT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
  };

  const redactValue = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return redactError(value, 0);
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
      if (value instanceof Date) return new Date(value.getTime());
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // defineProperty, not assignment: a "__proto__" key from a server body must stay a plain own property.
        Object.defineProperty(out, redactString(key), {
          value: isSensitiveHeader(key) ? REDACTED : redactValue(item, depth + 1, seen),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  const redactError = (error: unknown, depth: number): Error => {
    const source = (error ?? {}) as {
      name?: unknown;
      message?: unknown;
      stack?: unknown;
      code?: unknown;
      cause?: unknown;
    };
    const message =
      typeof source.message === 'string' ? source.message : typeof error === 'string' ? error : safeString(error);
    const copy = new Error(redactString(message));
    if (typeof source.name === 'string') copy.name = redactString(source.name);
    // The copy's own stack points at this helper; the original's stack is more useful once cleaned.
    copy.stack = typeof source.stack === 'string' ? redactString(source.stack) : `${copy.name}: ${copy.message}`;
    if (typeof source.code === 'string' || typeof source.code === 'number') {
      (copy as Error & { code?: unknown }).code =
        typeof source.code === 'string' ? redactString(source.code) : source.code;
    }
    if (source.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      Object.defineProperty(copy, 'cause', {
        value: redactError(source.cause, depth + 1),
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  };

  return {
    string: redactString,
    headers(headers) {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        out[lower] = isSensitiveHeader(lower) ? REDACTED : redactString(String(value));
      }
      return out;
    },
    value: (value) => redactValue(value, 0, new WeakSet()),
    error: (error) => redactError(error, 0),
  };
}

function safeString(value: unknown): string {
  if (value === undefined || value === null) return 'Unknown error';
  try {
    if (typeof value === 'object') return JSON.stringify(value);
    if (typeof value === 'function') return Object.prototype.toString.call(value);
    const primitive = value as string | number | boolean | bigint | symbol;
    return String(primitive);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
