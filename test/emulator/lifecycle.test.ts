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
const clock = manualClock(1_700_000_000_000);

beforeAll(async () => {
  emu = await start({ now: clock.now });
  ld = new Ld(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const treatments = `?expand=treatments,draftIteration,previousIterations`;

describe('full lifecycle', () => {
  it('create → start → results → stop with winner → archive → list by lifecycleState → restore', async () => {
    clock.set(1_700_000_000_000);
    const created = await ld.create('checkout');
    expect(created).toMatchObject({
      key: 'checkout',
      _creationDate: 1_700_000_000_000,
      _maintainerId: K.memberId,
      environmentKey: 'production',
      _links: {
        self: { href: `${EXPERIMENTS}/checkout` },
        parent: { href: `/api/v2/projects/${P}/environments/production` },
      },
      currentIteration: { status: 'not_started', createdAt: 1_700_000_000_000, randomizationUnit: 'user' },
    });
    expect(created._id).toMatch(/^[0-9a-f]{24}$/);

    const draft = (await ld.get(`${EXPERIMENTS}/checkout${treatments}`)).body;
    expect(draft.draftIteration._id).toBe(draft.currentIteration._id);
    expect(draft.currentIteration.treatments.map((t: any) => t._id)).toEqual([
      K.variations.control,
      K.variations.aboveTheFold,
    ]);

    clock.set(1_700_000_100_000);
    const started = await ld.patch('checkout', [{ kind: 'startIteration', changeJustification: 'go' }]);
    expect(started.status).toBe(200);
    expect(started.body.currentIteration).toMatchObject({ status: 'running', startedAt: 1_700_000_100_000 });

    const results = await ld.get(`${EXPERIMENTS}/checkout/metrics/${K.metrics.conversion}/results`);
    expect(results.status).toBe(200);
    expect(results.body.results[0].treatmentResults).toHaveLength(2);

    clock.set(1_700_000_200_000);
    const stopped = await ld.patch('checkout', [
      { kind: 'stopIteration', winningTreatmentId: K.variations.aboveTheFold, winningReason: 'Clear lift' },
    ]);
    expect(stopped.body.currentIteration).toMatchObject({
      status: 'stopped',
      endedAt: 1_700_000_200_000,
      winningTreatmentId: K.variations.aboveTheFold,
      winningReason: 'Clear lift',
    });

    clock.set(1_700_000_300_000);
    const archived = await ld.patch('checkout', [{ kind: 'archiveExperiment' }]);
    expect(archived.body.archivedDate).toBe(1_700_000_300_000);
    const keys = async (query: string) => (await ld.get(`${EXPERIMENTS}${query}`)).body.items.map((e: any) => e.key);
    expect(await keys('')).toEqual([]);
    expect(await keys('?lifecycleState=archived')).toEqual(['checkout']);
    expect(await keys('?lifecycleState=active,archived')).toEqual(['checkout']);

    const restored = await ld.patch('checkout', [{ kind: 'restoreExperiment' }]);
    expect(restored.body.archivedDate).toBeUndefined();
    expect(await keys('')).toEqual(['checkout']);
    expect(await keys('?lifecycleState=archived')).toEqual([]);
  });

  it('starting a new iteration stops the running one and keeps it in previousIterations', async () => {
    await ld.createStarted('iter');
    const first = (await ld.get(`${EXPERIMENTS}/iter`)).body.currentIteration._id;
    const next = sampleExperimentPost('iter').iteration;
    const draft = await ld.post(`${EXPERIMENTS}/iter/iterations`, { ...next, hypothesis: 'second try' });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'not_started', hypothesis: 'second try' });
    expect(draft.body.treatments).toHaveLength(2);

    const noReason = await ld.patch('iter', [{ kind: 'startIteration' }]);
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/changeJustification is required/);

    const ok = await ld.patch('iter', [{ kind: 'startIteration', changeJustification: 'new hypothesis' }]);
    expect(ok.status).toBe(200);
    const e = (await ld.get(`${EXPERIMENTS}/iter${treatments}`)).body;
    expect(e.currentIteration).toMatchObject({ _id: draft.body._id, status: 'running' });
    expect(e.previousIterations).toEqual([
      expect.objectContaining({ _id: first, status: 'stopped', endedAt: expect.any(Number) }),
    ]);
    expect(e.draftIteration).toBeUndefined();
  });

  it('createIteration replaces an unstarted draft', async () => {
    await ld.create('redraft');
    const body = sampleExperimentPost('redraft').iteration;
    const a = await ld.post(`${EXPERIMENTS}/redraft/iterations`, { ...body, hypothesis: 'A' });
    const b = await ld.post(`${EXPERIMENTS}/redraft/iterations`, { ...body, hypothesis: 'B' });
    const e = (await ld.get(`${EXPERIMENTS}/redraft${treatments}`)).body;
    expect(e.draftIteration._id).toBe(b.body._id);
    expect(e.draftIteration._id).not.toBe(a.body._id);
    expect(e.previousIterations).toBeUndefined();
  });

  it('saveAndStartNewIteration stops the current iteration, clones it with edits and starts the clone', async () => {
    await ld.createStarted('save', { tags: ['a'] });
    const before = (await ld.get(`${EXPERIMENTS}/save`)).body.currentIteration;
    const res = await ld.patch('save', [
      {
        kind: 'saveAndStartNewIteration',
        changeJustification: 'more arms',
        value: {
          hypothesis: { operation: 'update', value: 'three arms' },
          treatments: {
            operation: 'update',
            value: [
              {
                name: 'Control',
                baseline: true,
                allocationPercent: '34',
                parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
              },
              {
                name: 'Above',
                baseline: false,
                allocationPercent: '33',
                parameters: [{ flagKey: K.flags.on, variationId: K.variations.aboveTheFold }],
              },
              {
                name: 'Sticky',
                baseline: false,
                allocationPercent: '33',
                parameters: [{ flagKey: K.flags.on, variationId: K.variations.stickyFooter }],
              },
            ],
          },
          tags: { operation: 'add', value: 'b' },
        },
      },
    ]);
    expect(res.status).toBe(200);
    const e = (await ld.get(`${EXPERIMENTS}/save${treatments}`)).body;
    expect(e.tags).toEqual(['a', 'b']);
    expect(e.currentIteration).toMatchObject({ status: 'running', hypothesis: 'three arms' });
    expect(e.currentIteration._id).not.toBe(before._id);
    expect(e.currentIteration.treatments).toHaveLength(3);
    expect(e.previousIterations).toEqual([expect.objectContaining({ _id: before._id, status: 'stopped' })]);
  });

  it('updateExperimentFields edits fields allowed for the current status only', async () => {
    await ld.create('fields', { tags: ['x', 'y'] });
    const res = await ld.patch('fields', [
      {
        kind: 'updateExperimentFields',
        value: {
          name: { operation: 'update', value: 'Renamed' },
          description: { operation: 'remove' },
          tags: { operation: 'remove', value: ['x'] },
          hypothesis: { operation: 'update', value: 'edited while draft' },
        },
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Renamed',
      tags: ['y'],
      currentIteration: { hypothesis: 'edited while draft' },
    });
    expect(res.body.description).toBeUndefined();

    await ld.patch('fields', [{ kind: 'startIteration' }]);
    const locked = await ld.patch('fields', [
      { kind: 'updateExperimentFields', value: { hypothesis: { operation: 'update', value: 'no' } } },
    ]);
    expect(locked.status).toBe(400);
    expect(locked.body.message).toMatch(/cannot be changed while the current iteration is running/);
    const unknown = await ld.patch('fields', [
      { kind: 'updateExperimentFields', value: { color: { operation: 'update', value: 'red' } } },
    ]);
    expect(unknown.body.message).toMatch(/unknown field 'color'/);
    const wrongType = await ld.patch('fields', [
      { kind: 'updateExperimentFields', value: { name: { operation: 'update', value: 7 } } },
    ]);
    expect(wrongType.status).toBe(400);
  });

  it('accepts POST with X-HTTP-Method-Override: PATCH (proxies that block PATCH)', async () => {
    await ld.create('tunnel');
    const res = await ld.request('POST', `${EXPERIMENTS}/tunnel`, {
      body: { instructions: [{ kind: 'updateName', value: 'Tunnelled' }] },
      headers: {
        'Content-Type': 'application/json; domain-model=launchdarkly.semanticpatch',
        'X-HTTP-Method-Override': 'PATCH',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Tunnelled');
    expect(emu.requests[emu.requests.length - 1]).toMatchObject({ method: 'PATCH', operationId: 'patchExperiment' });
  });

  it('updateName and updateDescription', async () => {
    await ld.create('names');
    const res = await ld.patch(
      'names',
      [
        { kind: 'updateName', value: 'New name' },
        { kind: 'updateDescription', value: 'New description' },
      ],
      {},
      'audit comment',
    );
    expect(res.body).toMatchObject({ name: 'New name', description: 'New description' });
  });
});

describe('startIteration preconditions', () => {
  const startFails = async (key: string, pattern: RegExp) => {
    const res = await ld.patch(key, [{ kind: 'startIteration' }]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.message).toMatch(pattern);
    expect((await ld.get(`${EXPERIMENTS}/${key}`)).body.currentIteration.status).toBe('not_started');
  };
  const onFlag = (flag: string, control: string, treatment: string) => ({
    flags: { [flag]: { ruleId: 'fallthrough', flagConfigVersion: 1 } },
    treatments: [
      {
        name: 'Control',
        baseline: true,
        allocationPercent: '50',
        parameters: [{ flagKey: flag, variationId: control }],
      },
      {
        name: 'New',
        baseline: false,
        allocationPercent: '50',
        parameters: [{ flagKey: flag, variationId: treatment }],
      },
    ],
  });

  it('refuses a flag that is off in the environment, and starts once it is turned on', async () => {
    await ld.create('off', {}, onFlag(K.flags.off, K.variations.pricingControl, K.variations.pricingNew));
    await startFails('off', /flag 'new-pricing-page' is off in environment 'production'/);
    emu.state.launchdarkly.setFlagOn(P, 'production', K.flags.off, true);
    expect((await ld.patch('off', [{ kind: 'startIteration' }])).status).toBe(200);
  });

  it('refuses an archived flag', async () => {
    await ld.create('archived-flag', {}, onFlag(K.flags.archived, K.variations.bannerControl, K.variations.bannerNew));
    await startFails('archived-flag', /flag 'legacy-banner' is archived/);
  });

  it('refuses when every treatment has zero allocation', async () => {
    const zero = sampleExperimentPost('zero').iteration.treatments.map((t: any) => ({ ...t, allocationPercent: '0' }));
    await ld.create('zero', {}, { treatments: zero });
    await startFails('zero', /non-zero allocationPercent/);
  });

  it('refuses an iteration without a randomization unit', async () => {
    await ld.create('no-unit');
    const removed = await ld.patch('no-unit', [
      { kind: 'updateExperimentFields', value: { randomizationUnit: { operation: 'remove' } } },
    ]);
    expect(removed.body.currentIteration.randomizationUnit).toBeUndefined();
    await startFails('no-unit', /no randomizationUnit/);
  });

  it('defaults the unit to the project default, and leaves it unset when the project has none', async () => {
    await ld.put(`/api/v2/projects/${P}/experimentation-settings`, {
      randomizationUnits: [{ randomizationUnit: 'user' }],
    });
    await ld.create('no-default', {}, { randomizationUnit: undefined });
    await startFails('no-default', /no randomizationUnit/);
  });

  it('refuses an archived experiment and a missing draft', async () => {
    await ld.create('arch');
    await ld.patch('arch', [{ kind: 'archiveExperiment' }]);
    await startFails('arch', /archived experiments cannot start/);
    await ld.createStarted('nodraft');
    const res = await ld.patch('nodraft', [{ kind: 'startIteration', changeJustification: 'again' }]);
    expect(res.body.message).toMatch(/no draft iteration/);
  });
});

describe('stop, archive and locking rules', () => {
  it('stopIteration needs a running iteration and one of its treatments', async () => {
    await ld.create('stop');
    expect(
      (
        await ld.patch('stop', [
          { kind: 'stopIteration', winningTreatmentId: K.variations.control, winningReason: 'x' },
        ])
      ).body.message,
    ).toMatch(/no running iteration/);
    await ld.patch('stop', [{ kind: 'startIteration' }]);
    const wrong = await ld.patch('stop', [
      { kind: 'stopIteration', winningTreatmentId: K.variations.stickyFooter, winningReason: 'x' },
    ]);
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/not a treatment of the running iteration/);
  });

  it('refuses to archive a running experiment; re-archiving is a no-op', async () => {
    await ld.createStarted('run');
    expect((await ld.patch('run', [{ kind: 'archiveExperiment' }])).body.message).toMatch(/stop the running iteration/);
    const both = await ld.patch('run', [
      { kind: 'stopIteration', winningTreatmentId: K.variations.control, winningReason: 'tie' },
      { kind: 'archiveExperiment' },
    ]);
    expect(both.status).toBe(200);
    const date = both.body.archivedDate;
    clock.advance(1000);
    expect((await ld.patch('run', [{ kind: 'archiveExperiment' }])).body.archivedDate).toBe(date);
  });

  it('applies instructions atomically: a bad second instruction leaves the experiment unchanged', async () => {
    await ld.create('atomic');
    const before = await ld.get(`${EXPERIMENTS}/atomic${treatments}`);
    const res = await ld.patch('atomic', [
      { kind: 'updateName', value: 'Changed' },
      { kind: 'startIteration' },
      { kind: 'stopIteration', winningTreatmentId: 'not-a-treatment', winningReason: 'x' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^instructions\[2\] \(stopIteration\)/);
    const after = await ld.get(`${EXPERIMENTS}/atomic${treatments}`);
    expect(after.body).toEqual(before.body);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
  });

  it('answers 409 optimistic_locking_error when If-Match names an old version', async () => {
    await ld.create('lock');
    const etag = (await ld.get(`${EXPERIMENTS}/lock`)).headers.get('etag')!;
    const first = await ld.patch('lock', [{ kind: 'updateName', value: 'one' }], { 'If-Match': etag });
    expect(first.status).toBe(200);
    const stale = await ld.patch('lock', [{ kind: 'updateName', value: 'two' }], { 'If-Match': etag });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      code: 'optimistic_locking_error',
      message: expect.any(String),
      id: expect.any(String),
    });
    expect((await ld.get(`${EXPERIMENTS}/lock`)).body.name).toBe('one');
  });

  it('a status fault simulates a conflict without If-Match', async () => {
    await ld.create('conflict');
    emu.faults.add({ kind: 'status', status: 409, operationId: 'patchExperiment', times: 1 });
    const res = await ld.patch('conflict', [{ kind: 'updateName', value: 'x' }]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('optimistic_locking_error');
    expect((await ld.patch('conflict', [{ kind: 'updateName', value: 'x' }])).status).toBe(200);
  });
});

describe('seeding', () => {
  it('creates (and starts) seed experiments at start and after reset', async () => {
    const seeded = await start({ seed: { experiments: [{ body: sampleExperimentPost('seeded'), start: true }] } });
    try {
      const client = new Ld(seeded);
      expect((await client.get(`${EXPERIMENTS}/seeded`)).body.currentIteration.status).toBe('running');
      await client.patch('seeded', [{ kind: 'updateName', value: 'changed' }]);
      seeded.reset();
      expect((await client.get(`${EXPERIMENTS}/seeded`)).body.name).toBe('Experiment seeded');
    } finally {
      await seeded.close();
    }
  });

  it('fails fast on a seed the API would refuse', async () => {
    await expect(
      start({
        seed: {
          experiments: [
            {
              body: sampleExperimentPost(
                'bad',
                {},
                { flags: { nope: { ruleId: 'fallthrough', flagConfigVersion: 1 } } },
              ),
            },
          ],
        },
      }),
    ).rejects.toThrow(/seed experiment 0 \(bad\): Unknown flag key 'nope'/);
  });
});

itMatchesTheSpec();
