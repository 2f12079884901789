import { inspect } from 'node:util';
import {
  defaultParseErrorBody,
  errorFromResponse,
  parseBodyText,
  requestPath,
  throttledError,
  type ErrorPolicy,
} from '../../src/core/error-factory';
import {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
  UnprocessableEntityError,
  type ApiErrorInit,
} from '../../src/core/errors';
import { createRedactor, REDACTED } from '../../src/core/redact';

const SECRET = 'api-SECRET-123456';
const redactor = createRedactor([SECRET]);

function build(status: number, body: string, extra: Partial<Parameters<typeof errorFromResponse>[0]> = {}) {
  return errorFromResponse({
    status,
    headers: new Headers({
      'Content-Type': 'application/json',
      'Set-Cookie': 'sid=1',
      'X-Request-Id': 'req-9',
    }),
    bodyText: body,
    method: 'patch',
    url: `https://app.example.test/api/v2/projects/p/experiments/e?expand=treatments`,
    redactor,
    ...extra,
  });
}

describe('errorFromResponse', () => {
  test.each([
    [400, BadRequestError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [405, MethodNotAllowedError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [418, ApiError],
    [302, ApiError],
  ])('%p -> %p', (status, cls) => {
    const e = build(status, '');
    expect(e).toBeInstanceOf(cls);
    expect(e.constructor).toBe(cls);
  });

  test('LaunchDarkly body {code, message, id}', () => {
    const e = build(
      409,
      JSON.stringify({
        code: 'optimistic_locking_error',
        message: 'Conflict on write',
        id: 'ld-42',
      }),
    ) as ConflictError;
    expect(e.status).toBe(409);
    expect(e.code).toBe('optimistic_locking_error');
    expect(e.message).toBe('409 optimistic_locking_error: Conflict on write');
    expect(e.errorId).toBe('ld-42');
    expect(e.method).toBe('PATCH');
    expect(e.path).toBe('/api/v2/projects/p/experiments/e?expand=treatments');
    expect(e.headers).toEqual({
      'content-type': 'application/json',
      'set-cookie': REDACTED,
      'x-request-id': 'req-9',
    });
    expect(e.body).toEqual({
      code: 'optimistic_locking_error',
      message: 'Conflict on write',
      id: 'ld-42',
    });
    expect(e.details).toBeUndefined();
  });

  test('PostHog body {type, code, detail, attr}', () => {
    const e = build(
      400,
      JSON.stringify({
        type: 'validation_error',
        code: 'invalid_input',
        detail: 'Bad name',
        attr: 'name',
      }),
    ) as ApiError;
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('400 invalid_input: Bad name');
    expect(e.details).toEqual({ type: 'validation_error', attr: 'name' });
    expect(e.errorId).toBeUndefined();
  });

  test('non-JSON, empty and odd bodies', () => {
    const text = build(502, '<html>Bad gateway</html>') as ApiError;
    expect(text.body).toBe('<html>Bad gateway</html>');
    expect(text.message).toBe('502: <html>Bad gateway</html>');
    const empty = build(405, '', {
      statusText: 'Method Not Allowed',
    }) as ApiError;
    expect(empty.body).toBeUndefined();
    expect(empty.message).toBe('405: Method Not Allowed');
    expect((build(500, '') as ApiError).message).toBe('500: Request failed');
    expect((build(500, '[1,2]') as ApiError).message).toBe('500: Request failed');
    expect((build(400, '{"error":"bad limit"}') as ApiError).message).toBe('400: bad limit');
  });

  test('redacts secrets echoed in the body, message, headers and URL', () => {
    const e = errorFromResponse({
      status: 401,
      headers: new Headers({ 'X-Echo': SECRET }),
      bodyText: JSON.stringify({
        code: 'unauthorized',
        message: `Invalid token ${SECRET}`,
        Authorization: SECRET,
      }),
      method: 'GET',
      url: `https://h.test/api?personal_api_key=${SECRET}`,
      redactor,
    }) as ApiError;
    for (const s of [String(e), e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10 })]) {
      expect(s).not.toContain(SECRET);
    }
    expect(e.path).toBe(`/api?personal_api_key=${REDACTED}`);
    expect(e.body).toEqual({
      code: 'unauthorized',
      message: `Invalid token ${REDACTED}`,
      Authorization: REDACTED,
    });
  });

  test('RateLimitError gets retryAfterMs; other statuses ignore it', () => {
    expect((build(429, '', { retryAfterMs: 3000 }) as RateLimitError).retryAfterMs).toBe(3000);
    expect((build(500, '', { retryAfterMs: 3000 }) as ApiError).toInit().retryAfterMs).toBeUndefined();
  });

  test('ErrorPolicy.parseBody overrides fields; missing ones fall back to the default parse', () => {
    const policy: ErrorPolicy = {
      parseBody: (_s, body) => ({
        code: `x_${(body as { code: string }).code}`,
      }),
    };
    const e = build(400, JSON.stringify({ code: 'c', message: 'm' }), {
      errorPolicy: policy,
    }) as ApiError;
    expect(e.code).toBe('x_c');
    expect(e.message).toBe('400 x_c: m');
    const none: ErrorPolicy = { parseBody: () => undefined };
    expect((build(400, '{"code":"c"}', { errorPolicy: none }) as ApiError).code).toBe('c');
  });

  test('ErrorPolicy.classify can return a vendor subclass built from base.toInit()', () => {
    class ApprovalRequiredError extends ConflictError {
      readonly changeRequestId: string;
      constructor(base: ApiErrorInit, id: string) {
        super(base);
        this.changeRequestId = id;
      }
    }
    const policy: ErrorPolicy = {
      classify: (status, body, base) => {
        const b = body as { code?: string; change_request_id?: string };
        return status === 409 && b.code === 'approval_required'
          ? new ApprovalRequiredError(base.toInit(), b.change_request_id ?? '')
          : undefined;
      },
    };
    const e = build(
      409,
      JSON.stringify({
        code: 'approval_required',
        detail: 'Needs approval',
        change_request_id: 'cr-7',
      }),
      {
        errorPolicy: policy,
      },
    );
    expect(e).toBeInstanceOf(ApprovalRequiredError);
    expect((e as ApprovalRequiredError).changeRequestId).toBe('cr-7');
    expect((e as ApprovalRequiredError).message).toBe('409 approval_required: Needs approval');
    expect(build(409, '{}', { errorPolicy: policy }).constructor).toBe(ConflictError);
  });
});

