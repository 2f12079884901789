import { startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import {
  EXPERIMENTS,
  LD_FIXTURE_KEYS as K,
  Ld,
  P,
  type WireResponse,
  ldOperations,
  problems,
  sampleExperimentPost,
} from './helpers';

let emu: RunningEmulator;
let ld: Ld;
const responses: WireResponse[] = [];

beforeAll(async () => {
  // Self-validation off: this test judges the raw answers with the test suite's own validator.
  emu = await startEmulator();
  ld = new Ld(emu);
  const run = async (p: Promise<WireResponse>) => responses.push(await p);
  const settings = `/api/v2/projects/${P}/experimentation-settings`;
  const legacy = `/api/v2/flags/${P}/${K.flags.on}/experiments/production/${K.metrics.conversion}`;
  const full = sampleExperimentPost(
    'full',
    { tags: ['t'], holdoutId: 'h1', methodology: 'bayesian', analysisConfig: { significanceThreshold: '0.05' } },
    {
      metrics: [{ key: K.metrics.conversion }, { key: K.metrics.numeric }, { key: K.metricGroup, isGroup: true }],
      attributes: ['country'],
      covariateId: 'cov-1',
      reallocationFrequencyMillis: 3_600_000,
    },
  );
  await run(ld.post(EXPERIMENTS, full));
  await run(
    ld
      .create(
        'funnel',
        {},
        {
          metrics: [{ key: K.metricGroup, isGroup: true }],
          primarySingleMetricKey: undefined,
          primaryFunnelKey: K.metricGroup,
        },
      )
      .then(() => ld.get(`${EXPERIMENTS}/funnel?expand=treatments,secondaryMetrics`)),
  );
  await run(ld.post(EXPERIMENTS, { name: 'x' }));
  await run(ld.get(EXPERIMENTS));
  await run(ld.get(`${EXPERIMENTS}?expand=bogus`));
  await run(ld.get(`/api/v2/projects/nope/environments/production/experiments`));
  await run(ld.request('PUT', EXPERIMENTS, { body: {} }));
  await run(new Ld(emu, 'bad').get(EXPERIMENTS));
  await run(ld.patch('full', [{ kind: 'startIteration' }]));
  await run(ld.patch('full', [{ kind: 'startIteration' }]));
  await run(ld.patch('nope', [{ kind: 'startIteration' }]));
  await run(ld.post(`${EXPERIMENTS}/full/iterations`, full.iteration));
  await run(ld.post(`${EXPERIMENTS}/full/iterations`, {}));
  await run(ld.patch('full', [{ kind: 'startIteration', changeJustification: 'second' }]));
  await run(
    ld.get(`${EXPERIMENTS}/full?expand=previousIterations,draftIteration,treatments,secondaryMetrics,analysisConfig`),
  );
  await run(ld.get(`${EXPERIMENTS}/full/metrics/${K.metrics.conversion}/results?expand=traffic`));
  await run(ld.get(`${EXPERIMENTS}/full/metrics/${K.metrics.numeric}/results`));
  await run(ld.get(`${EXPERIMENTS}/full/metrics/${K.metrics.click}/results`));
  await run(ld.get(`${EXPERIMENTS}/full/metric-groups/${K.metricGroup}/results`));
  await run(ld.get(`${EXPERIMENTS}/full/metric-groups/nope/results`));
  const etag = (await ld.get(`${EXPERIMENTS}/full`)).headers.get('etag')!;
  await run(ld.patch('full', [{ kind: 'updateName', value: 'n' }], { 'If-Match': etag }));
  await run(ld.patch('full', [{ kind: 'updateName', value: 'n' }], { 'If-Match': etag }));
  await run(
    ld.patch('full', [
      { kind: 'stopIteration', winningTreatmentId: K.variations.control, winningReason: 'r' },
      { kind: 'archiveExperiment' },
    ]),
  );
  await run(ld.get(`/api/v2/projects/${P}/experiments?lifecycleState=archived,active&expand=treatments&limit=1`));
  await run(ld.get(`/api/v2/projects/${P}/experiments?limit=0`));
  await run(ld.get(settings));
  await run(ld.put(settings, { randomizationUnits: [{ randomizationUnit: 'user', default: true }] }));
  await run(ld.put(settings, { randomizationUnits: [{ randomizationUnit: 'planet' }] }));
  await run(ld.request('DELETE', settings));
  await run(ld.get(`${legacy}?from=1654041600000`));
  await run(ld.get(`${legacy}?from=abc`));
  await run(ld.request('DELETE', `${legacy}/results`));
  await run(ld.get(legacy));
  await run(ld.request('DELETE', `/api/v2/flags/${P}/nope/experiments/production/${K.metrics.conversion}/results`));
  emu.configure({ rateLimit: { budget: 0, retryAfter: true } });
  await run(ld.get(EXPERIMENTS));
  emu.configure({ rateLimit: null });
});
afterAll(() => emu.close());

describe('every emulator response matches openapi.yaml', () => {
  it('exercised every LaunchDarkly operation with a 2xx answer', () => {
    const succeeded = new Set(responses.filter((r) => r.status < 300).map((r) => r.operationId));
    expect(ldOperations.filter((id) => !succeeded.has(id))).toEqual([]);
    expect(ldOperations).toHaveLength(12);
  });

  it('exercised declared error statuses (400, 401, 404, 405, 409, 429)', () => {
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200, 201, 204, 400, 401, 404, 405, 409, 429]));
  });

  it('every body validates against its declared response schema', () => {
    expect(responses.flatMap(problems)).toEqual([]);
  });
});
