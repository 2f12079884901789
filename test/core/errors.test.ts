import { inspect } from 'node:util';
import {
  AbortError,
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ExperimentsApiError,
  RateLimitError,
  RequestFailure,
  ResponseParseError,
  TimeoutError,
  ValidationError,
  type ApiErrorInit,
} from '../../src/core/errors';

const init: ApiErrorInit = {
  status: 400,
  message: '400 invalid_request: bad',
  code: 'invalid_request',
  errorId: 'err-1',
  method: 'POST',
  path: '/api/v2/x?limit=1',
  headers: { 'content-type': 'application/json' },
  body: { code: 'invalid_request', message: 'bad', id: 'err-1' },
};

describe('error classes', () => {
  test('names, prototypes and instanceof chains', () => {
    const e = new BadRequestError(init);
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(ExperimentsApiError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('BadRequestError');
    expect(String(e)).toBe('BadRequestError: 400 invalid_request: bad');
    expect(e.stack?.split('\n')[0]).toBe('BadRequestError: 400 invalid_request: bad');
    expect(Object.keys(e)).not.toContain('name');
  });

  test('ApiError fields, toInit and toJSON', () => {
    const e = new ApiError({ ...init, status: 418, details: { attr: 'name' } });
    expect(e.name).toBe('ApiError');
    expect(e.toInit()).toEqual({
      ...init,
      status: 418,
      details: { attr: 'name' },
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'ApiError',
      message: init.message,
      status: 418,
      code: 'invalid_request',
      errorId: 'err-1',
      method: 'POST',
      path: '/api/v2/x?limit=1',
      headers: { 'content-type': 'application/json' },
      body: init.body,
      details: { attr: 'name' },
    });
  });

  test('RateLimitError carries retryAfterMs through toInit/toJSON', () => {
    const e = new RateLimitError({ ...init, status: 429, retryAfterMs: 1500 });
    expect(e.retryAfterMs).toBe(1500);
    expect(e.toInit().retryAfterMs).toBe(1500);
    expect(e.toJSON()).toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: 1500,
    });
  });

  test('vendors can subclass ConflictError from an ApiErrorInit', () => {
    class ApprovalRequiredError extends ConflictError {
      readonly changeRequestId: string;
      constructor(base: ApiErrorInit, changeRequestId: string) {
        super(base);
        Object.defineProperty(this, 'name', { value: 'ApprovalRequiredError' });
        this.changeRequestId = changeRequestId;
      }
    }
    const e = new ApprovalRequiredError({ ...init, status: 409 }, 'cr-1');
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.name).toBe('ApprovalRequiredError');
    expect(e.changeRequestId).toBe('cr-1');
  });

  test('ConnectionError keeps a cause and serialises it safely', () => {
    const cause = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
    });
    const e = new ConnectionError('Connection error', { method: 'GET', path: '/p' }, cause);
    expect(e.cause).toBe(cause);
    expect(e).toBeInstanceOf(RequestFailure);
    expect(e.toJSON()).toEqual({
      name: 'ConnectionError',
      message: 'Connection error',
      method: 'GET',
      path: '/p',
      cause: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
    });
    expect(inspect(e)).toContain('[cause]');
    expect(new ConnectionError('x').toJSON()).toEqual({
      name: 'ConnectionError',
      message: 'x',
    });
  });

  test('TimeoutError, AbortError, ValidationError, ResponseParseError', () => {
    const t = new TimeoutError(50, { method: 'GET', path: '/slow' });
    expect(t.message).toBe('Request timed out after 50 ms');
    expect(t.toJSON()).toEqual({
      name: 'TimeoutError',
      message: t.message,
      method: 'GET',
      path: '/slow',
      timeoutMs: 50,
    });
    expect(new TimeoutError(1).path).toBeUndefined();

    const a = new AbortError();
    expect(a.name).toBe('AbortError');
    expect(a.message).toBe('Request was aborted');

    const v = new ValidationError('bad input', {
      field: 'key',
      issues: [{ field: 'key', message: 'required' }],
    });
    expect(v.toJSON()).toEqual({
      name: 'ValidationError',
      message: 'bad input',
      field: 'key',
      issues: [{ field: 'key', message: 'required' }],
    });
    expect(new ValidationError('x').toJSON()).toEqual({
      name: 'ValidationError',
      message: 'x',
    });

    const p = new ResponseParseError(
      'not JSON',
      200,
      { method: 'GET', path: '/x' },
      new SyntaxError('Unexpected token'),
      { 'x-ratelimit-route-remaining': '9' },
    );
    expect(p.status).toBe(200);
    expect(p.toJSON()).toEqual({
      name: 'ResponseParseError',
      message: 'not JSON',
      method: 'GET',
      path: '/x',
      status: 200,
      serverAccepted: true,
      headers: { 'x-ratelimit-route-remaining': '9' },
    });
    expect((p.cause as Error).name).toBe('SyntaxError');
    expect(new ResponseParseError('x', 201).toJSON()).toEqual({
      name: 'ResponseParseError',
      message: 'x',
      status: 201,
      serverAccepted: true,
      headers: {},
    });
    // Only a 2xx means the server accepted the request.
    expect(new ResponseParseError('x', 0).serverAccepted).toBe(false);
  });

  test('base class has a name and toJSON', () => {
    const e = new ExperimentsApiError('base');
    expect(e.name).toBe('ExperimentsApiError');
    expect(e.toJSON()).toEqual({
      name: 'ExperimentsApiError',
      message: 'base',
    });
    expect(Object.prototype.hasOwnProperty.call(e, 'cause')).toBe(false);
  });
});
