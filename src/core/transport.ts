/**
 * The `fetchApi` handed to the generated client: throttle gate → attempt loop (timeouts, retries, waits)
 * → typed errors. Generated code only ever sees 2xx responses.
 *
 * Per call: wait at the shared throttle gate; then for each attempt, send under a per-attempt timeout
 * combined with the caller's signal, through the sender chosen once per client (sender.ts: the `fetch` option,
 * else node:http where it exists, else the runtime's fetch). 2xx is returned. 429 is retried for every method after the server's
 * stated wait (Retry-After, reset headers, body hook; floored and jittered) or a backoff. 5xx, 408, timeouts
 * and network errors are retried only for idempotent methods unless `retryNonIdempotent`. Other statuses,
 * exhausted retries, and waits beyond `maxRetryDelayMs` end in one typed error from `errorFromResponse`.
 */
import type { AttemptResult, Sender } from './attempt-result';
import { bufferedResponse, type ResponseContext } from './buffered-response';
import { getCallOptions, mergeHeaders, stripCallOptions } from './call-options';
import { errorFromResponse, parseBodyText, requestPath, type ErrorPolicy } from './error-factory';
import { connectionError, cutShortError } from './connection-error';
import { AbortError, TimeoutError } from './errors';
import type { FetchAPI, FetchLike, ResponseLike } from './fetch-types';
import { createLogger, type Logger, type LogLevel } from './logger';
import {
  addJitter,
  clampWait,
  DEFAULT_JITTER_RATIO,
  DEFAULT_MIN_WAIT_MS,
  parseRetryAfter,
  serverStatedWait,
  unstatedWaitMs,
  type RateLimitPolicy,
} from './rate-limit';
import { createRedactor, type Redactor } from './redact';
import type { ResponseShapesSource } from './response-shape';
import type { RateLimitStore } from './rate-limit-store';
import { checkHeaders, checkLimits } from './request-checks';
import { backoffMs, isIdempotentMethod, mayRetry, retryReasonForStatus, type RetryReason } from './retry-policy';
import { chooseSender } from './sender';
import { linkSignals } from './signals';
import { sleep as defaultSleep, type SleepFn } from './sleep';
import { Throttle } from './throttle';

/** Re-exported so callers can type `Configuration.fetchApi` from this module alone. */
export type { FetchAPI } from './fetch-types';

/** Default retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;
/** Default per-attempt timeout, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default largest wait accepted before throwing RateLimitError instead, in ms. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** Passed to `onRetry` before each retry's wait. */
export interface RetryInfo {
  /** Number of the retry about to happen (1 = first retry). */
  attempt: number;
  /** Wait before it, in ms (jitter included). */
  waitMs: number;
  /** Request method, upper case. */
  method: string;
  /** Full request URL, redacted. */
  url: string;
  /** HTTP status of the failed attempt; absent for network errors and timeouts. */
  status?: number;
  /** Why the attempt failed. */
  reason: RetryReason;
}

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /**
   * Underlying fetch (global fetch, node-fetch v2, a test double). Default: `node:http`/`node:https` where
   * the runtime has them (Node, Bun, Deno), else the global `fetch` (sender.ts). Without either, building the
   * transport throws a ValidationError.
   */
  fetch?: FetchLike;
  /** Retries after the first attempt; 0 disables retrying. Default 2. */
  maxRetries?: number;
  /**
   * Timeout of each attempt, in ms: covers connecting, sending, the response headers and the whole body.
   * Default 30 000.
   */
  timeoutMs?: number;
  /** Largest wait accepted before a retry or at the throttle gate, in ms; longer waits throw RateLimitError. Default 60 000. */
  maxRetryDelayMs?: number;
  /** Retry POST/PATCH on 5xx, 408, timeouts and network errors too. Default false (the server may have acted). */
  retryNonIdempotent?: boolean;
  /** Called before every retry wait. Exceptions thrown by it are logged and ignored. */
  onRetry?: (info: RetryInfo) => void;
  /** Log destination. Default: none (silent). Everything passed to it is redacted. */
  logger?: Logger;
  /** Least severe level passed to `logger`. Default `'warn'`. */
  logLevel?: LogLevel;
  /** Values (API keys, tokens) to redact from errors, logs and callbacks. Values under 4 characters are ignored. */
  secrets: string[];
  /** Which headers/bodies state rate-limit waits. */
  rateLimitPolicy: RateLimitPolicy;
  /** Vendor mapping of error bodies. Default: LD/PostHog-compatible parsing only. */
  errorPolicy?: ErrorPolicy;
  /** Throttle gate shared by every transport of one client. Default: a new one per transport (using `now`/`sleep`/`random`). */
  throttle?: Throttle;
  /** Store keeping the rate-limit budget with other processes; used by the default throttle. Default: none (in memory). */
  rateLimitStore?: RateLimitStore;
  /** Id of this client's budget in `rateLimitStore` (a hash, never the key). Required with `rateLimitStore`. */
  rateLimitBudget?: string;
  /** Abortable sleep. Default: real timers. */
  sleep?: SleepFn;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Uniform random in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Response headers whose value `.withResponse()` reports as `requestId`, first present wins. Default `['x-request-id']`. */
  requestIdHeaders?: readonly string[];
  /** The vendor's 2xx body shapes (called on first use), for the one-warning-per-response deviation check. Default: none. */
  responseShapes?: ResponseShapesSource;
}

