import type { LdMetric, LdMetricGroup } from './fixtures';
import {
  type ProjectState,
  type StoredExperiment,
  type StoredIteration,
  currentOf,
  draftOf,
  previousOf,
} from './store';

const JSON_TYPE = 'application/json';
const link = (href: string) => ({ href, type: JSON_TYPE });

/** Which fields may be changed with updateExperimentFields, per status of the current iteration. */
export const MUTABLE_FIELDS_BY_STATUS: Record<string, Record<string, string[]>> = {
  not_started: {
    name: ['update'],
    description: ['add', 'update', 'remove'],
    tags: ['add', 'update', 'remove'],
    holdoutId: ['add', 'update', 'remove'],
    methodology: ['update'],
    analysisConfig: ['add', 'update', 'remove'],
    hypothesis: ['update'],
    canReshuffleTraffic: ['update'],
    randomizationUnit: ['add', 'update', 'remove'],
    attributes: ['add', 'update', 'remove'],
    metrics: ['update'],
    primarySingleMetricKey: ['update'],
    primaryFunnelKey: ['update'],
    treatments: ['update'],
    flags: ['update'],
  },
  running: { name: ['update'], description: ['add', 'update', 'remove'], tags: ['add', 'update', 'remove'] },
  stopped: { name: ['update'], description: ['add', 'update', 'remove'], tags: ['add', 'update', 'remove'] },
};

/** The self link of an experiment. */
export function experimentHref(e: Pick<StoredExperiment, 'projectKey' | 'environmentKey' | 'key'>): string {
  return `/api/v2/projects/${e.projectKey}/environments/${e.environmentKey}/experiments/${e.key}`;
}

/** MetricV2Rep of a fixture metric. */
export function metricRep(projectKey: string, m: LdMetric): Record<string, unknown> {
  const rep: Record<string, unknown> = {
    key: m.key,
    _versionId: m._versionId,
    name: m.name,
    kind: m.kind,
    isNumeric: m.isNumeric,
    analysisType: 'mean',
    _links: { self: link(`/api/v2/metrics/${projectKey}/${m.key}`) },
  };
  if (m.unitAggregationType) rep.unitAggregationType = m.unitAggregationType;
  if (m.eventKey) rep.eventKey = m.eventKey;
  return rep;
}

/** MetricInGroupRep: a metric as a step of a group. */
export function metricInGroupRep(
  project: ProjectState,
  group: LdMetricGroup,
  step: { key: string; nameInGroup: string },
): Record<string, unknown> {
  const metric = project.fixture.metrics.find((m) => m.key === step.key)!;
  return { ...metricRep(project.fixture.key, metric), nameInGroup: step.nameInGroup, analysisUnits: ['user'] };
}

function groupRep(project: ProjectState, group: LdMetricGroup): Record<string, unknown> {
  return {
    key: group.key,
    _versionId: group._versionId,
    name: group.name,
    kind: group.kind,
    isGroup: true,
    _links: { self: link(`/api/v2/projects/${project.fixture.key}/metric-groups/${group.key}`) },
    metrics: group.metrics.map((step) => metricInGroupRep(project, group, step)),
  };
}

function dependentRep(project: ProjectState, key: string, isGroup: boolean): Record<string, unknown> {
  if (isGroup)
    return groupRep(
      project,
      project.fixture.metricGroups.find((g) => g.key === key)!,
    );
  const metric = project.fixture.metrics.find((m) => m.key === key)!;
  const { analysisType: _a, unitAggregationType: _u, ...rest } = metricRep(project.fixture.key, metric);
  return { ...rest, isGroup: false };
}

