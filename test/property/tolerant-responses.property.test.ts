/**
 * Tolerant reading, for every operation of both vendors with a JSON 2xx body: the documented example body,
 * mutated (fields dropped, set to null, unknown enum-like strings, values of the wrong type, anywhere in the
 * tree), never makes the facade call throw. Plain `await`, `.withResponse()` and (for lists) paging all resolve,
 * and the deviation check behind the logger's warning runs on every body. The case count is printed for the CI log.
 */
import fc from 'fast-check';
import { LaunchDarklyExperiments, PostHogExperiments, type Logger } from '../../src';
import type { FetchLike } from '../../src/core/fetch-types';
import { jsonSuccesses, spec } from '../helpers/spec';
import { ITERATION } from '../launchdarkly/fixtures';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Call = (ld: LaunchDarklyExperiments, ph: PostHogExperiments) => PromiseLike<unknown> & object;

const ID = 7;
const UUID = '0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const metric = { kind: 'ExperimentMetric', metric_type: 'mean', source: { kind: 'EventsNode', event: '$pageview' } };

/** One facade call per operation id (every operation with a JSON 2xx body; checked against the spec below). */
const CALLS: Record<string, Call> = {
  getExperiments: (ld) => ld.getExperiments(),
  getExperimentsAnyEnv: (ld) => ld.getExperimentsAnyEnv(),
  createExperiment: (ld) => ld.createExperiment({ experiment: { key: 'k', name: 'n', iteration: ITERATION } }),
  getExperiment: (ld) => ld.getExperiment({ experimentKey: 'e' }),
  patchExperiment: (ld) => ld.archiveExperiment('e'),
  createIteration: (ld) => ld.createIteration({ experimentKey: 'e', iteration: ITERATION }),
  getExperimentResults: (ld) => ld.getExperimentResults({ experimentKey: 'e', metricKey: 'm' }),
  getExperimentResultsForMetricGroup: (ld) =>
    ld.getExperimentResultsForMetricGroup({ experimentKey: 'e', metricGroupKey: 'g' }),
  getExperimentationSettings: (ld) => ld.getExperimentationSettings(),
  putExperimentationSettings: (ld) =>
    ld.putExperimentationSettings({ randomizationUnits: [{ randomizationUnit: 'user', default: true }] }),
  getLegacyExperimentResults: (ld) => ld.getLegacyExperimentResults({ featureFlagKey: 'f', metricKey: 'm' }),

  experiment_holdouts_list: (_, ph) => ph.holdouts.list(),
  experiment_holdouts_create: (_, ph) =>
    ph.holdouts.create({ name: 'h', filters: [{ properties: [], rollout_percentage: 10 }] }),
  experiment_holdouts_retrieve: (_, ph) => ph.holdouts.retrieve(ID),
  experiment_holdouts_update: (_, ph) =>
    ph.holdouts.update(ID, { name: 'h', filters: [{ properties: [], rollout_percentage: 10 }] }),
  experiment_holdouts_partial_update: (_, ph) => ph.holdouts.partialUpdate(ID, { name: 'h2' }),
  experiment_saved_metrics_list: (_, ph) => ph.savedMetrics.list(),
  experiment_saved_metrics_create: (_, ph) => ph.savedMetrics.create({ name: 'm', query: metric as never }),
  experiment_saved_metrics_retrieve: (_, ph) => ph.savedMetrics.retrieve(ID),
  experiment_saved_metrics_update: (_, ph) => ph.savedMetrics.update(ID, { name: 'm', query: metric as never }),
  experiment_saved_metrics_partial_update: (_, ph) => ph.savedMetrics.partialUpdate(ID, { name: 'm2' }),
  experiments_list: (_, ph) => ph.experiments.list(),
  experiments_create: (_, ph) => ph.experiments.create({ name: 'n', feature_flag_key: 'flag' }),
  experiments_retrieve: (_, ph) => ph.experiments.retrieve(ID),
  experiments_update: (_, ph) => ph.experiments.update(ID, { name: 'n', feature_flag_key: 'flag' }),
  experiments_partial_update: (_, ph) => ph.experiments.partialUpdate(ID, { name: 'n2' }),
  experiments_launch: (_, ph) => ph.experiments.launch(ID),
  experiments_pause: (_, ph) => ph.experiments.pause(ID),
  experiments_resume: (_, ph) => ph.experiments.resume(ID),
  experiments_end: (_, ph) => ph.experiments.end(ID, { conclusion: 'won' }),
  experiments_ship_variant: (_, ph) => ph.experiments.shipVariant(ID, { variant_key: 'test' }),
  experiments_archive: (_, ph) => ph.experiments.archive(ID),
  experiments_unarchive: (_, ph) => ph.experiments.unarchive(ID),
  experiments_reset: (_, ph) => ph.experiments.reset(ID),
  experiments_freeze_exposure: (_, ph) => ph.experiments.freezeExposure(ID),
  experiments_unfreeze_exposure: (_, ph) => ph.experiments.unfreezeExposure(ID),
  experiments_duplicate: (_, ph) => ph.experiments.duplicate(ID),
  experiments_copy_to_project: (_, ph) => ph.experiments.copyToProject(ID, { target_team_id: 2 }),
  experiments_create_exposure_cohort_for_experiment: (_, ph) => ph.experiments.createExposureCohort(ID),
  experiments_recalculate_timeseries: (_, ph) =>
    ph.experiments.recalculateTimeseries(ID, { metric: metric as never, fingerprint: 'fp' }),
  experiments_metrics_recalculation_create: (_, ph) => ph.experiments.recalculateMetrics(ID),
  experiments_metrics_recalculation_latest: (_, ph) => ph.experiments.latestMetricsRecalculation(ID),
  experiments_metrics_recalculation_retrieve: (_, ph) => ph.experiments.retrieveMetricsRecalculation(ID, UUID),
  experiments_timeseries_results: (_, ph) =>
    ph.experiments.timeseriesResults(ID, { metric_uuid: UUID, fingerprint: 'fp' }),
  experiments_activity: (_, ph) => ph.experiments.activity(ID),
  experiments_flag_cleanup_target: (_, ph) => ph.experiments.flagCleanupTarget(ID),
  experiments_flag_cleanup_task: (_, ph) => ph.experiments.flagCleanupTask(ID),
  experiments_session_buckets: (_, ph) => ph.experiments.sessionBuckets(ID, { variant: 'test' }),
  experiments_stats: (_, ph) => ph.experiments.stats(),
  experiments_calculate_running_time: (_, ph) =>
    ph.experiments.calculateRunningTime({
      metric_type: 'funnel',
      minimum_detectable_effect: 5,
      baseline_value: 0.2,
    } as never),
  experiments_create_from_prompt: (_, ph) => ph.experiments.createFromPrompt({ prompt: 'test the checkout' }),
  experiments_prompt_templates: (_, ph) => ph.experiments.promptTemplates(),
  experiments_eligible_feature_flags: (_, ph) => ph.experiments.eligibleFeatureFlags(),
  experiments_requires_flag_implementation: (_, ph) => ph.experiments.requiresFlagImplementation(),
  experiments_session_context: (_, ph) => ph.experiments.sessionContext(UUID),
  experiments_session_contexts: (_, ph) => ph.experiments.sessionContexts({ session_ids: [UUID] }),
};

