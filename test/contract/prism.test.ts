/**
 * Contract tests against Stoplight Prism (`prism mock openapi.yaml --errors`), an implementation of the spec that
 * is not ours: Prism validates every request the facades send against openapi.yaml and reports violations in
 * the `sl-violations` header (with `--errors`, an invalid request is answered 4xx instead of the example).
 * Every operation of both facades is called once with realistic input and must produce a 2xx with zero
 * violations; the served examples also exercise response parsing.
 *
 * Prism notes (see /work/shared/notes/toolchain.md, "Prism (Q3)"):
 * - Prism ignores per-path `servers`, so PostHog paths are served at the root like LaunchDarkly's.
 * - Prism does not use `discriminator`: a `oneOf` is checked with plain JSON-Schema semantics (exactly one
 *   branch must match). Our instruction and metric unions have a `kind`/`metric_type` const or enum per
 *   branch, so exactly-one semantics are as strict as discriminator semantics here; nothing is skipped.
 * - `experiments_destroy` (DELETE /experiments/{id}/) has no facade method by design: PostHog answers 405
 *   and `experiments.delete` soft-deletes with PATCH `{deleted: true}` (covered as experiments_partial_update).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  LaunchDarklyExperiments,
  PostHogExperiments,
  instructions,
  type ExperimentPost,
  type IterationInput,
  type PostHogExperimentMetric,
} from 'experiments-api';

const ROOT = join(__dirname, '..', '..');
const PRISM = join(ROOT, 'node_modules', '.bin', 'prism');
const SEMANTIC_PATCH = 'application/json; domain-model=launchdarkly.semanticpatch';
/** Operations no facade method sends, with the reason (see the file comment). */
const NOT_IN_FACADES: Record<string, string> = {
  experiments_destroy: 'PostHog answers 405; experiments.delete() soft-deletes with PATCH',
};

interface Exchange {
  /** The facade call (or test step) that sent it. */
  label: string;
  operationId: string;
  method: string;
  url: string;
  status: number;
  violations: Array<{ location?: string[]; code?: string; message?: string }>;
  requestBody?: string;
  contentType: string | null;
}

/** Every operation of openapi.yaml as a matcher; literal paths first so `/experiments/stats/` beats `/{id}/`. */
function loadOperations(): Array<{ operationId: string; method: string; pattern: RegExp; params: number }> {
  const spec = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8'));
  const ops: Array<{ operationId: string; method: string; pattern: RegExp; params: number }> = [];
  for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.operationId) continue;
      const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        pattern: new RegExp(`^${source}$`),
        params: (path.match(/\{/g) ?? []).length,
      });
    }
  }
  return ops.sort((a, b) => a.params - b.params);
}

const operations = loadOperations();
const exchanges: Exchange[] = [];
let prism: ChildProcess;
let prismLog = '';
let url = '';
/** Label of the facade call in progress, stamped on the exchanges it sends. */
let currentLabel = '';

function operationOf(method: string, pathname: string): string {
  return operations.find((o) => o.method === method && o.pattern.test(pathname))?.operationId ?? '(unknown)';
}

function parseViolations(header: string | null): Exchange['violations'] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header);
    return Array.isArray(parsed) ? parsed : [{ message: header }];
  } catch {
    return [{ message: header }];
  }
}