/** IterationRep; `treatments` and `secondaryMetrics` only when expanded (and non-empty). */
export function iterationRep(
  project: ProjectState,
  iteration: StoredIteration,
  expand: Set<string>,
): Record<string, unknown> {
  const s = iteration.spec;
  const projectKey = project.fixture.key;
  const rep: Record<string, unknown> = {
    _id: iteration._id,
    hypothesis: s.hypothesis,
    status: iteration.status,
    createdAt: iteration.createdAt,
  };
  for (const key of ['startedAt', 'endedAt', 'winningTreatmentId', 'winningReason'] as const) {
    if (iteration[key] !== undefined) rep[key] = iteration[key];
  }
  rep.canReshuffleTraffic = s.canReshuffleTraffic;
  rep.flags = Object.fromEntries(
    Object.entries(s.flags).map(([flagKey, f]) => {
      const flag = project.fixture.flags.find((x) => x.key === flagKey);
      const rule = Object.values(flag?.environments ?? {})
        .flatMap((e) => e.rules)
        .find((r) => r._id === f.ruleId);
      const flagRep: Record<string, unknown> = {
        targetingRule: f.ruleId,
        targetingRuleDescription: f.ruleId === 'fallthrough' ? 'Default rule' : (rule?.description ?? ''),
        targetingRuleClauses: [],
        flagConfigVersion: f.flagConfigVersion,
        _links: { self: link(`/api/v2/flags/${projectKey}/${flagKey}`) },
      };
      if (f.notInExperimentVariationId) flagRep.notInExperimentVariationId = f.notInExperimentVariationId;
      return [flagKey, flagRep];
    }),
  );
  if (s.primarySingleMetricKey) {
    rep.primaryMetric = dependentRep(project, s.primarySingleMetricKey, false);
    rep.primarySingleMetric = metricRep(
      projectKey,
      project.fixture.metrics.find((m) => m.key === s.primarySingleMetricKey)!,
    );
  }
  if (s.primaryFunnelKey) {
    rep.primaryMetric = dependentRep(project, s.primaryFunnelKey, true);
    const {
      isGroup: _g,
      _versionId: _v,
      ...funnel
    } = groupRep(
      project,
      project.fixture.metricGroups.find((g) => g.key === s.primaryFunnelKey)!,
    );
    rep.primaryFunnel = funnel;
  }
  if (s.randomizationUnit !== undefined) rep.randomizationUnit = s.randomizationUnit;
  if (s.attributes?.length) rep.attributes = s.attributes;
  if (expand.has('treatments') && s.treatments.length) {
    rep.treatments = s.treatments.map((t) => ({
      _id: t.parameters[0].variationId,
      name: t.name,
      allocationPercent: t.allocationPercent,
      baseline: t.baseline,
      parameters: t.parameters.map((p) => ({ flagKey: p.flagKey, variationId: p.variationId })),
    }));
  }
  if (expand.has('secondaryMetrics')) {
    const secondary = s.metrics
      .filter((m) => !m.isGroup && m.key !== s.primarySingleMetricKey)
      .map((m) =>
        metricRep(
          projectKey,
          project.fixture.metrics.find((x) => x.key === m.key)!,
        ),
      );
    if (secondary.length) rep.secondaryMetrics = secondary;
  }
  rep.metrics = s.metrics.map((m) => dependentRep(project, m.key, Boolean(m.isGroup)));
  if (s.reallocationFrequencyMillis !== undefined) rep.reallocationFrequencyMillis = s.reallocationFrequencyMillis;
  rep.version = iteration.version;
  if (s.covariateId)
    rep.covariateInfo = { id: s.covariateId, fileName: `${s.covariateId}.csv`, createdAt: iteration.createdAt };
  return rep;
}

/**
 * Experiment as LaunchDarkly returns it. `draftIteration`, `previousIterations`, iteration
 * `treatments`/`secondaryMetrics` and `analysisConfig` appear only when named in `expand`, and are
 * left out (not sent empty) when there is nothing to show.
 */
export function experimentRep(
  project: ProjectState,
  e: StoredExperiment,
  expand: Set<string>,
): Record<string, unknown> {
  const rep: Record<string, unknown> = {
    _id: e._id,
    key: e.key,
    name: e.name,
  };
  if (e.description !== undefined) rep.description = e.description;
  Object.assign(rep, {
    _maintainerId: e.maintainerId,
    _creationDate: e.creationDate,
    environmentKey: e.environmentKey,
  });
  if (e.archivedDate !== undefined) rep.archivedDate = e.archivedDate;
  rep._links = {
    parent: link(`/api/v2/projects/${e.projectKey}/environments/${e.environmentKey}`),
    self: link(experimentHref(e)),
  };
  if (e.holdoutId) rep.holdoutId = e.holdoutId;
  const current = currentOf(e);
  if (current) rep.currentIteration = iterationRep(project, current, expand);
  const draft = draftOf(e);
  if (expand.has('draftIteration') && draft) rep.draftIteration = iterationRep(project, draft, expand);
  const previous = previousOf(e);
  if (expand.has('previousIterations') && previous.length)
    rep.previousIterations = previous.map((i) => iterationRep(project, i, expand));
  Object.assign(rep, { type: e.type, methodology: e.methodology, dataSource: e.dataSource });
  if (e.tags?.length) rep.tags = e.tags;
  if (expand.has('analysisConfig') && e.analysisConfig && Object.keys(e.analysisConfig).length)
    rep.analysisConfig = e.analysisConfig;
  rep.mutableFieldsByStatus = MUTABLE_FIELDS_BY_STATUS;
  return rep;
}
