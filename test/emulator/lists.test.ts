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

beforeAll(async () => {
  emu = await start({ now: clock.now });
  ld = new Ld(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('expand', () => {
  beforeEach(async () => {
    await ld.createStarted('exp', { analysisConfig: { bayesianThreshold: '95' } });
    await ld.post(`${EXPERIMENTS}/exp/iterations`, sampleExperimentPost('exp').iteration);
  });

  it('omits draftIteration, previousIterations, treatments, secondaryMetrics and analysisConfig by default', async () => {
    const e = (await ld.get(`${EXPERIMENTS}/exp`)).body;
    expect(e.currentIteration).toBeDefined();
    for (const key of ['draftIteration', 'previousIterations', 'analysisConfig']) expect(e).not.toHaveProperty(key);
    expect(e.currentIteration).not.toHaveProperty('treatments');
    expect(e.currentIteration).not.toHaveProperty('secondaryMetrics');
    expect(e.currentIteration.metrics.map((m: any) => m.key)).toEqual([K.metrics.conversion, K.metrics.numeric]);
  });

  it('includes each part when asked', async () => {
    const e = (await ld.get(`${EXPERIMENTS}/exp?expand=draftIteration,treatments,secondaryMetrics,analysisConfig`))
      .body;
    expect(e.draftIteration.status).toBe('not_started');
    expect(e.draftIteration.treatments).toHaveLength(2);
    expect(e.currentIteration.treatments[0]).toEqual({
      _id: K.variations.control,
      name: 'Control',
      allocationPercent: '50',
      baseline: true,
      parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
    });
    expect(e.currentIteration.secondaryMetrics.map((m: any) => m.key)).toEqual([K.metrics.numeric]);
    expect(e.analysisConfig).toEqual({ bayesianThreshold: '95' });
  });

  it('omits requested parts that are empty', async () => {
    const e = (await ld.get(`${EXPERIMENTS}/exp?expand=previousIterations`)).body;
    expect(e).not.toHaveProperty('previousIterations');
    await ld.create('plain', {}, { metrics: [{ key: K.metrics.conversion }] });
    const plain = (await ld.get(`${EXPERIMENTS}/plain?expand=secondaryMetrics,analysisConfig`)).body;
    expect(plain.currentIteration).not.toHaveProperty('secondaryMetrics');
    expect(plain).not.toHaveProperty('analysisConfig');
  });

  it('accepts mutableFieldsByStatus, which every experiment carries anyway', async () => {
    const e = (await ld.get(`${EXPERIMENTS}/exp?expand=mutableFieldsByStatus`)).body;
    expect(e.mutableFieldsByStatus.running).toBeDefined();
  });

  it('applies to list items too', async () => {
    const items = (await ld.get(`${EXPERIMENTS}?expand=treatments`)).body.items;
    expect(items[0].currentIteration.treatments).toHaveLength(2);
    expect((await ld.get(EXPERIMENTS)).body.items[0].currentIteration).not.toHaveProperty('treatments');
  });
});

describe('pagination', () => {
  beforeEach(async () => {
    for (let i = 0; i < 45; i++) {
      clock.advance(1000);
      await ld.create(`exp-${String(i).padStart(2, '0')}`);
    }
  });

  it('pages 45 experiments with limit/offset, total_count and relative _links', async () => {
    const first = (await ld.get(`${EXPERIMENTS}?limit=20`)).body;
    expect(first.total_count).toBe(45);
    expect(first.items).toHaveLength(20);
    expect(first.items[0].key).toBe('exp-44'); // newest first
    expect(first._links.self.href).toBe(`${EXPERIMENTS}?limit=20&offset=0`);
    expect(first._links.next.href).toBe(`${EXPERIMENTS}?limit=20&offset=20`);
    expect(first._links.last.href).toBe(`${EXPERIMENTS}?limit=20&offset=40`);
    expect(first._links.first.href).toBe(`${EXPERIMENTS}?limit=20&offset=0`);
    expect(first._links).not.toHaveProperty('prev');

    const keys: string[] = [];
    let href: string | undefined = `${EXPERIMENTS}?limit=20`;
    while (href) {
      const page: any = (await ld.get(href)).body;
      keys.push(...page.items.map((e: any) => e.key));
      href = page._links.next?.href;
    }
    expect(keys).toHaveLength(45);
    expect(new Set(keys).size).toBe(45);

    const last = (await ld.get(`${EXPERIMENTS}?limit=20&offset=40`)).body;
    expect(last.items).toHaveLength(5);
    expect(last._links).not.toHaveProperty('next');
    expect(last._links.prev.href).toBe(`${EXPERIMENTS}?limit=20&offset=20`);
  });

  it('defaults limit to 20 and keeps other query parameters in links', async () => {
    const page = (await ld.get(`${EXPERIMENTS}?filter=status:not_started&offset=5`)).body;
    expect(page.items).toHaveLength(20);
    expect(page.total_count).toBe(45);
    expect(page._links.next.href).toBe(`${EXPERIMENTS}?filter=status%3Anot_started&offset=25&limit=20`);
    const beyond = (await ld.get(`${EXPERIMENTS}?offset=100`)).body;
    expect(beyond.items).toEqual([]);
    expect(beyond.total_count).toBe(45);
  });
});

describe('filter and lifecycleState', () => {
  beforeEach(async () => {
    await ld.createStarted('running');
    await ld.create(
      'draft',
      {},
      {
        metrics: [{ key: K.metricGroup, isGroup: true }],
        primarySingleMetricKey: undefined,
        primaryFunnelKey: K.metricGroup,
      },
    );
    await ld.create(
      'pricing',
      {},
      {
        flags: { [K.flags.off]: { ruleId: 'fallthrough', flagConfigVersion: 4 } },
        treatments: [
          {
            name: 'Old',
            baseline: true,
            allocationPercent: '50',
            parameters: [{ flagKey: K.flags.off, variationId: K.variations.pricingControl }],
          },
          {
            name: 'New',
            baseline: false,
            allocationPercent: '50',
            parameters: [{ flagKey: K.flags.off, variationId: K.variations.pricingNew }],
          },
        ],
      },
    );
    await ld.createStarted('stopped');
    await ld.patch('stopped', [
      { kind: 'stopIteration', winningTreatmentId: K.variations.control, winningReason: 'done' },
      { kind: 'archiveExperiment' },
    ]);
    await ld.create(
      'in-test',
      {},
      { flags: { [K.flags.on]: { ruleId: 'fallthrough', flagConfigVersion: 3 } } },
      'test',
    );
  });

  const keys = async (query: string, base = EXPERIMENTS) =>
    (await ld.get(`${base}${query}`)).body.items.map((e: any) => e.key).sort();

  it('filters by status, flagKey and metricKey (terms are ANDed)', async () => {
    expect(await keys('?filter=status:running')).toEqual(['running']);
    expect(await keys('?filter=status:not_started')).toEqual(['draft', 'pricing']);
    expect(await keys(`?filter=flagKey:${K.flags.off}`)).toEqual(['pricing']);
    expect(await keys(`?filter=flagKey:${K.flags.on},status:running`)).toEqual(['running']);
    // cart-viewed is only measured as a step of the checkout-funnel group
    expect(await keys(`?filter=metricKey:${K.metrics.cartViewed}`)).toEqual(['draft']);
    expect(await keys(`?filter=metricKey:${K.metrics.numeric},status:stopped&lifecycleState=archived`)).toEqual([
      'stopped',
    ]);
  });

  it('lists active experiments by default', async () => {
    expect(await keys('')).toEqual(['draft', 'pricing', 'running']);
    expect(await keys('?lifecycleState=archived')).toEqual(['stopped']);
    expect(await keys('?lifecycleState=archived,active')).toEqual(['draft', 'pricing', 'running', 'stopped']);
  });

  it('getExperimentsAnyEnv lists every environment with the same filters', async () => {
    const anyEnv = `/api/v2/projects/${P}/experiments`;
    const page = (await ld.get(anyEnv)).body;
    expect(page.total_count).toBe(4);
    expect(page.items.find((e: any) => e.key === 'in-test').environmentKey).toBe('test');
    expect(await keys('?filter=status:running', anyEnv)).toEqual(['running']);
    expect(page._links.self.href).toBe(`${anyEnv}?limit=20&offset=0`);
  });
});

itMatchesTheSpec();
