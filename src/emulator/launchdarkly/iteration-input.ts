import { badRequest } from '../http';
import type { IterationSpec, LdStore, ProjectState } from './store';

/**
 * Checks an IterationInput against the project (the schema was already checked by ajv) and returns
 * the stored form. With `applyDefaults` (creation), a missing `randomizationUnit` becomes the
 * project's default unit and `canReshuffleTraffic` becomes true; edits keep what they are given, so
 * removing the unit really leaves it unset (startIteration then refuses to start).
 *
 * Unknown flags and metrics answer 404 (like unknown keys in paths); inconsistent references answer 400.
 */
export function buildIterationSpec(
  store: LdStore,
  project: ProjectState,
  environmentKey: string,
  input: any,
  applyDefaults: boolean,
): IterationSpec {
  const spec: IterationSpec = {
    hypothesis: input.hypothesis,
    canReshuffleTraffic: input.canReshuffleTraffic ?? (applyDefaults ? true : false),
    metrics: structuredClone(input.metrics ?? []),
    treatments: structuredClone(input.treatments ?? []),
    flags: structuredClone(input.flags ?? {}),
  };
  for (const key of ['primarySingleMetricKey', 'primaryFunnelKey', 'randomizationUnit', 'covariateId'] as const) {
    if (typeof input[key] === 'string') spec[key] = input[key];
  }
  if (typeof input.reallocationFrequencyMillis === 'number')
    spec.reallocationFrequencyMillis = input.reallocationFrequencyMillis;
  if (Array.isArray(input.attributes)) spec.attributes = [...input.attributes];

  checkMetrics(store, project, spec);
  checkFlags(store, project, environmentKey, spec);
  checkTreatments(store, project, spec);

  const units = project.settings.randomizationUnits;
  if (spec.randomizationUnit === undefined && applyDefaults) {
    const fallback = units.find((u) => u.default);
    if (fallback) spec.randomizationUnit = fallback.randomizationUnit;
  }
  if (spec.randomizationUnit !== undefined && !units.some((u) => u.randomizationUnit === spec.randomizationUnit)) {
    throw badRequest(
      `iteration.randomizationUnit '${spec.randomizationUnit}' is not a randomization unit of project '${project.fixture.key}'`,
      'randomizationUnit',
    );
  }
  return spec;
}

function checkMetrics(store: LdStore, project: ProjectState, spec: IterationSpec): void {
  const seen = new Set<string>();
  for (const m of spec.metrics) {
    if (seen.has(m.key)) throw badRequest(`iteration.metrics: metric '${m.key}' is listed twice`, 'metrics');
    seen.add(m.key);
    if (m.isGroup) store.metricGroup(project, m.key);
    else store.metric(project, m.key);
  }
  // Before the primary*Key fields existed, the primary metric was flagged with `primary: true`.
  if (!spec.primarySingleMetricKey && !spec.primaryFunnelKey) {
    const legacy = spec.metrics.find((m) => m.primary);
    if (legacy && legacy.isGroup) spec.primaryFunnelKey = legacy.key;
    else if (legacy) spec.primarySingleMetricKey = legacy.key;
  }
  if (spec.primarySingleMetricKey && spec.primaryFunnelKey) {
    throw badRequest(
      'iteration: give only one of primarySingleMetricKey and primaryFunnelKey',
      'primarySingleMetricKey',
    );
  }
  if (!spec.primarySingleMetricKey && !spec.primaryFunnelKey) {
    throw badRequest(
      'iteration: one of primarySingleMetricKey or primaryFunnelKey is required',
      'primarySingleMetricKey',
    );
  }
  if (spec.primarySingleMetricKey && !spec.metrics.some((m) => !m.isGroup && m.key === spec.primarySingleMetricKey)) {
    throw badRequest(
      `iteration.primarySingleMetricKey '${spec.primarySingleMetricKey}' is not one of iteration.metrics`,
      'primarySingleMetricKey',
    );
  }
  if (spec.primaryFunnelKey) {
    if (!spec.metrics.some((m) => m.isGroup && m.key === spec.primaryFunnelKey)) {
      throw badRequest(
        `iteration.primaryFunnelKey '${spec.primaryFunnelKey}' is not a metric group of iteration.metrics`,
        'primaryFunnelKey',
      );
    }
    if (store.metricGroup(project, spec.primaryFunnelKey).kind !== 'funnel') {
      throw badRequest(
        `iteration.primaryFunnelKey '${spec.primaryFunnelKey}' is not a funnel group`,
        'primaryFunnelKey',
      );
    }
  }
}

function checkFlags(store: LdStore, project: ProjectState, environmentKey: string, spec: IterationSpec): void {
  const keys = Object.keys(spec.flags);
  if (keys.length === 0) throw badRequest('iteration.flags must name at least one flag', 'flags');
  for (const key of keys) {
    const flag = store.flag(project, key);
    const input = spec.flags[key];
    const env = flag.environments[environmentKey];
    if (input.ruleId !== 'fallthrough' && !env?.rules.some((r) => r._id === input.ruleId)) {
      throw badRequest(
        `iteration.flags.${key}.ruleId '${input.ruleId}' is not a rule of the flag in '${environmentKey}' (use 'fallthrough' for the default rule)`,
        'flags',
      );
    }
    if (
      input.notInExperimentVariationId !== undefined &&
      !flag.variations.some((v) => v._id === input.notInExperimentVariationId)
    ) {
      throw badRequest(`iteration.flags.${key}.notInExperimentVariationId is not a variation of the flag`, 'flags');
    }
  }
}

function checkTreatments(store: LdStore, project: ProjectState, spec: IterationSpec): void {
  const baselines = spec.treatments.filter((t) => t.baseline).length;
  if (baselines !== 1)
    throw badRequest(`iteration.treatments must have exactly one baseline (found ${baselines})`, 'treatments');
  const variationIds = new Set<string>();
  let total = 0;
  spec.treatments.forEach((t, i) => {
    if (t.parameters.length === 0)
      throw badRequest(`iteration.treatments[${i}].parameters must name a flag variation`, 'treatments');
    for (const p of t.parameters) {
      if (!spec.flags[p.flagKey])
        throw badRequest(`iteration.treatments[${i}]: flag '${p.flagKey}' is not in iteration.flags`, 'treatments');
      const flag = store.flag(project, p.flagKey);
      if (!flag.variations.some((v) => v._id === p.variationId)) {
        throw badRequest(
          `iteration.treatments[${i}]: '${p.variationId}' is not a variation of flag '${p.flagKey}'`,
          'treatments',
        );
      }
    }
    const id = t.parameters[0].variationId;
    if (variationIds.has(id))
      throw badRequest(`iteration.treatments[${i}]: variation '${id}' is used by two treatments`, 'treatments');
    variationIds.add(id);
    total += Number(t.allocationPercent);
  });
  // Allocations are shares of the experiment audience; they may sum to less than 100 but not more.
  if (total > 100 + 1e-9)
    throw badRequest(`iteration.treatments: allocations sum to ${total}, more than 100`, 'treatments');
}
