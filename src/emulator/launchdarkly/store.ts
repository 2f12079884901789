import { notFound } from '../http';
import { IdGenerator } from '../random';
import {
  type LdFixtures,
  type LdFlag,
  type LdMetric,
  type LdMetricGroup,
  type LdProjectFixture,
  type LdRandomizationUnit,
  defaultLdFixtures,
} from './fixtures';

/** An iteration definition as the client sent it (IterationInput), after defaults were applied. */
export interface IterationSpec {
  hypothesis: string;
  canReshuffleTraffic: boolean;
  metrics: Array<{ key: string; isGroup?: boolean; primary?: boolean }>;
  primarySingleMetricKey?: string;
  primaryFunnelKey?: string;
  treatments: Array<{
    name: string;
    baseline: boolean;
    allocationPercent: string;
    parameters: Array<{ flagKey: string; variationId: string }>;
  }>;
  flags: Record<string, { ruleId: string; flagConfigVersion: number; notInExperimentVariationId?: string }>;
  randomizationUnit?: string;
  reallocationFrequencyMillis?: number;
  covariateId?: string;
  attributes?: string[];
}

/** Lifecycle of an iteration. */
export type IterationStatus = 'not_started' | 'running' | 'stopped';

/** One iteration as stored. */
export interface StoredIteration {
  _id: string;
  status: IterationStatus;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  winningTreatmentId?: string;
  winningReason?: string;
  version: number;
  spec: IterationSpec;
}

/** One experiment as stored; iterations are kept in creation order. */
export interface StoredExperiment {
  _id: string;
  /** Insertion counter: a stable tiebreak when creation dates are equal (fixed clocks). */
  seq: number;
  key: string;
  name: string;
  description?: string;
  maintainerId: string;
  creationDate: number;
  projectKey: string;
  environmentKey: string;
  archivedDate?: number;
  holdoutId?: string;
  tags?: string[];
  methodology: string;
  dataSource: string;
  type: string;
  analysisConfig?: Record<string, unknown>;
  iterations: StoredIteration[];
  /** Bumped on every write; sent as ETag and checked against If-Match. */
  version: number;
}

/** A project's mutable state. */
export interface ProjectState {
  fixture: LdProjectFixture;
  experiments: StoredExperiment[];
  settings: { randomizationUnits: LdRandomizationUnit[]; creationDate: number };
  /** Legacy (flag-scoped) experiments whose results were reset: `flag/env/metric` → reset time (ms). */
  legacyResets: Map<string, number>;
}

/** In-memory LaunchDarkly state, rebuilt from fixtures by `reset()`. */
export class LdStore {
  /** State per project key. */
  readonly projects = new Map<string, ProjectState>();
  /** Generator of the ids it assigns (seeded, so runs are reproducible). */
  readonly ids: IdGenerator;
  private seq = 0;

  /** @param fixtures seed data (default: the emulator's); @param idSeed seed of the generated ids. */
  constructor(
    private readonly fixtures: LdFixtures = defaultLdFixtures(),
    idSeed = 'launchdarkly',
  ) {
    this.ids = new IdGenerator(idSeed);
    this.reset();
  }

  /** The member that owns experiments created without `maintainerId`. */
  get memberId(): string {
    return this.fixtures.memberId;
  }

  /** Drops every experiment and setting change; restores the fixtures and restarts id sequences. */
  reset(): void {
    this.projects.clear();
    this.ids.restart();
    this.seq = 0;
    for (const fixture of structuredClone(this.fixtures.projects)) {
      this.projects.set(fixture.key, {
        fixture,
        experiments: [],
        settings: {
          randomizationUnits: structuredClone(fixture.randomizationUnits),
          creationDate: this.fixtures.creationDate,
        },
        legacyResets: new Map(),
      });
    }
  }

  /** Next insertion counter for a new experiment. */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The project, or a 404. */
  project(projectKey: string): ProjectState {
    const project = this.projects.get(projectKey);
    if (!project) throw notFound(`Unknown project key '${projectKey}'`);
    return project;
  }

  /** Checks the environment exists in the project (404 otherwise). */
  environment(project: ProjectState, environmentKey: string): void {
    if (!project.fixture.environments.some((e) => e.key === environmentKey)) {
      throw notFound(`Unknown environment key '${environmentKey}'`);
    }
  }

  /** The flag, or a 404. */
  flag(project: ProjectState, flagKey: string): LdFlag {
    const flag = project.fixture.flags.find((f) => f.key === flagKey);
    if (!flag) throw notFound(`Unknown flag key '${flagKey}'`);
    return flag;
  }

  /** The metric, or a 404. */
  metric(project: ProjectState, metricKey: string): LdMetric {
    const metric = project.fixture.metrics.find((m) => m.key === metricKey);
    if (!metric) throw notFound(`Unknown metric key '${metricKey}'`);
    return metric;
  }

  /** The metric group, or a 404. */
  metricGroup(project: ProjectState, groupKey: string): LdMetricGroup {
    const group = project.fixture.metricGroups.find((g) => g.key === groupKey);
    if (!group) throw notFound(`Unknown metric group key '${groupKey}'`);
    return group;
  }

  /** The experiment in an environment, or a 404. */
  experiment(projectKey: string, environmentKey: string, experimentKey: string): StoredExperiment {
    const project = this.project(projectKey);
    this.environment(project, environmentKey);
    const experiment = project.experiments.find((e) => e.environmentKey === environmentKey && e.key === experimentKey);
    if (!experiment) throw notFound(`Unknown experiment key '${experimentKey}'`);
    return experiment;
  }

  /** Replaces a stored experiment by `_id` (patches work on a copy and swap it in when all succeed). */
  replace(updated: StoredExperiment): void {
    const project = this.project(updated.projectKey);
    const i = project.experiments.findIndex((e) => e._id === updated._id);
    project.experiments[i] = updated;
  }

  /** Test helper: turns a flag's targeting on or off in one environment. */
  setFlagOn(projectKey: string, environmentKey: string, flagKey: string, on: boolean): void {
    const flag = this.flag(this.project(projectKey), flagKey);
    const env = flag.environments[environmentKey];
    if (!env) throw notFound(`Unknown environment key '${environmentKey}'`);
    env.on = on;
    env.version += 1;
  }

  /** Test helper: archives or restores a flag. */
  setFlagArchived(projectKey: string, flagKey: string, archived: boolean): void {
    this.flag(this.project(projectKey), flagKey).archived = archived;
  }
}

/** The not-yet-started iteration, if any (at most one exists). */
export function draftOf(experiment: StoredExperiment): StoredIteration | undefined {
  return experiment.iterations.find((i) => i.status === 'not_started');
}

/**
 * The iteration LaunchDarkly shows as `currentIteration`: the latest started one, or the draft while
 * nothing has started yet (a new experiment shows its draft as current, status `not_started`).
 */
export function currentOf(experiment: StoredExperiment): StoredIteration | undefined {
  const started = experiment.iterations.filter((i) => i.status !== 'not_started');
  return started[started.length - 1] ?? draftOf(experiment);
}

/** Started iterations other than the current one, oldest first. */
export function previousOf(experiment: StoredExperiment): StoredIteration[] {
  const current = currentOf(experiment);
  return experiment.iterations.filter((i) => i.status !== 'not_started' && i !== current);
}