/** Operation id → its first JSON 2xx status and documented example body. */
function validBodies(): Map<string, { status: number; body: Json }> {
  const out = new Map<string, { status: number; body: Json }>();
  for (const [id, { status, media }] of jsonSuccesses()) {
    let example = media.example;
    if (example === undefined && media.examples) {
      const first: any = Object.values(media.examples)[0];
      example = first.$ref ? spec.components.examples[first.$ref.split('/').pop()].value : first.value;
    }
    out.set(id, { status, body: structuredClone(example) });
  }
  return out;
}

type Path = Array<string | number>;
function pathsOf(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

interface Mutation {
  pick: number;
  kind: 'drop' | 'null' | 'enum' | 'wrongType';
  wrong: Json;
}
const WRONG: Json[] = [0, -1, 1.5, true, false, 'text', '', [], {}, [1, 'a'], { x: null }];

/** `body` with each mutation applied at the path it picks (the root is never dropped: an empty body is unreadable). */
function mutate(body: Json, mutations: Mutation[]): Json {
  let root = structuredClone(body);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.pick % paths.length];
    const replacement: Json | undefined =
      m.kind === 'drop'
        ? undefined
        : m.kind === 'null'
          ? null
          : m.kind === 'enum'
            ? '__unknown_value__'
            : // A copy: a later mutation may edit what this one inserted, and WRONG's values are shared by every run.
              structuredClone(m.wrong);
    if (path.length === 0) {
      root = replacement === undefined ? null : replacement;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], root);
    const key = path[path.length - 1];
    if (replacement === undefined) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = replacement;
  }
  return root;
}