/** The facades' `fetch` option: global fetch, plus a record of each exchange and its Prism violations. */
async function recordingFetch(input: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const { pathname } = new URL(input);
  const method = (init?.method ?? 'GET').toUpperCase();
  exchanges.push({
    label: currentLabel,
    operationId: operationOf(method, pathname),
    method,
    url: input,
    status: response.status,
    violations: parseViolations(response.headers.get('sl-violations')),
    requestBody: typeof init?.body === 'string' ? init.body : undefined,
    contentType: new Headers(init?.headers).get('content-type'),
  });
  return response;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts Prism and resolves once it logs that it is listening (or rejects with its output). */
async function startPrism(): Promise<void> {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  prism = spawn(PRISM, ['mock', 'openapi.yaml', '-h', '127.0.0.1', '-p', String(port), '--errors'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('Prism did not start within 20 s')), 20_000);
    const onData = (chunk: Buffer) => {
      prismLog += chunk.toString();
      if (prismLog.includes('Prism is listening')) done();
    };
    const onExit = (code: number | null) => fail(new Error(`Prism exited early (${code})`));
    function cleanup() {
      clearTimeout(timer);
      prism.off('exit', onExit);
    }
    function done() {
      cleanup();
      resolve();
    }
    function fail(error: Error) {
      cleanup();
      reject(new Error(`${error.message}\n${prismLog.slice(-2000)}`));
    }
    prism.stdout!.on('data', onData);
    prism.stderr!.on('data', onData);
    prism.once('exit', onExit);
  });
  // Keep draining the output (a full pipe would block Prism) but keep only a tail for diagnostics.
  prism.stdout!.on('data', () => void (prismLog = prismLog.slice(-20_000)));
}