describe('helpers', () => {
  test('parseBodyText', () => {
    expect(parseBodyText('')).toBeUndefined();
    expect(parseBodyText('  ')).toBeUndefined();
    expect(parseBodyText('{"a":1}')).toEqual({ a: 1 });
    expect(parseBodyText('oops')).toBe('oops');
  });

  test('defaultParseErrorBody', () => {
    expect(defaultParseErrorBody(null)).toEqual({});
    expect(defaultParseErrorBody(['x'])).toEqual({});
    expect(defaultParseErrorBody(42)).toEqual({});
    expect(defaultParseErrorBody('x'.repeat(600)).message).toHaveLength(500);
    expect(defaultParseErrorBody({ message: 'm', detail: 'd' }).message).toBe('m');
    expect(defaultParseErrorBody({ code: 1, attr: null }).code).toBeUndefined();
  });

  test('requestPath', () => {
    expect(requestPath('https://h.test/a/b?c=1#frag', redactor)).toBe('/a/b?c=1');
    expect(requestPath(`/relative?k=${SECRET}`, redactor)).toBe(`/relative?k=${REDACTED}`);
  });

  test('throttledError', () => {
    const e = throttledError(90_000, 60_000, { method: 'GET', path: '/x' });
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.status).toBe(429);
    expect(e.retryAfterMs).toBe(90_000);
    expect(e.message).toContain('90000 ms');
  });
});
