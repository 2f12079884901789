/**
 * Which way a client sends its requests, decided once when the client is built:
 * 1. the `fetch` option, when given;
 * 2. otherwise node:http/node:https where the runtime is Node-like (`process.versions.node` is set and
 *    `process.getBuiltinModule` can load them). That is Node, and also Bun and Deno, whose node:http works
 *    and is what their users expect from an npm package; it is about twice as fast per call as fetch on Node (docs/benchmarks.md). The builtins are
 *    loaded by the first request (an app that only builds a client does not pay for them); if they cannot
 *    be loaded there, the client switches to the global fetch for good;
 * 3. otherwise the runtime's own global `fetch` (Cloudflare Workers, Vercel Edge, browsers);
 * 4. with neither, building the client throws a ValidationError saying to pass `fetch`.
 * The fetch ways touch no `process`, `Buffer` or `require`.
 */
import { runAttempt } from './attempt';
import type { Sender, SendInput } from './attempt-result';
import { ValidationError } from './errors';
import type { FetchLike } from './fetch-types';
import { canSendNatively, nodeAttempt, nodeHttpLoads } from './node-http';

/**
 * True where the runtime says it is Node-compatible and can hand out builtins (Node >= 20.16, Bun, Deno:
 * `process.versions.node` and `process.getBuiltinModule`); touches nothing that may be missing.
 */
export function isNodeLike(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: unknown }; getBuiltinModule?: unknown } }).process;
  return typeof process?.versions?.node === 'string' && typeof process.getBuiltinModule === 'function';
}

/** The runtime's global fetch, called through `globalThis` (Workers refuse a fetch detached from it). */
function globalFetch(): FetchLike | undefined {
  return typeof globalThis.fetch === 'function' ? (url, init?: RequestInit) => globalThis.fetch(url, init) : undefined;
}

/** Builds the sender for a client (rules in the module comment); throws ValidationError when there is none. */
export function chooseSender(fetch: FetchLike | undefined): Sender {
  if (fetch) return (input) => runAttempt({ ...input, fetch });
  const fallback = globalFetch();
  if (isNodeLike()) return nodeSender(fallback);
  if (fallback) return (input) => runAttempt({ ...input, fetch: fallback });
  throw new ValidationError(
    'No way to send requests: this runtime has neither node:http nor a global fetch; pass the `fetch` option',
    { field: 'fetch' },
  );
}

function nodeSender(fallback: FetchLike | undefined): Sender {
  let native: boolean | undefined;
  const viaFetch = (input: SendInput) =>
    fallback
      ? runAttempt({ ...input, fetch: fallback })
      : Promise.resolve({
          kind: 'failure' as const,
          reason: 'internal' as const,
          error: new TypeError(
            native === false
              ? 'node:http could not be loaded and there is no global fetch; pass the `fetch` option'
              : 'No global fetch to send this body (a stream or form); pass the `fetch` option',
          ),
        });
  return (input) => {
    native ??= nodeHttpLoads();
    // Streams and forms are not something node:http takes as they are; fetch encodes them.
    if (!native || !canSendNatively(input.init.body)) return viaFetch(input);
    return nodeAttempt({
      url: input.url,
      method: input.init.method ?? 'GET',
      headers: (input.init.headers ?? {}) as Record<string, string>,
      body: input.init.body,
      callSignal: input.callSignal,
      timeoutMs: input.timeoutMs,
    });
  };
}
