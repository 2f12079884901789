import nock from 'nock';
import { inspect } from 'node:util';
import {
  ApiError,
  ApprovalRequiredError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PolicyConflictError,
  POSTHOG_ERROR_POLICY,
  ServerError,
  UnauthorizedError,
} from '../../src';
import { client, failure, KEY, ph, PROJECT, useNock } from './helpers';

useNock();

const EXP = `${PROJECT}/experiments/812/`;
const posthogError = (type: string, code: string, detail: string, attr: string | null = null) => ({
  type,
  code,
  detail,
  attr,
});

describe('PostHog error bodies map onto the core errors', () => {
  it('a validation error keeps code, detail as message, and type/attr in details', async () => {
    ph()
      .patch(EXP)
      .reply(
        400,
        posthogError('validation_error', 'max_length', 'Ensure this field has no more than 400 characters.', 'name'),
      );
    const error = await failure(() => client().experiments.partialUpdate(812, { name: 'n' }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'max_length',
      message: '400 max_length: Ensure this field has no more than 400 characters.',
      details: { type: 'validation_error', attr: 'name' },
      method: 'PATCH',
      path: EXP,
    });
  });

  it('a non-field error keeps attr: null', async () => {
    ph()
      .post(`${EXP}launch/`)
      .reply(400, posthogError('validation_error', 'invalid_input', 'Experiment has already been launched.'));
    const error = await failure(() => client().experiments.launch(812));
    expect(error.details).toEqual({ type: 'validation_error', attr: null });
  });

  it.each([
    [401, 'authentication_failed', UnauthorizedError],
    [403, 'authentication_failed', UnauthorizedError],
    [403, 'not_authenticated', UnauthorizedError],
    [403, 'permission_denied', ForbiddenError],
    [404, 'not_found', NotFoundError],
    [500, 'error', ServerError],
  ])('%i %s → %p', async (status, code, type) => {
    ph()
      .get(EXP)
      .times(3)
      .reply(status, posthogError('authentication_error', code, 'nope'));
    const error = await failure(() => client({ maxRetries: 0 }).experiments.retrieve(812));
    expect(error).toBeInstanceOf(type);
    expect([error.status, error.code]).toEqual([status, code]);
    nock.cleanAll();
  });

  it('a 403 for missing credentials is still an UnauthorizedError but keeps status 403', async () => {
    ph()
      .get(EXP)
      .reply(
        403,
        posthogError('authentication_error', 'not_authenticated', 'Authentication credentials were not provided.'),
      );
    const error = await failure(() => client().experiments.retrieve(812));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.status).toBe(403);
  });

  it('a 409 with a full approval body carries every documented field', async () => {
    const body = {
      code: 'approval_required',
      status: 'approval_required',
      detail: 'This change requires approval. A change request has been created.',
      message: 'This change requires approval. A change request has been created.',
      resource_type: 'experiment_holdout',
      resource_id: 7,
      change_request_id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
      change_request: { id: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d', state: 'pending' },
      required_approvers: { users: [17], quorum: 1 },
    };
    ph().patch(`${PROJECT}/experiment_holdouts/7/`).reply(409, body);
    const error = await failure(() => client().holdouts.partialUpdate(7, { name: 'h' }));
    expect(error).toBeInstanceOf(ApprovalRequiredError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      name: 'ApprovalRequiredError',
      changeRequestId: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
      resourceType: 'experiment_holdout',
      resourceId: '7',
      changeRequest: body.change_request,
      requiredApprovers: body.required_approvers,
      message: '409 approval_required: This change requires approval. A change request has been created.',
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ApprovalRequiredError',
      status: 409,
      changeRequestId: '0195a2c4-7e1f-7b2a-8c3d-4e5f6a7b8c9d',
    });
  });

  it('a 409 without approval fields stays a plain ConflictError', async () => {
    ph()
      .post(`${EXP}launch/`)
      .reply(409, posthogError('invalid_request', 'conflict', 'Conflict.'));
    const error = await failure(() => client().experiments.launch(812));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(ApprovalRequiredError);
  });

  it('a 400 policy conflict is a PolicyConflictError with the policies and guidance', async () => {
    ph()
      .post(`${EXP}launch/`)
      .reply(400, {
        code: 'policy_conflict',
        error: 'This change matches several approval policies that cannot be combined.',
        conflicting_policies: [{ id: 'p1', name: 'Two approvers', action_key: 'experiment.launch' }],
        guidance: 'Ask an organization admin to merge or narrow the policies.',
      });
    const error = await failure(() => client().experiments.launch(812));
    expect(error).toBeInstanceOf(PolicyConflictError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.conflictingPolicies).toEqual([{ id: 'p1', name: 'Two approvers', action_key: 'experiment.launch' }]);
    expect(error.guidance).toBe('Ask an organization admin to merge or narrow the policies.');
    expect(error.message).toBe(
      '400 policy_conflict: This change matches several approval policies that cannot be combined.',
    );
  });

  it('the policy hooks ignore bodies that are not objects', () => {
    const base = new ApiError({ status: 409, message: 'x', method: 'GET', path: '/', headers: {}, body: 'text' });
    expect(POSTHOG_ERROR_POLICY.classify!(409, 'text', base)).toBeUndefined();
    expect(POSTHOG_ERROR_POLICY.classify!(400, { code: 'policy_conflict' }, base)).toBeInstanceOf(PolicyConflictError);
    expect(POSTHOG_ERROR_POLICY.parseBody!(500, ['a'])).toBeUndefined();
    expect(POSTHOG_ERROR_POLICY.parseBody!(500, { detail: 'x' })).toBeUndefined();
  });
});

describe('the key never leaks', () => {
  it('not into errors, logs, JSON or inspect output, even when the server echoes it', async () => {
    const lines: string[] = [];
    const log = (m: string, d?: unknown) => lines.push(m + JSON.stringify(d ?? {}));
    ph()
      .get(EXP)
      .reply(401, posthogError('authentication_error', 'authentication_failed', `Invalid personal API key ${KEY}`), {
        'X-Echo': KEY,
      });
    ph()
      .get(`${PROJECT}/experiment_holdouts/7/`)
      .reply(503, { detail: `down for ${KEY}` });
    ph()
      .get(`${PROJECT}/experiment_holdouts/7/`)
      .reply(409, {
        code: 'approval_required',
        change_request_id: 'cr',
        detail: `key ${KEY}`,
        change_request: { by: KEY },
      });
    const c = client({ logger: { debug: log, info: log, warn: log, error: log }, logLevel: 'debug' });
    const errors = [await failure(() => c.experiments.retrieve(812)), await failure(() => c.holdouts.retrieve(7))];
    expect(errors[0]).toBeInstanceOf(UnauthorizedError);
    expect(errors[1]).toBeInstanceOf(ApprovalRequiredError);
    for (const error of errors) {
      for (const text of [
        String(error),
        error.message,
        error.stack,
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ]) {
        expect(text).not.toContain(KEY);
      }
    }
    expect(errors[1].changeRequest).toEqual({ by: '[REDACTED]' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
  });
});
