/** Shared fixtures of the PostHog facade tests (not a test file itself). */
import nock from 'nock';
import type { ValidateFunction } from 'ajv';
import { PostHogExperiments, ValidationError, type PostHogOptions } from '../../src';
import { spec, validatorFor } from '../helpers/spec';

export const BASE = 'https://us.posthog.com';
export const KEY = 'phx_SECRET_4b9e1c7a2d8f6e5a';
export const PROJECT_ID = 12345;
export const PROJECT = `/api/projects/${PROJECT_ID}`;

/** A writable `feature_flag` with the two default variants, `control` and `test`, at 50/50. */
export const CONTROL_TEST_FLAG = {
  filters: {
    multivariate: {
      variants: [
        { key: 'control', rollout_percentage: 50 },
        { key: 'test', rollout_percentage: 50 },
      ],
    },
  },
};

/** A client on the US host for project 12345, with `extra` options merged in. */
export const client = (extra: Partial<PostHogOptions> = {}) =>
  new PostHogExperiments({ apiKey: KEY, projectId: PROJECT_ID, ...extra });

/** A nock scope on the US host that only matches requests carrying `Authorization: Bearer <KEY>`. */
export const ph = (headers: Record<string, string | RegExp | ((v: string) => boolean)> = {}, base = BASE) =>
  nock(base, { reqheaders: { authorization: `Bearer ${KEY}`, ...headers } });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The spec's path template, method and operation object for `operationId`. */
export function operation(operationId: string): { path: string; method: string; op: any; pointer: string } {
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of METHODS) {
      if (item[method]?.operationId === operationId)
        return { path, method, op: item[method], pointer: `#/paths/${escape(path)}/${method}` };
    }
  }
  throw new Error(`no operation ${operationId} in openapi.yaml`);
}

/** The documented example response of `operationId` for `status` (default: its first 2xx with a body). */
export function responseExample<T = any>(operationId: string, status?: string): T {
  const { op } = operation(operationId);
  const code = status ?? Object.keys(op.responses).find((c) => c.startsWith('2') && op.responses[c].content);
  const example = op.responses[code!]?.content?.['application/json']?.example;
  if (example === undefined) throw new Error(`no ${code} example for ${operationId}`);
  return structuredClone(example);
}

/** The documented example request body of `operationId`. */
export function requestExample<T = any>(operationId: string): T {
  const example = operation(operationId).op.requestBody?.content?.['application/json']?.example;
  if (example === undefined) throw new Error(`no request example for ${operationId}`);
  return structuredClone(example);
}

/** An ajv validator for the request body schema of `operationId`. */
export function requestValidator(operationId: string): ValidateFunction {
  return validatorFor(`${operation(operationId).pointer}/requestBody/content/application~1json/schema`);
}

/** Blocks real network access and fails a test that leaves an expected request unsent. */

/** Runs `call` and returns what it threw or rejected with (fails when it succeeded). */
export async function failure(call: () => unknown): Promise<any> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/**
 * Runs `call` and asserts it failed with a ValidationError naming `field` and sent no request. Requests are
 * counted by nock's `no match` event, which fires for any request no interceptor takes (all of them here).
 */
export async function expectRefused(call: () => unknown, field: string): Promise<void> {
  const sent: string[] = [];
  const record = (req: { method?: string; path?: string }) => sent.push(`${req.method} ${req.path}`);
  nock.emitter.on('no match', record);
  try {
    const error = await failure(call);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
  } finally {
    nock.emitter.removeListener('no match', record);
  }
  expect(sent).toEqual([]);
}

/** One operation's expected wire request and a check of its parsed response. */
export interface WireCase {
  /** The spec operation; its path template and method must produce `path` and the request. */
  operationId: string;
  /** Expected path after `/api/projects/12345` (trailing slash included). */
  path: string;
  /** Expected raw query string without `?` ('' or absent: none). */
  query?: string;
  /** Expected JSON body (absent: no body sent). */
  body?: unknown;
  /** Response status to answer with (default: the first documented 2xx); its example is the body. */
  status?: number;
  /** The facade call under test. */
  call: (c: PostHogExperiments) => Promise<unknown>;
  /** Assertions on the parsed result. */
  check: (result: any) => void;
}

/**
 * Intercepts the documented method on `PROJECT + path` (any query), answers with the documented example and
 * asserts: the spec route, the exact path and query, the Bearer key (scope reqheaders), the JSON body (validated
 * against the spec's request schema), and the facade's parse of the response.
 */
export async function expectWire(c: WireCase): Promise<void> {
  const { path: template, method, op } = operation(c.operationId);
  expect(template.replace('/api/projects/{project_id}', '')).toBe(
    c.path.replace(/\/\d+\//g, '/{id}/').replace(/\/[0-9a-f-]{36}\//, '/{recalculation_id}/'),
  );
  const status = c.status ?? Number(Object.keys(op.responses).find((code) => code.startsWith('2')));
  const example = status === 204 ? undefined : responseExample(c.operationId, String(status));
  let seen: { uri: string; body: unknown; headers: Record<string, unknown> } | undefined;
  ph()
    .intercept(PROJECT + c.path, method.toUpperCase())
    .query(true)
    .reply(function (uri, body) {
      seen = { uri, body, headers: this.req.headers };
      return [status, example];
    });
  const result = await c.call(client());
  expect(c.path.endsWith('/')).toBe(true);
  expect(seen!.uri).toBe(PROJECT + c.path + (c.query ? `?${c.query}` : ''));
  if (c.body === undefined) {
    expect(seen!.body).toBe('');
  } else {
    expect(seen!.body).toEqual(c.body);
    expect(seen!.headers['content-type']).toBe('application/json');
    const validate = requestValidator(c.operationId);
    expect(validate(seen!.body) ? [] : validate.errors).toEqual([]);
  }
  c.check(result);
}
export { useNock } from '../helpers/nock';
