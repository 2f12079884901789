import { budgetId } from './budget-id';
import { mergeHeaders } from './call-options';
import type { ErrorPolicy } from './error-factory';
import { ValidationError } from './errors';
import type { FetchLike } from './fetch-types';
import type { Logger, LogLevel } from './logger';
import type { RateLimitPolicy } from './rate-limit';
import type { ResponseShapesSource } from './response-shape';
import type { RateLimitStore } from './rate-limit-store';
import { createRedactor } from './redact';
import { createTransport, type FetchAPI, type RetryInfo } from './transport';
import { VERSION } from '../version';

/** Options every vendor client takes. Every time is in milliseconds. */
export interface CommonClientOptions {
  /** Allow `http://` base URLs to non-loopback hosts. Default false: the key would travel in clear text. */
  allowInsecureHttp?: boolean;
  /** Timeout of each attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt; 0 disables. Default 2. */
  maxRetries?: number;
  /** Longest server-requested wait accepted before a retry; longer waits throw `RateLimitError`. Default 60 000 ms. */
  maxRetryDelayMs?: number;
  /**
   * A fetch to send through (e.g. `globalThis.fetch`, node-fetch v2). Default: `node:http`/`node:https` where
   * the runtime has them (Node, Bun, Deno), else the runtime's global `fetch` (Workers, edge, browsers).
   */
  fetch?: FetchLike;
  /** Receives redacted log lines. Default: none. */
  logger?: Logger;
  /** Least severe level passed to `logger`. Default `'warn'`. */
  logLevel?: LogLevel;
  /** Called before every retry wait with the attempt number, wait (ms) and reason. */
  onRetry?: (info: RetryInfo) => void;
  /** Appended to `User-Agent` (`experiments-api/<version> <userAgent>`). Default: none. */
  userAgent?: string;
  /** Extra headers sent with every request. Default: none. */
  headers?: Record<string, string>;
  /**
   * Where the rate-limit budget is kept. Default: in this client's memory (each client and process paces
   * itself from the answers it sees). Give a shared store, e.g. `redisRateLimitStore({ client })`, so that
   * every process using the same API key spends one budget; it is told only a hash of the key.
   */
  rateLimitStore?: RateLimitStore;
}

/**
 * Checks that `apiKey` is a non-blank bare key. A `Bearer ` prefix is refused because each client adds
 * (or, for LaunchDarkly, must not add) the scheme itself; `what` names the kind of key in the message.
 */
export function checkApiKey(apiKey: unknown, what: string): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new ValidationError(`apiKey is required: ${what}`, { field: 'apiKey' });
  }
  if (/^bearer\s/i.test(apiKey)) {
    throw new ValidationError('apiKey must be the bare key, without a "Bearer " prefix', { field: 'apiKey' });
  }
  // Keys have no whitespace; a line break usually comes from reading the key from a file, and would
  // otherwise surface only at the first request. A header carries only Latin-1 (not a pasted typographic quote).
  if (/[\s\p{Cc}\u0100-\u{10ffff}]/u.test(apiKey)) {
    throw new ValidationError(
      'apiKey contains whitespace, a control character or one beyond Latin-1 (a trailing newline from a file?)',
      { field: 'apiKey' },
    );
  }
  return apiKey;
}

/**
 * Runs the rest of a client's construction once `apiKey` is checked: a ValidationError quoting the key (given by
 * mistake as another option, e.g. swapped environment variables as `baseUrl` or `projectId`) has it redacted.
 */
export function hidingKey<T>(apiKey: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const redactor = createRedactor([apiKey]);
    throw new ValidationError(redactor.string(error.message), { field: error.field && redactor.string(error.field) });
  }
}

/** The transport of one client: `options` plus the vendor's policies, with `apiKey` redacted everywhere. */
export function createClientTransport(
  options: CommonClientOptions,
  vendor: {
    /** Names the vendor in the shared rate-limit budget id. */
    name: string;
    apiKey: string;
    rateLimitPolicy: RateLimitPolicy;
    errorPolicy?: ErrorPolicy;
    /** The vendor's 2xx body shapes, for the deviation warning. */
    responseShapes?: ResponseShapesSource;
  },
): FetchAPI {
  const store = options.rateLimitStore;
  const methods = ['acquire', 'record', 'block', 'release'] as const;
  if (store !== undefined && (store === null || methods.some((m) => typeof store[m] !== 'function'))) {
    throw new ValidationError('rateLimitStore must be a rate-limit store, e.g. redisRateLimitStore({ client })', {
      field: 'rateLimitStore',
    });
  }
  return createTransport({
    fetch: options.fetch,
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    onRetry: options.onRetry,
    logger: options.logger,
    logLevel: options.logLevel,
    secrets: [vendor.apiKey],
    rateLimitPolicy: vendor.rateLimitPolicy,
    errorPolicy: vendor.errorPolicy,
    responseShapes: vendor.responseShapes,
    rateLimitStore: store,
    rateLimitBudget: store ? budgetId(vendor.name, vendor.apiKey) : undefined,
  });
}

/** Headers every request of a client carries: the caller's extra headers and our `User-Agent`. */
export function clientHeaders(options: CommonClientOptions): Record<string, string> {
  // Names and values are checked with every request's (src/core/request-checks.ts), before it is sent.
  return mergeHeaders(options.headers, {
    'User-Agent': `experiments-api/${VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`,
  });
}
