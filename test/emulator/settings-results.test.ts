import type { RunningEmulator } from '../../src/emulator';
import {
  EXPERIMENTS,
  LD_FIXTURE_KEYS as K,
  Ld,
  P,
  manualClock,
  sampleExperimentPost,
  start,
  itMatchesTheSpec,
} from './helpers';

let emu: RunningEmulator;
let ld: Ld;
const clock = manualClock();
const SETTINGS = `/api/v2/projects/${P}/experimentation-settings`;

beforeAll(async () => {
  emu = await start({ now: clock.now });
  ld = new Ld(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('experimentation settings', () => {
  it('returns the fixture units', async () => {
    const res = await ld.get(SETTINGS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      _projectKey: P,
      _projectId: K.projectId,
      randomizationUnits: [
        { randomizationUnit: 'user', default: true, _hidden: false, _displayName: 'User' },
        { randomizationUnit: 'organization', default: false, _hidden: false, _displayName: 'Organization' },
      ],
      _links: { self: { href: SETTINGS } },
    });
  });

  it('PUT replaces the list, and GET returns what was stored', async () => {
    const put = await ld.put(SETTINGS, {
      randomizationUnits: [{ randomizationUnit: 'device', default: true }, { randomizationUnit: 'request' }],
    });
    expect(put.status).toBe(200);
    const units = (await ld.get(SETTINGS)).body.randomizationUnits;
    expect(units).toEqual([
      { randomizationUnit: 'device', default: true, _hidden: false, _displayName: 'Device' },
      { randomizationUnit: 'request', default: false, _hidden: false, _displayName: 'Request' },
    ]);
    expect(put.body.randomizationUnits).toEqual(units);
    // New experiments default to the new default unit; the old one is no longer allowed.
    const created = await ld.create('dev', {}, { randomizationUnit: undefined });
    expect(created.currentIteration.randomizationUnit).toBe('device');
    expect((await ld.post(EXPERIMENTS, sampleExperimentPost('usr'))).status).toBe(400);
  });

  it.each([
    ['an unknown context kind', [{ randomizationUnit: 'planet' }], /not a context kind/],
    [
      'two defaults',
      [
        { randomizationUnit: 'user', default: true },
        { randomizationUnit: 'device', default: true },
      ],
      /at most one unit may be the default/,
    ],
    ['a unit twice', [{ randomizationUnit: 'user' }, { randomizationUnit: 'user' }], /listed twice/],
  ])('refuses %s with 400 and keeps the old list', async (_name, randomizationUnits, message) => {
    const res = await ld.put(SETTINGS, { randomizationUnits });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect((await ld.get(SETTINGS)).body.randomizationUnits).toHaveLength(2);
  });

  it('refuses a body without randomizationUnits', async () => {
    expect((await ld.put(SETTINGS, {})).body.message).toBe('body.randomizationUnits is required');
  });
});

describe('Bayesian results', () => {
  const results = (key: string, metric: string, query = '') =>
    ld.get(`${EXPERIMENTS}/${key}/metrics/${metric}/results${query}`);

  beforeEach(async () => {
    await ld.createStarted(
      'r',
      {},
      { metrics: [{ key: K.metrics.conversion }, { key: K.metrics.numeric }, { key: K.metricGroup, isGroup: true }] },
    );
  });

  it('are deterministic: the same request twice gives the same body', async () => {
    const a = await results('r', K.metrics.conversion, '?expand=traffic');
    clock.advance(60_000);
    const b = await results('r', K.metrics.conversion, '?expand=traffic');
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
  });

  it('give conversion metrics beta posteriors with pBest summing to 1 and differences vs the baseline', async () => {
    const body = (await results('r', K.metrics.conversion)).body;
    const arms = body.results[0].treatmentResults;
    expect(arms.map((t: any) => t.treatmentId)).toEqual([K.variations.control, K.variations.aboveTheFold]);
    expect(arms.reduce((s: number, t: any) => s + t.pBest, 0)).toBeCloseTo(1, 9);
    for (const t of arms) {
      expect(t.distribution.kind).toBe('beta');
      const { alpha, beta } = t.distribution.parameters;
      expect(t.mean).toBeCloseTo(alpha / (alpha + beta), 5);
      expect(t.credibleInterval.lower).toBeLessThan(t.mean);
      expect(t.credibleInterval.upper).toBeGreaterThan(t.mean);
      expect(t.units).toBeGreaterThanOrEqual(3000);
      expect(t).not.toHaveProperty('traffic');
    }
    expect(arms[0]).not.toHaveProperty('relativeDifferences');
    expect(arms[1].relativeDifferences).toEqual([
      { fromTreatmentId: K.variations.control, lower: expect.any(Number), upper: expect.any(Number) },
    ]);
    expect(body.treatmentResults).toEqual(arms);
    expect(body.metricSeen.ever).toBe(true);
  });

  it('give numeric metrics normal posteriors, and traffic only with expand=traffic', async () => {
    const arms = (await results('r', K.metrics.numeric, '?expand=traffic')).body.results[0].treatmentResults;
    for (const t of arms) {
      expect(t.distribution).toEqual({ kind: 'normal', parameters: { mean: t.mean, stddev: expect.any(Number) } });
      expect(t.mean).toBeGreaterThan(100);
      expect(t.traffic).toBe(t.units);
    }
  });

  it('answer 404 for a metric the iteration does not measure, and accept group steps', async () => {
    expect((await results('r', K.metrics.click)).status).toBe(404);
    expect((await results('r', K.metrics.cartViewed)).status).toBe(200);
  });

  it('read any iteration by iterationId; an unstarted one has no data yet', async () => {
    const firstId = (await ld.get(`${EXPERIMENTS}/r`)).body.currentIteration._id;
    const draft = await ld.post(`${EXPERIMENTS}/r/iterations`, sampleExperimentPost('r').iteration);
    await ld.patch('r', [{ kind: 'startIteration', changeJustification: 'again' }]);
    const old = await results('r', K.metrics.conversion, `?iterationId=${firstId}`);
    const current = await results('r', K.metrics.conversion);
    expect(old.status).toBe(200);
    expect(old.text).not.toBe(current.text);
    expect((await results('r', K.metrics.conversion, '?iterationId=nope')).status).toBe(404);
    await ld.post(`${EXPERIMENTS}/r/iterations`, sampleExperimentPost('r').iteration);
    const drafted = (await ld.get(`${EXPERIMENTS}/r?expand=draftIteration`)).body.draftIteration._id;
    const empty = (await results('r', K.metrics.conversion, `?iterationId=${drafted}`)).body;
    expect(empty).toMatchObject({ metricSeen: { ever: false }, results: [] });
    expect(draft.status).toBe(200);
  });

  it('metric group results give one entry per step of the group', async () => {
    const res = await ld.get(`${EXPERIMENTS}/r/metric-groups/${K.metricGroup}/results`);
    expect(res.status).toBe(200);
    expect(res.body.metrics.map((m: any) => [m.metric.key, m.metric.nameInGroup])).toEqual([
      [K.metrics.cartViewed, 'Step 1'],
      [K.metrics.conversion, 'Step 2'],
    ]);
    const single = (await results('r', K.metrics.conversion)).body;
    expect(res.body.metrics[1].results.results).toEqual(single.results);
    await ld.create('nogroup');
    expect((await ld.get(`${EXPERIMENTS}/nogroup/metric-groups/${K.metricGroup}/results`)).status).toBe(404);
  });
});

describe('legacy flag-scoped results', () => {
  const legacy = `/api/v2/flags/${P}/${K.flags.on}/experiments/production/${K.metrics.conversion}`;

  it('return 14 daily buckets with capitalised keys and totals per variation', async () => {
    const body = (await ld.get(legacy)).body;
    expect(body.series).toHaveLength(14);
    expect(body.series[0]).toEqual({ Time: 1654041600000, VariationData: expect.any(Array) });
    expect(body.series[0].VariationData).toHaveLength(3);
    expect(body.totals).toHaveLength(3);
    expect(body.totals[0].cumulativeImpressionCount).toBeGreaterThan(0);
    expect(body.stats).toEqual({
      pValue: expect.any(Number),
      chi2: expect.any(Number),
      winningVariationIdx: expect.any(Number),
      minSampleSizeMet: expect.any(Boolean),
    });
    expect(body.granularity).toBe('daily');
    expect((await ld.get(legacy)).text).toBe(JSON.stringify(body));
  });

  it('honour from/to (inclusive, epoch ms) and refuse from > to', async () => {
    const day = 86_400_000;
    const from = 1654041600000 + 2 * day;
    const body = (await ld.get(`${legacy}?from=${from}&to=${from + 3 * day}`)).body;
    expect(body.series.map((s: any) => s.Time)).toEqual([0, 1, 2, 3].map((d) => from + d * day));
    const sum = body.series.reduce((s: number, b: any) => s + b.VariationData[0].count, 0);
    expect(body.totals[0].cumulativeCount).toBe(sum);
    expect((await ld.get(`${legacy}?from=${from}&to=${from - 1}`)).status).toBe(400);
  });

  it('resetExperiment answers 204 and zeroes later results', async () => {
    const reset = await ld.request('DELETE', `${legacy}/results`);
    expect(reset.status).toBe(204);
    expect(reset.text).toBe('');
    const body = (await ld.get(legacy)).body;
    expect(body.totals.every((t: any) => t.cumulativeCount === 0 && t.cumulativeImpressionCount === 0)).toBe(true);
    expect(body.metricSeen).toEqual({ ever: false });
    // Other metrics of the flag are untouched.
    expect(
      (await ld.get(legacy.replace(K.metrics.conversion, K.metrics.numeric))).body.totals[0].cumulativeCount,
    ).toBeGreaterThan(0);
    expect(
      (await ld.request('DELETE', `/api/v2/flags/${P}/nope/experiments/production/${K.metrics.conversion}/results`))
        .status,
    ).toBe(404);
  });
});

itMatchesTheSpec();