/** Default of {@link TransportOptions.requestIdHeaders}. */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ['x-request-id'];

interface Call {
  url: string;
  safeUrl: string;
  method: string;
  path: string;
  init: RequestInit;
  /** The caller's signal(s), linked; undefined when the caller passed none. */
  signal: AbortSignal | undefined;
  maxRetries: number;
  timeoutMs: number;
  retryNonIdempotent: boolean;
}

/** What the loop does after a failed attempt: wait and retry, or throw. */
type Decision = { retry: true; waitMs: number; reason: RetryReason; status?: number } | { retry: false; error: Error };

/** Builds the `fetchApi` for the generated client (algorithm in the module comment above). */
export function createTransport(options: TransportOptions): FetchAPI {
  checkLimits(options);
  const redactor = createRedactor(options.secrets);
  const log = createLogger({
    logger: options.logger,
    level: options.logLevel,
    redactor,
  });
  // Debug lines would build (and redact) strings on every call; skip them unless they can be emitted.
  const debug = !!options.logger && options.logLevel === 'debug';
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const policy = options.rateLimitPolicy;
  const minWaitMs = policy.minWaitMs ?? DEFAULT_MIN_WAIT_MS;
  const jitterRatio = policy.jitterRatio ?? DEFAULT_JITTER_RATIO;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  const throttle =
    options.throttle ??
    new Throttle({
      now,
      sleep,
      random,
      jitterRatio,
      store: options.rateLimitStore,
      budget: options.rateLimitBudget,
      logger: log,
    });
  const send: Sender = chooseSender(options.fetch);
  const level = options.logLevel ?? 'warn';
  const responseContext: ResponseContext = {
    redactor,
    // The deviation check runs only when its warning can be emitted.
    warn:
      options.logger && level !== 'off' && level !== 'error' ? (message, data) => log.warn(message, data) : undefined,
    requestIdHeaders: (options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((name) => name.toLowerCase()),
    shapes: options.responseShapes,
  };
  const serverWait = (response: ResponseLike, body: unknown): number | undefined => {
    const stated =
      response.status === 429
        ? serverStatedWait(response.headers, body, policy, now())?.waitMs
        : parseRetryAfter(response.headers.get('retry-after'), now());
    return stated === undefined ? undefined : clampWait(stated, minWaitMs);
  };

  const decide = (
    call: Call,
    result: Exclude<AttemptResult, { kind: 'success' }>,
    retryIndex: number,
    ticket: number,
  ): Decision => {
    if (result.kind === 'failure')
      return decideOnFailure(call, result, retryIndex, { random, maxRetryDelayMs, redactor });
    const { response } = result;
    const reason = retryReasonForStatus(response.status);
    const body = parseBodyText(result.bodyText);
    const stated = reason ? serverWait(response, body) : undefined;
    // A 429 stating no wait waits the vendor's window where it has one (jittered like a stated wait).
    const windowWaitMs =
      reason === 'rate_limited' && stated === undefined ? unstatedWaitMs(policy, retryIndex) : undefined;
    if (reason === 'rate_limited') {
      // Not awaited: the retry waits far longer than a shared store takes to hear it.
      void throttle.observe(response.headers, policy, ticket);
      // PostHog states its wait only in the body and LD's IP limit only in Retry-After; either way the
      // whole client is limited, so concurrent calls should wait too.
      if (stated !== undefined) void throttle.blockUntil(now() + stated);
    }
    const waitMs = reason ? (stated ?? windowWaitMs ?? backoffMs(retryIndex, random)) : 0;
    const retryable =
      reason !== undefined && retryIndex < call.maxRetries && mayRetry(reason, call.method, call.retryNonIdempotent);
    // A wait longer than the cap is reported to the caller rather than slept through or replaced by a
    // short backoff that would only collect another 429.
    if (!reason || !retryable || waitMs > maxRetryDelayMs) {
      const error = errorFromResponse({
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        bodyText: result.bodyText,
        method: call.method,
        url: call.url,
        redactor,
        errorPolicy: options.errorPolicy,
        retryAfterMs: reason === 'rate_limited' ? waitMs : undefined,
      });
      return { retry: false, error };
    }
    return {
      retry: true,
      waitMs: stated === undefined && windowWaitMs === undefined ? waitMs : addJitter(waitMs, random, jitterRatio),
      reason,
      status: response.status,
    };
  };

  const notifyRetry = (info: RetryInfo): void => {
    log.warn(`Retrying ${info.method} ${info.url} in ${info.waitMs} ms (retry ${info.attempt}, ${info.reason})`, {
      ...info,
    });
    try {
      options.onRetry?.(info);
    } catch (error) {
      log.error('onRetry callback threw; ignoring', {
        error: redactor.error(error).message,
      });
    }
  };

  // One attempt through the chosen sender. Only a caller abort becomes AbortError; anything else a sender
  // throws (it should report, not throw) is a failure whose cause reaches the caller.
  const attempt = async (call: Call): Promise<AttemptResult> => {
    try {
      return await send({ url: call.url, init: call.init, callSignal: call.signal, timeoutMs: call.timeoutMs });
    } catch (error) {
      if (call.signal?.aborted) throw aborted(call);
      return { kind: 'failure', reason: 'internal', error };
    }
  };

  const run = async (call: Call): Promise<Response> => {
    for (let retryIndex = 0; ; retryIndex++) {
      // Every attempt passes the gate, retries too: a retry after a backoff must not go out into a window that
      // another call's answer has closed meanwhile.
      let ticket: number;
      try {
        ticket = await throttle.wait({
          signal: call.signal,
          maxWaitMs: maxRetryDelayMs,
          method: call.method,
          // Read only if the gate throws: redacting the path on every call cost ~1.7 µs (bench/profile-overhead.js).
          get path() {
            return call.path;
          },
        });
      } catch (error) {
        throw error instanceof AbortError ? aborted(call) : error;
      }
      let decision: Decision;
      // Every request that passed the gate is released when it ends, however it ends.
      try {
        if (call.signal?.aborted) throw aborted(call);
        if (debug) log.debug(`${call.method} ${call.safeUrl}`, { attempt: retryIndex + 1 });
        const result = await attempt(call);
        if (debug && result.kind !== 'failure')
          log.debug(`${call.method} ${call.safeUrl} -> ${result.response.status}`);
        if (result.kind === 'success') {
          // With a shared store, other processes learn what remains before this call returns.
          const noted = throttle.observe(result.response.headers, policy, ticket);
          if (noted) await noted;
          return bufferedResponse(result.response, result.bodyText, responseContext);
        }
        decision = decide(call, result, retryIndex, ticket);
      } finally {
        throttle.release(ticket);
      }
      if (!decision.retry) throw decision.error;
      notifyRetry({
        attempt: retryIndex + 1,
        waitMs: decision.waitMs,
        method: call.method,
        url: call.safeUrl,
        ...(decision.status !== undefined ? { status: decision.status } : {}),
        reason: decision.reason,
      });
      try {
        await sleep(decision.waitMs, call.signal);
      } catch (error) {
        throw call.signal?.aborted ? aborted(call) : error;
      }
    }
  };

  return async (url, init) => {
    const callOptions = getCallOptions(init);
    checkLimits(callOptions);
    const method = (init?.method ?? 'GET').toUpperCase();
    const base = stripCallOptions(init);
    const headers = mergeHeaders(init?.headers, callOptions.headers);
    checkHeaders(headers);
    // Linking costs an AbortController and listeners per call; without a caller signal there is nothing to link.
    const sources = [init?.signal, callOptions.signal].filter((signal): signal is AbortSignal => !!signal);
    const link = sources.length > 0 ? linkSignals(sources) : undefined;
    const requestInit: RequestInit = { ...base, method, headers };
    // Each attempt supplies its own signal (caller + timeout); the caller's is linked above.
    delete requestInit.signal;
    // Redacted forms are needed only for logs and errors, so they are computed on first use.
    let safeUrl: string | undefined;
    let path: string | undefined;
    const call: Call = {
      url,
      get safeUrl() {
        return (safeUrl ??= redactor.string(url));
      },
      method,
      get path() {
        return (path ??= requestPath(url, redactor));
      },
      init: requestInit,
      signal: link?.signal,
      // A one-shot stream body cannot be sent twice, so such calls get exactly one attempt.
      maxRetries: isReplayable(base.body) ? (callOptions.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES) : 0,
      timeoutMs: callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retryNonIdempotent: callOptions.retryNonIdempotent ?? options.retryNonIdempotent ?? false,
    };
    try {
      return await run(call);
    } finally {
      link?.dispose();
    }
  };
}

/**
 * After an attempt that got no response: a timeout or network error is retried with backoff while retries
 * and the method allow; an error of the environment or of code is reported at once, as it would only repeat.
 */
function decideOnFailure(
  call: Call,
  result: Extract<AttemptResult, { kind: 'failure' }>,
  retryIndex: number,
  limits: { random: () => number; maxRetryDelayMs: number; redactor: Redactor },
): Decision {
  // A write whose 2xx answer broke off or stalled was acted on: it is never sent again, and its error says so
  // even after a timeout (a read that timed out stays a TimeoutError, and may be retried).
  const acceptedWrite = result.accepted !== undefined && !isIdempotentMethod(call.method);
  const timeout = () => new TimeoutError(call.timeoutMs, { method: call.method, path: call.path });
  const error =
    result.accepted && (acceptedWrite || result.reason !== 'timeout')
      ? cutShortError(result.accepted, result.reason === 'timeout' ? timeout() : result.error, call, limits.redactor)
      : result.reason === 'timeout'
        ? timeout()
        : connectionError(result.error, call, result.reason === 'internal', limits.redactor);
  if (
    result.reason === 'internal' ||
    retryIndex >= call.maxRetries ||
    acceptedWrite ||
    !mayRetry(result.reason, call.method, call.retryNonIdempotent)
  ) {
    return { retry: false, error };
  }
  const waitMs = backoffMs(retryIndex, limits.random);
  return waitMs > limits.maxRetryDelayMs ? { retry: false, error } : { retry: true, waitMs, reason: result.reason };
}

function aborted(call: Call): AbortError {
  return new AbortError('Request was aborted', { method: call.method, path: call.path });
}

function isReplayable(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  const candidate = body as { getReader?: unknown; pipe?: unknown };
  return typeof candidate.getReader !== 'function' && typeof candidate.pipe !== 'function';
}