const mutationArb = fc.array(
  fc.record({
    pick: fc.nat(),
    kind: fc.constantFrom<Mutation['kind']>('drop', 'null', 'enum', 'wrongType'),
    wrong: fc.constantFrom(...WRONG),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('tolerant reading of every operation', () => {
  const bodies = validBodies();
  const operations = Object.keys(CALLS);
  let answer: { status: number; text: string } = { status: 200, text: '{}' };
  const fetch: FetchLike = () =>
    Promise.resolve(
      new Response(answer.text, { status: answer.status, headers: { 'Content-Type': 'application/json' } }),
    );
  let warnings = 0;
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => void (warnings += 1),
    error: () => undefined,
  };
  const common = { fetch, logger, maxRetries: 0 };
  const ld = new LaunchDarklyExperiments({
    apiKey: 'api-key-0123456789',
    // The fetch above answers every request, so nothing leaves the process; the hosts match the examples' links.
    baseUrl: 'https://app.launchdarkly.com',
    projectKey: 'p',
    environmentKey: 'e',
    ...common,
  });
  const ph = new PostHogExperiments({
    apiKey: 'phx_key_0123456789',
    projectId: 1,
    host: 'us',
    ...common,
  });
  const perOperation = new Map<string, number>();
  let cases = 0;

  /** Runs one operation against `body`: await, withResponse and (lists) two pages must all resolve. */
  async function run(operation: string, status: number, body: Json): Promise<void> {
    answer = { status, text: JSON.stringify(body) };
    const call = CALLS[operation](ld, ph) as PromiseLike<unknown> & {
      withResponse(): Promise<{ response: { status: number } }>;
      pagesWithResponse?: () => AsyncGenerator<unknown>;
    };
    await call;
    expect((await call.withResponse()).response.status).toBe(status);
    if (call.pagesWithResponse) {
      let pages = 0;
      for await (const page of call.pagesWithResponse()) {
        void page;
        if (++pages >= 2) break;
      }
    }
    cases += 1;
    perOperation.set(operation, (perOperation.get(operation) ?? 0) + 1);
  }

  afterAll(() => {
    const counts = [...perOperation.values()];
    console.log(
      `tolerant responses: ${cases} cases over ${perOperation.size} operations ` +
        `(${Math.min(...counts)}–${Math.max(...counts)} each), ${warnings} deviation warnings, no call threw`,
    );
  });

  it('covers every operation with a JSON 2xx body', () => {
    expect(operations.sort()).toEqual([...bodies.keys()].sort());
  });

  it.each(Object.keys(CALLS))('%s: the documented body reads without a warning', async (operation) => {
    const { status, body } = bodies.get(operation)!;
    const before = warnings;
    await run(operation, status, body);
    expect(warnings).toBe(before);
  });

  it('mutated bodies never make a call throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), mutationArb, async (operation, mutations) => {
        const { status, body } = bodies.get(operation)!;
        await run(operation, status, mutate(body, mutations));
      }),
      { numRuns: 1_000 },
    );
  });

  it('every field of every body, dropped or nulled alone, never makes a call throw', async () => {
    for (const operation of operations) {
      const { status, body } = bodies.get(operation)!;
      const count = pathsOf(body).length;
      for (let pick = 1; pick < count; pick++) {
        await run(operation, status, mutate(body, [{ pick, kind: 'drop', wrong: null }]));
        await run(operation, status, mutate(body, [{ pick, kind: 'null', wrong: null }]));
      }
    }
  });
});
