/**
 * What every call returns: a Promise of the data (so `await` is unchanged) that can also give the HTTP
 * response the data came from, in the pattern of openai-node's `APIPromise`.
 */
import { RequiredError } from '../../generated/runtime';
import { ValidationError } from './errors';

/** The parts of a successful HTTP response a caller may read (rate-limit headers, request ids). */
export interface ResponseInfo {
  /** HTTP status code (2xx). */
  readonly status: number;
  /**
   * Response headers, names lower-cased, frozen. Sensitive ones (`set-cookie`, ...) and the client's secrets
   * are redacted; request headers such as `Authorization` are never part of it.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** URL the response came from (redacted). */
  readonly url: string;
}

/** Result of `.withResponse()`. */
export interface WithResponse<T> {
  /** What plain `await` gives. */
  readonly data: T;
  /** The response it came from. */
  readonly response: ResponseInfo;
  /** The request id the server sent in `X-Request-Id`, if any (see the README: neither vendor documents one). */
  readonly requestId: string | undefined;
}

/**
 * `await call` → the data; `await call.withResponse()` → `{ data, response, requestId }`. The request is sent
 * once, when the call is made, whichever of the two is read (or both).
 */
export class APIPromise<T> extends Promise<T> {
  readonly #source: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  /** @param source the call, resolving to the data with its response. */
  constructor(source: Promise<WithResponse<T>>) {
    // The base promise is never observed: then/catch/finally below read `source`.
    super((resolve) => resolve(undefined as T));
    this.#source = source;
  }

  /** Promises derived by `then` are plain Promises. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The data together with the response it came from. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#source;
  }

  /** Resolves the data. */
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any`, as in Promise, so handlers may narrow
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#value().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch` on the data. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in Promise
  override catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#value().catch(onrejected);
  }

  /** Like `Promise.prototype.finally` on the data. */
  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onfinally);
  }

  #value(): Promise<T> {
    return (this.#data ??= this.#source.then((result) => result.data));
  }
}

/**
 * Runs `call` now and wraps it. A synchronous throw (an input check) becomes a rejection, as it would in an
 * `async` function.
 */
export function apiPromise<T>(call: () => Promise<WithResponse<T>>): APIPromise<T> {
  let source: Promise<WithResponse<T>>;
  try {
    source = call();
  } catch (error) {
    source = Promise.reject(error);
  }
  return new APIPromise(source.catch(asValidationError));
}

// The generated runtime reports bad input (a missing required parameter, a body that is not JSON) as its own
// RequiredError; callers get the ValidationError every other input check throws.
function asValidationError(error: unknown): never {
  if (error instanceof RequiredError) throw new ValidationError(error.message, { field: error.field });
  throw error;
}
