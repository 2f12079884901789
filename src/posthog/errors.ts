/**
 * PostHog error bodies → typed errors, through the core ErrorPolicy hooks (the transport stays the single
 * place where errors are built; these only refine the core classes).
 */
import type { ErrorPolicy, ParsedErrorBody } from '../core/error-factory';
import {
  BadRequestError,
  ConflictError,
  UnauthorizedError,
  type ApiError,
  type ApiErrorInit,
  type ExperimentsApiError,
} from '../core/errors';

/** Fields of a 409 approval body (PostHog Approvals), as sent. */
export interface ApprovalRequiredFields {
  /** Id (UUID) of the change request created, or already pending, for this change. */
  changeRequestId?: string;
  /** Kind of resource the change request is about, e.g. `feature_flag` or `experiment_holdout`. */
  resourceType?: string;
  /** Id of that resource, as a string. */
  resourceId?: string;
  /** The change request (newer servers, only when the caller may read change requests). */
  changeRequest?: Record<string, unknown>;
  /** Who must approve (same visibility rule as `changeRequest`). */
  requiredApprovers?: Record<string, unknown>;
  /** The request that was already pending (`code: change_request_pending`). */
  existingChangeRequest?: Record<string, unknown>;
}

/**
 * 409: the change was NOT applied because an approval policy gates it; a change request was opened
 * (`code: approval_required`) or one is already pending (`code: change_request_pending`). Retry the same call
 * once the change request is approved. Never retried automatically.
 */
export class ApprovalRequiredError extends ConflictError {
  /** Id (UUID) of the change request to get approved. */
  readonly changeRequestId?: string;
  /** Kind of resource the change request is about. */
  readonly resourceType?: string;
  /** Id of that resource, as a string. */
  readonly resourceId?: string;
  /** The change request, when the server included it. */
  readonly changeRequest?: Record<string, unknown>;
  /** Who must approve, when the server included it. */
  readonly requiredApprovers?: Record<string, unknown>;
  /** The already pending change request (`change_request_pending`). */
  readonly existingChangeRequest?: Record<string, unknown>;

  /** Built by the SDK from a 409 approval body; `fields` default to `{}` (older servers send none). */
  constructor(init: ApiErrorInit, fields: ApprovalRequiredFields = {}) {
    super(init);
    Object.defineProperty(this, 'name', {
      value: 'ApprovalRequiredError',
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.changeRequestId = fields.changeRequestId;
    this.resourceType = fields.resourceType;
    this.resourceId = fields.resourceId;
    this.changeRequest = fields.changeRequest;
    this.requiredApprovers = fields.requiredApprovers;
    this.existingChangeRequest = fields.existingChangeRequest;
  }

  /** Safe, redacted fields only, for `JSON.stringify`, with the change request id and resource type. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), changeRequestId: this.changeRequestId, resourceType: this.resourceType };
  }
}

/** One approval policy named by a {@link PolicyConflictError}. */
export interface ConflictingPolicy {
  /** Policy id (string or number). */
  id: unknown;
  /** Policy name. */
  name: string;
  /** Gated action, e.g. `experiment.launch`. */
  action_key?: string;
}

/** 400 `policy_conflict`: the change matches several approval policies that cannot be combined. */
export class PolicyConflictError extends BadRequestError {
  /** The policies involved. */
  readonly conflictingPolicies: ConflictingPolicy[];
  /** The server's hint on resolving the conflict. */
  readonly guidance?: string;

  /** Built by the SDK from a 400 `policy_conflict` body; `guidance` is the server's hint, when sent. */
  constructor(init: ApiErrorInit, conflictingPolicies: ConflictingPolicy[], guidance?: string) {
    super(init);
    Object.defineProperty(this, 'name', {
      value: 'PolicyConflictError',
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.conflictingPolicies = conflictingPolicies;
    this.guidance = guidance;
  }
}

const APPROVAL_CODES = ['approval_required', 'change_request_pending'];
const CREDENTIAL_CODES = ['authentication_failed', 'not_authenticated'];

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/**
 * Keeps PostHog's `type`, `attr` (even when null: "not tied to one field") and the `reason` of approval-policy
 * denials in `error.details`. Message and code come from the core defaults (`detail ?? error`, `code`).
 */
function parseBody(_status: number, body: unknown): ParsedErrorBody | undefined {
  const fields = record(body);
  if (!fields) return undefined;
  const details: Record<string, unknown> = {};
  for (const key of ['type', 'attr', 'reason']) if (key in fields) details[key] = fields[key];
  return Object.keys(details).length > 0 ? { details } : undefined;
}

function classify(status: number, body: unknown, base: ApiError): ExperimentsApiError | undefined {
  const fields = record(body);
  if (!fields) return undefined;
  const code = text(fields.code);
  if (status === 409 && (APPROVAL_CODES.includes(code ?? '') || text(fields.change_request_id) !== undefined)) {
    return new ApprovalRequiredError(base.toInit(), {
      changeRequestId: text(fields.change_request_id),
      resourceType: text(fields.resource_type),
      resourceId: text(fields.resource_id),
      changeRequest: record(fields.change_request),
      requiredApprovers: record(fields.required_approvers),
      existingChangeRequest: record(fields.existing_change_request),
    });
  }
  if (status === 400 && code === 'policy_conflict') {
    const policies = Array.isArray(fields.conflicting_policies) ? fields.conflicting_policies : [];
    return new PolicyConflictError(base.toInit(), policies as ConflictingPolicy[], text(fields.guidance));
  }
  // DRF answers 403 instead of 401 when the view's first authenticator offers no WWW-Authenticate value.
  if (status === 403 && CREDENTIAL_CODES.includes(code ?? '')) return new UnauthorizedError(base.toInit());
  return undefined;
}

/** Maps PostHog error bodies onto the core errors (see {@link ApprovalRequiredError}, {@link PolicyConflictError}). */
export const POSTHOG_ERROR_POLICY: ErrorPolicy = { parseBody, classify };
