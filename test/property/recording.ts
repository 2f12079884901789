/** A recording fetch for the property tests: captures every request and answers with a canned JSON body. */
import type { FetchLike } from '../../src/core/fetch-types';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A fetch that records each request (URL, method, headers, parsed JSON body) and answers `respond()`. */
export function recordingFetch(respond: (call: RecordedCall) => { status?: number; body?: unknown } = () => ({})) {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]).forEach(
      (value, name) => (headers[name] = value),
    );
    const raw = init?.body;
    const call: RecordedCall = {
      url: String(url),
      method: (init?.method ?? 'GET').toUpperCase(),
      headers,
      ...(typeof raw === 'string' ? { body: JSON.parse(raw) as unknown } : {}),
    };
    calls.push(call);
    const { status = 200, body = {} } = respond(call);
    return Promise.resolve(
      new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };
  return { fetch, calls };
}
