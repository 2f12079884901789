import { HttpError, notFound } from '../http';
import { IdGenerator } from '../random';
import { type PhFixtures, type PhFlag, type PhUser, defaultPhFixtures } from './fixtures';

/** A link from an experiment to a saved metric. */
export interface PhSavedMetricLink {
  id: number;
  saved_metric: number;
  metadata?: { type: 'primary' | 'secondary' };
  created_at: string;
}

/** An experiment as stored; most optional fields are kept as the client sent them. */
export interface PhExperiment {
  id: number;
  name: string;
  description: string | null;
  start_date: string | null;
  end_date: string | null;
  feature_flag_key: string;
  flagId: number;
  holdout_id: number | null;
  exposure_cohort: number | null;
  parameters: Record<string, unknown> | null;
  running_time_calculation: Record<string, unknown> | null;
  excluded_variants: string[] | null;
  archived: boolean;
  deleted: boolean;
  created_at: string;
  updated_at: string;
  type: string | null;
  conclusion: string | null;
  conclusion_comment: string | null;
  metrics: Array<Record<string, any>>;
  metrics_secondary: Array<Record<string, any>>;
  saved_metrics: PhSavedMetricLink[];
  stats_config: Record<string, unknown> | null;
  scheduling_config: Record<string, unknown> | null;
  exposure_criteria: Record<string, unknown> | null;
  primary_metrics_ordered_uuids: string[];
  secondary_metrics_ordered_uuids: string[];
  filters: Record<string, unknown>;
  only_count_matured_users: boolean;
  /** freeze_exposure was called (status `exposure_frozen`). */
  frozen: boolean;
}

/** An experiment holdout. */
export interface PhHoldout {
  id: number;
  name: string;
  description: string | null;
  filters: Array<Record<string, any>>;
  created_at: string;
  updated_at: string;
}

/** A saved ("shared") metric. */
export interface PhSavedMetric {
  id: number;
  name: string;
  description: string | null;
  query: Record<string, any>;
  tags: string[];
  created_at: string;
  updated_at: string;
}

/** One project's state. */
export interface PhProject {
  id: number;
  name: string;
  flags: PhFlag[];
  experiments: PhExperiment[];
  holdouts: PhHoldout[];
  savedMetrics: PhSavedMetric[];
}

/** Actions that can be put behind an approval policy (answered 409, change not applied). */
export type PhApprovalAction =
  | 'experiment.launch'
  | 'experiment.pause'
  | 'experiment.update'
  | 'experiment_holdout.update'
  | 'experiment_holdout.delete';

/** In-memory PostHog state, rebuilt from fixtures by `reset()`. */
export class PhStore {
  /** State per project id. */
  readonly projects = new Map<number, PhProject>();
  /** Generator of the ids it assigns (seeded, so runs are reproducible). */
  readonly ids: IdGenerator;
  /** Actions currently gated by an approval policy. */
  readonly approvalRequired = new Set<PhApprovalAction>();
  private counters = new Map<string, number>();

  /** @param fixtures seed data (default: the emulator's); @param idSeed seed of the generated ids. */
  constructor(
    private readonly fixtures: PhFixtures = defaultPhFixtures(),
    idSeed = 'posthog',
  ) {
    this.ids = new IdGenerator(idSeed);
    this.reset();
  }

  /** The user every request acts as (owner of the personal API key). */
  get user(): PhUser {
    return this.fixtures.user;
  }

  /** Restores fixtures, drops created objects and approval policies, restarts id sequences. */
  reset(): void {
    this.projects.clear();
    this.counters.clear();
    this.approvalRequired.clear();
    this.ids.restart();
    for (const p of structuredClone(this.fixtures.projects)) {
      this.projects.set(p.id, { ...p, experiments: [], holdouts: [], savedMetrics: [] });
    }
  }

  /** Next integer id of a kind (`experiment`, `flag`, ...); flags continue after the fixture ids. */
  nextId(kind: string): number {
    const floor =
      kind === 'flag' ? Math.max(0, ...[...this.projects.values()].flatMap((p) => p.flags.map((f) => f.id))) : 0;
    const next = Math.max(this.counters.get(kind) ?? 0, floor) + 1;
    this.counters.set(kind, next);
    return next;
  }

  /** A v4-shaped UUID from the deterministic id sequence. */
  uuid(): string {
    const h = (this.ids.next() + this.ids.next()).slice(0, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** The project by path value (numeric id or `@current`, which is the first project), or 404. */
  project(raw: string): PhProject {
    const id = raw === '@current' ? [...this.projects.keys()][0] : Number(raw);
    const project = this.projects.get(id);
    if (!project) throw notFound('Project not found.');
    return project;
  }

  /** A live (not soft-deleted) experiment, or 404; `includeDeleted` finds deleted ones too (restore path). */
  experiment(project: PhProject, id: number, includeDeleted = false): PhExperiment {
    const e = project.experiments.find((x) => x.id === id && (includeDeleted || !x.deleted));
    if (!e) throw notFound('Not found.');
    return e;
  }

  /** The experiment's flag. */
  flagOf(project: PhProject, e: PhExperiment): PhFlag {
    return project.flags.find((f) => f.id === e.flagId)!;
  }

  /** Throws the 409 approval answer when `action` is gated (the change is then not applied). */
  checkApproval(action: PhApprovalAction, resourceType: string, resourceId: number): void {
    if (!this.approvalRequired.has(action)) return;
    throw new ApprovalRequired(resourceType, String(resourceId), this.uuid());
  }
}

/** A 409 whose body is PostHog's approval body rather than the standard error shape. */
export class ApprovalRequired extends HttpError {
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly changeRequestId: string,
  ) {
    super(409, 'approval_required', 'This action requires approval. A change request has been created.');
  }

  /** The response body (PostHogApprovalRequiredError). */
  override customBody(): Record<string, unknown> {
    return {
      code: 'approval_required',
      status: 'approval_required',
      detail: this.message,
      message: this.message,
      resource_type: this.resourceType,
      resource_id: this.resourceId,
      change_request_id: this.changeRequestId,
    };
  }
}