async function stopPrism(): Promise<void> {
  if (!prism || prism.exitCode !== null || prism.signalCode !== null) return;
  const exited = once(prism, 'exit');
  prism.kill('SIGTERM');
  const timer = setTimeout(() => prism.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Runs one facade call and returns the exchanges it produced (one per call: retries are off). */
async function exchange(
  label: string,
  call: () => PromiseLike<unknown>,
): Promise<{ result: unknown; sent: Exchange[] }> {
  const before = exchanges.length;
  currentLabel = label;
  const result = await call();
  return { result, sent: exchanges.slice(before) };
}

function expectClean(sent: Exchange[], operationId: string) {
  expect(sent.map((e) => e.operationId)).toEqual([operationId]);
  const [e] = sent;
  // On failure, show what Prism said and what we sent.
  expect({ status: e.status, violations: e.violations }).toEqual({ status: expect.any(Number), violations: [] });
  expect(e.status).toBeGreaterThanOrEqual(200);
  expect(e.status).toBeLessThan(300);
}

beforeAll(startPrism, 30_000);

afterAll(async () => {
  await stopPrism();
  if (exchanges.length === 0) return;
  const row = (cells: string[]) =>
    [cells[0].padEnd(50), cells[1].padEnd(48), cells[2].padEnd(7), cells[3].padEnd(7), cells[4]].join(' ');
  const rows = exchanges.map((e) =>
    row([e.operationId, e.label, e.method, String(e.status), String(e.violations.length)]),
  );
  const facadeCalls = exchanges.filter((e) => !e.label.startsWith('negative'));
  const dirty = facadeCalls.filter((e) => e.violations.length > 0 || e.status < 200 || e.status >= 300).length;
  console.log(
    [
      `Prism contract table (${url})`,
      row(['operationId', 'facade call', 'method', 'status', 'violations']),
      ...rows,
      `${facadeCalls.length} facade exchanges, ${new Set(facadeCalls.map((e) => e.operationId)).size} operations, ` +
        `${dirty} with violations or a non-2xx status`,
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------- LaunchDarkly

const ld = () =>
  new LaunchDarklyExperiments({
    apiKey: 'prism-any-key',
    baseUrl: url,
    projectKey: 'default',
    environmentKey: 'production',
    maxRetries: 0,
    fetch: recordingFetch,
  });

const variation = { control: 'e432f62b-55f6-49dd-a02f-eb24acf39d05', above: '7a8b9c0d-55f6-49dd-a02f-eb24acf39d06' };
const iteration: IterationInput = {
  hypothesis: 'Moving the button above the fold increases checkouts',
  canReshuffleTraffic: true,
  metrics: [
    { key: 'checkout-completed', isGroup: false },
    { key: 'checkout-funnel', isGroup: true },
  ],
  primarySingleMetricKey: 'checkout-completed',
  randomizationUnit: 'user',
  attributes: ['country'],
  flags: { 'checkout-button-position': { ruleId: 'fallthrough', flagConfigVersion: 12 } },
  treatments: [
    {
      name: 'Below the fold',
      baseline: true,
      allocationPercent: '50',
      parameters: [{ flagKey: 'checkout-button-position', variationId: variation.control }],
    },
    {
      name: 'Above the fold',
      baseline: false,
      allocationPercent: '50',
      parameters: [{ flagKey: 'checkout-button-position', variationId: variation.above }],
    },
  ],
};
const experimentPost: ExperimentPost = {
  key: 'checkout-button',
  name: 'Checkout button placement',
  description: 'Does moving the button above the fold raise conversion?',
  maintainerId: '569f183514f4432160000007',
  tags: ['checkout'],
  iteration,
};

const ldCalls: Array<[string, (client: LaunchDarklyExperiments) => PromiseLike<unknown>]> = [
  [
    'getExperiments',
    (c) =>
      c.getExperiments({
        limit: 20,
        offset: 0,
        filter: { flagKey: 'checkout-button-position', status: 'running' },
        expand: ['treatments', 'draftIteration'],
        lifecycleState: ['active', 'archived'],
      }),
  ],
  [
    'getExperimentsAnyEnv',
    (c) =>
      c.getExperimentsAnyEnv({ limit: 10, filter: { metricKey: 'checkout-completed' }, expand: ['analysisConfig'] }),
  ],
  ['createExperiment', (c) => c.createExperiment({ experiment: experimentPost })],
  ['getExperiment', (c) => c.getExperiment({ experimentKey: 'checkout-button', expand: ['previousIterations'] })],
  [
    'patchExperiment',
    (c) =>
      c.patchExperiment({
        experimentKey: 'checkout-button',
        instructions: [instructions.startIteration()],
        comment: 'Ready for traffic',
      }),
  ],
  ['createIteration', (c) => c.createIteration({ experimentKey: 'checkout-button', iteration })],
  [
    'getExperimentResults',
    (c) =>
      c.getExperimentResults({
        experimentKey: 'checkout-button',
        metricKey: 'checkout-completed',
        iterationId: '8c1f6f21-0b1e-4a37-9b0d-6e2f4a1c3d55',
        expand: ['traffic'],
      }),
  ],
  [
    'getExperimentResultsForMetricGroup',
    (c) =>
      c.getExperimentResultsForMetricGroup({ experimentKey: 'checkout-button', metricGroupKey: 'checkout-funnel' }),
  ],
  ['getExperimentationSettings', (c) => c.getExperimentationSettings()],
  [
    'putExperimentationSettings',
    (c) =>
      c.putExperimentationSettings({
        randomizationUnits: [
          { randomizationUnit: 'user', default: true },
          { randomizationUnit: 'organization', default: false },
        ],
      }),
  ],
  [
    'getLegacyExperimentResults',
    (c) =>
      c.getLegacyExperimentResults({
        featureFlagKey: 'checkout-button-position',
        metricKey: 'checkout-completed',
        from: 1654041600000,
        to: 1655164800000,
      }),
  ],
  [
    'resetExperiment',
    (c) => c.resetExperiment({ featureFlagKey: 'checkout-button-position', metricKey: 'checkout-completed' }),
  ],
];

/** The lifecycle helpers and `patch`: each is a patchExperiment with other instructions, so each is checked. */
const ldPatches: Array<[string, (client: LaunchDarklyExperiments) => PromiseLike<unknown>]> = [
  ['startIteration', (c) => c.startIteration('checkout-button', { changeJustification: 'Restart with new split' })],
  [
    'stopIteration',
    (c) => c.stopIteration('checkout-button', { winningTreatmentId: variation.above, winningReason: 'Clear lift' }),
  ],
  ['archiveExperiment', (c) => c.archiveExperiment('checkout-button', { comment: 'Done' })],
  ['restoreExperiment', (c) => c.restoreExperiment('checkout-button')],
  ['updateName', (c) => c.updateName('checkout-button', 'Checkout CTA placement')],
  ['updateDescription', (c) => c.updateDescription('checkout-button', 'Where the button goes')],
  [
    'updateExperimentFields',
    (c) =>
      c.updateExperimentFields('checkout-button', {
        description: { operation: 'update', value: 'Edited' },
        tags: { operation: 'add', value: ['checkout'] },
        attributes: { operation: 'remove' },
      }),
  ],
  [
    'saveAndStartNewIteration',
    (c) =>
      c.saveAndStartNewIteration('checkout-button', {
        changeJustification: 'New hypothesis',
        fields: { hypothesis: { operation: 'update', value: 'Second run' } },
      }),
  ],
  [
    'patch (several instructions)',
    (c) =>
      c.patch('checkout-button', [instructions.updateName('Checkout CTA'), instructions.archiveExperiment()], {
        comment: 'Done with this one',
      }),
  ],
];

describe('LaunchDarkly: every operation is valid for Prism', () => {
  it.each(ldCalls)('%s', async (operationId, call) => {
    const { sent } = await exchange(`ld.${operationId}`, () => call(ld()));
    expectClean(sent, operationId);
  });

  it.each(ldPatches)('patchExperiment via %s', async (name, call) => {
    const { result, sent } = await exchange(`ld.${name.replace(/ .*/, '')}`, () => call(ld()));
    expectClean(sent, 'patchExperiment');
    expect(sent[0].contentType).toBe(SEMANTIC_PATCH);
    expect(JSON.parse(sent[0].requestBody ?? '{}').instructions.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ key: expect.any(String) });
  });
});

// ---------------------------------------------------------------------------------------------------- PostHog

const ph = () =>
  new PostHogExperiments({
    apiKey: 'phx_prism_any_key',
    host: url,
    projectId: 1,
    maxRetries: 0,
    fetch: recordingFetch,
  });

const revenue: PostHogExperimentMetric = {
  kind: 'ExperimentMetric',
  metric_type: 'mean',
  name: 'Revenue per user',
  goal: 'increase',
  source: { kind: 'EventsNode', event: 'purchase', math: 'sum', math_property: 'revenue' },
};
const funnel: PostHogExperimentMetric = {
  kind: 'ExperimentMetric',
  metric_type: 'funnel',
  name: 'Checkout conversion',
  series: [
    { kind: 'EventsNode', event: 'cart_viewed' },
    { kind: 'EventsNode', event: 'checkout_completed' },
  ],
  conversion_window: 14,
  conversion_window_unit: 'day',
};
const experimentWrite = {
  name: 'Checkout button copy',
  description: 'Changing the button label to "Buy now" increases completed purchases.',
  feature_flag_key: 'checkout-button-copy',
  feature_flag: {
    filters: {
      multivariate: {
        variants: [
          { key: 'control', name: 'Control', rollout_percentage: 50 },
          { key: 'test', name: 'Buy now', rollout_percentage: 50 },
        ],
      },
    },
  },
  metrics: [revenue, funnel],
  saved_metrics_ids: [{ id: 3, metadata: { type: 'secondary' as const } }],
};
const holdoutWrite = {
  name: 'Global holdout',
  description: '5% of users see no experiment',
  filters: [{ rollout_percentage: 5, properties: [] }],
};
const SESSION = '0195b0f5-1a2b-7c3d-8e4f-5a6b7c8d9e0f';

const phCalls: Array<[string, string, (client: PostHogExperiments) => PromiseLike<unknown>]> = [
  [
    'experiments_list',
    'experiments.list',
    (c) => c.experiments.list({ status: 'running', search: 'checkout', order: '-start_date' }),
  ],
  ['experiments_create', 'experiments.create', (c) => c.experiments.create(experimentWrite)],
  ['experiments_retrieve', 'experiments.retrieve', (c) => c.experiments.retrieve(42)],
  ['experiments_update', 'experiments.update', (c) => c.experiments.update(42, experimentWrite)],
  [
    'experiments_partial_update',
    'experiments.partialUpdate',
    (c) => c.experiments.partialUpdate(42, { description: 'Patched', metrics: [revenue] }),
  ],
  ['experiments_partial_update', 'experiments.delete', (c) => c.experiments.delete(42)],
  ['experiments_partial_update', 'experiments.restore', (c) => c.experiments.restore(42)],
  ['experiments_launch', 'experiments.launch', (c) => c.experiments.launch(42)],
  ['experiments_pause', 'experiments.pause', (c) => c.experiments.pause(42)],
  ['experiments_resume', 'experiments.resume', (c) => c.experiments.resume(42)],
  [
    'experiments_end',
    'experiments.end',
    (c) => c.experiments.end(42, { conclusion: 'won', conclusion_comment: 'Clear lift' }),
  ],
  [
    'experiments_ship_variant',
    'experiments.shipVariant',
    (c) => c.experiments.shipVariant(42, { variant_key: 'test', conclusion: 'won' }),
  ],
  ['experiments_archive', 'experiments.archive', (c) => c.experiments.archive(42, { disable_feature_flag: true })],
  ['experiments_unarchive', 'experiments.unarchive', (c) => c.experiments.unarchive(42)],
  ['experiments_reset', 'experiments.reset', (c) => c.experiments.reset(42)],
  ['experiments_freeze_exposure', 'experiments.freezeExposure', (c) => c.experiments.freezeExposure(42)],
  ['experiments_unfreeze_exposure', 'experiments.unfreezeExposure', (c) => c.experiments.unfreezeExposure(42)],
  ['experiments_duplicate', 'experiments.duplicate', (c) => c.experiments.duplicate(42, { name: 'Checkout copy (2)' })],
  [
    'experiments_copy_to_project',
    'experiments.copyToProject',
    (c) => c.experiments.copyToProject(42, { target_team_id: 2 }),
  ],
  [
    'experiments_create_exposure_cohort_for_experiment',
    'experiments.createExposureCohort',
    (c) => c.experiments.createExposureCohort(42),
  ],
  [
    'experiments_recalculate_timeseries',
    'experiments.recalculateTimeseries',
    (c) => c.experiments.recalculateTimeseries(42, { metric: revenue, fingerprint: '4f9c2a71d0b3' }),
  ],
  [
    'experiments_metrics_recalculation_create',
    'experiments.recalculateMetrics',
    (c) => c.experiments.recalculateMetrics(42, { trigger: 'manual' }),
  ],
  [
    'experiments_metrics_recalculation_latest',
    'experiments.latestMetricsRecalculation',
    (c) => c.experiments.latestMetricsRecalculation(42),
  ],
  [
    'experiments_metrics_recalculation_retrieve',
    'experiments.retrieveMetricsRecalculation',
    (c) => c.experiments.retrieveMetricsRecalculation(42, '5d0b7a4e-1c2f-4e8a-9b3d-7f6a5c4e3d21'),
  ],
  [
    'experiments_timeseries_results',
    'experiments.timeseriesResults',
    (c) =>
      c.experiments.timeseriesResults(42, {
        metric_uuid: '5d0b7a4e-1c2f-4e8a-9b3d-7f6a5c4e3d21',
        fingerprint: '4f9c2a71d0b3',
      }),
  ],
  ['experiments_activity', 'experiments.activity', (c) => c.experiments.activity(42)],
  ['experiments_flag_cleanup_target', 'experiments.flagCleanupTarget', (c) => c.experiments.flagCleanupTarget(42)],
  ['experiments_flag_cleanup_task', 'experiments.flagCleanupTask', (c) => c.experiments.flagCleanupTask(42)],
  [
    'experiments_session_buckets',
    'experiments.sessionBuckets',
    (c) => c.experiments.sessionBuckets(42, { variant: 'test' }),
  ],
  ['experiments_stats', 'experiments.stats', (c) => c.experiments.stats()],
  [
    'experiments_calculate_running_time',
    'experiments.calculateRunningTime',
    (c) =>
      c.experiments.calculateRunningTime({
        metric_type: 'funnel',
        minimum_detectable_effect: 5,
        baseline_value: 0.12,
        exposure_rate_per_day: 1500,
        number_of_variants: 2,
      }),
  ],
  [
    'experiments_create_from_prompt',
    'experiments.createFromPrompt',
    (c) =>
      c.experiments.createFromPrompt({ prompt_id: 'support-answer', versions: [3, 4], metric_templates: ['cost'] }),
  ],
  ['experiments_prompt_templates', 'experiments.promptTemplates', (c) => c.experiments.promptTemplates()],
  [
    'experiments_eligible_feature_flags',
    'experiments.eligibleFeatureFlags',
    (c) => c.experiments.eligibleFeatureFlags({ search: 'checkout', limit: 20 }),
  ],
  [
    'experiments_requires_flag_implementation',
    'experiments.requiresFlagImplementation',
    (c) => c.experiments.requiresFlagImplementation(),
  ],
  ['experiments_session_context', 'experiments.sessionContext', (c) => c.experiments.sessionContext(SESSION)],
  [
    'experiments_session_contexts',
    'experiments.sessionContexts',
    (c) => c.experiments.sessionContexts({ session_ids: [SESSION] }),
  ],
  ['experiment_holdouts_list', 'holdouts.list', (c) => c.holdouts.list({ limit: 10, offset: 0 })],
  ['experiment_holdouts_create', 'holdouts.create', (c) => c.holdouts.create(holdoutWrite)],
  ['experiment_holdouts_retrieve', 'holdouts.retrieve', (c) => c.holdouts.retrieve(7)],
  ['experiment_holdouts_update', 'holdouts.update', (c) => c.holdouts.update(7, holdoutWrite)],
  [
    'experiment_holdouts_partial_update',
    'holdouts.partialUpdate',
    (c) => c.holdouts.partialUpdate(7, { description: 'Ten percent' }),
  ],
  ['experiment_holdouts_destroy', 'holdouts.delete', (c) => c.holdouts.delete(7)],
  [
    'experiment_saved_metrics_list',
    'savedMetrics.list',
    (c) => c.savedMetrics.list({ search: 'revenue', event: 'purchase' }),
  ],
  [
    'experiment_saved_metrics_create',
    'savedMetrics.create',
    (c) => c.savedMetrics.create({ name: 'Revenue', description: 'Per user', query: revenue, tags: ['revenue'] }),
  ],
  ['experiment_saved_metrics_retrieve', 'savedMetrics.retrieve', (c) => c.savedMetrics.retrieve(3)],
  [
    'experiment_saved_metrics_update',
    'savedMetrics.update',
    (c) => c.savedMetrics.update(3, { name: 'Revenue v2', query: funnel }),
  ],
  [
    'experiment_saved_metrics_partial_update',
    'savedMetrics.partialUpdate',
    (c) => c.savedMetrics.partialUpdate(3, { tags: ['core'] }),
  ],
  ['experiment_saved_metrics_destroy', 'savedMetrics.delete', (c) => c.savedMetrics.delete(3)],
];

describe('PostHog: every operation is valid for Prism', () => {
  it.each(phCalls)('%s (%s)', async (operationId, label, call) => {
    const { sent } = await exchange(`posthog.${label}`, () => call(ph()));
    expectClean(sent, operationId);
  });
});

describe('coverage and harness', () => {
  it('every operation of openapi.yaml was called through a facade (except the documented ones)', () => {
    const called = new Set(exchanges.map((e) => e.operationId));
    const missing = operations
      .map((o) => o.operationId)
      .filter((id) => !called.has(id) && !(id in NOT_IN_FACADES))
      .sort();
    expect(missing).toEqual([]);
    expect(called.has('(unknown)')).toBe(false);
  });

  it('Prism reports a violation for an invalid semantic patch, and the harness fails on it', async () => {
    // Raw fetch through the same recorder: the facade would refuse this input before sending it.
    const { result, sent } = await exchange('negative control (raw fetch)', async () => {
      const response = await recordingFetch(
        `${url}/api/v2/projects/default/environments/production/experiments/checkout-button`,
        {
          method: 'PATCH',
          headers: { Authorization: 'prism-any-key', 'Content-Type': SEMANTIC_PATCH },
          body: JSON.stringify({ instructions: [{ kind: 'stopIteration' }] }),
        },
      );
      return response.text();
    });
    expect(result).toEqual(expect.any(String));
    const [e] = sent;
    expect(e.operationId).toBe('patchExperiment');
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    expect(e.violations.length).toBeGreaterThan(0);
    expect(e.violations.map((v) => v.message).join('\n')).toMatch(/winningTreatmentId/);
    expect(() => expectClean(sent, 'patchExperiment')).toThrow();
  });
});
