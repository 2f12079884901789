import type { RunningEmulator } from '../../src/emulator';
import {
  ENV,
  EXPERIMENTS,
  LD_FIXTURE_KEYS,
  Ld,
  P,
  SEMANTIC_PATCH,
  sampleExperimentPost,
  start,
  itMatchesTheSpec,
} from './helpers';

let emu: RunningEmulator;
let ld: Ld;

beforeAll(async () => {
  emu = await start();
  ld = new Ld(emu);
  await ld.create('existing');
});
afterAll(() => emu.close());

const expectError = (res: { status: number; body: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ code, message: expect.any(String), id: expect.any(String) });
};

describe('authentication', () => {
  it('refuses a missing token with 401 unauthorized', async () => {
    const res = await fetch(`${emu.url}${EXPERIMENTS}`);
    expectError({ status: res.status, body: await res.json() }, 401, 'unauthorized');
  });

  it('refuses an unknown token', async () => {
    expectError(await new Ld(emu, 'not-a-key').get(EXPERIMENTS), 401, 'unauthorized');
  });

  it('refuses a valid token sent as Bearer, as LaunchDarkly does', async () => {
    const res = await new Ld(emu, `Bearer ${LD_FIXTURE_KEYS.apiKey}`).get(EXPERIMENTS);
    expectError(res, 401, 'unauthorized');
    expect(res.body.message).toMatch(/without 'Bearer '/);
  });

  it('accepts the raw token, and keys configured at runtime', async () => {
    expect((await ld.get(EXPERIMENTS)).status).toBe(200);
    emu.configure({ apiKeys: ['rotated'] });
    try {
      expect((await ld.get(EXPERIMENTS)).status).toBe(401);
      expect((await new Ld(emu, 'rotated').get(EXPERIMENTS)).status).toBe(200);
    } finally {
      emu.configure({ apiKeys: [LD_FIXTURE_KEYS.apiKey] });
    }
  });

  it('checks auth before routing: unknown paths are 401 without a token, 404 with one', async () => {
    expect((await fetch(`${emu.url}/api/v2/nope`)).status).toBe(401);
    expectError(await ld.get('/api/v2/nope'), 404, 'not_found');
  });
});

describe('request validation', () => {
  it('names the missing field of a bad createExperiment body', async () => {
    const body: Record<string, any> = sampleExperimentPost('bad');
    delete body.iteration.flags;
    const res = await ld.post(EXPERIMENTS, body);
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toBe('body.iteration.flags is required');
  });

  it('names a field with the wrong type or pattern', async () => {
    const res = await ld.post(
      EXPERIMENTS,
      sampleExperimentPost(
        'bad',
        {},
        { treatments: [{ name: 'A', baseline: true, allocationPercent: 'fifty', parameters: [] }] },
      ),
    );
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toMatch(/^body\.iteration\.treatments\[0\]\.allocationPercent must match pattern/);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await ld.request('POST', EXPERIMENTS, {
      raw: '{"name":',
      headers: { 'Content-Type': 'application/json' },
    });
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('requires the semantic patch media type on patchExperiment', async () => {
    const res = await ld.request('PATCH', `${EXPERIMENTS}/existing`, {
      body: { instructions: [{ kind: 'updateName', value: 'x' }] },
    });
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toContain('domain-model=launchdarkly.semanticpatch');
    expect((await ld.get(`${EXPERIMENTS}/existing`)).body.name).toBe('Experiment existing');
  });

  it('accepts the semantic patch media type with extra parameters such as charset', async () => {
    const res = await ld.patch('existing', [{ kind: 'updateDescription', value: 'd' }], {
      'Content-Type': `${SEMANTIC_PATCH}; charset=utf-8`,
    });
    expect(res.status).toBe(200);
  });

  it('names the bad instruction of a discriminated union', async () => {
    const unknown = await ld.patch('existing', [
      { kind: 'updateName', value: 'ok' },
      { kind: 'renameIt', value: 'x' },
    ]);
    expectError(unknown, 400, 'invalid_request');
    expect(unknown.body.message).toBe('body.instructions[1].kind: unknown value "renameIt"');
    const missing = await ld.patch('existing', [{ kind: 'stopIteration', winningReason: 'why' }]);
    expect(missing.body.message).toBe('body.instructions[0].winningTreatmentId is required');
    const empty = await ld.patch('existing', []);
    expect(empty.body.message).toMatch(/instructions must NOT have fewer than 1 items/);
  });

  it.each([
    ['an unknown expand value', '?expand=treatments,bogus', /expand.*unknown value "bogus"/],
    ['an unknown lifecycleState', '?lifecycleState=deleted', /lifecycleState.*unknown value "deleted"/],
    ['an unknown filter field', '?filter=owner:me', /filter/],
    ['a filter term without a value', '?filter=status', /filter/],
    ['an unknown filter status', '?filter=status:paused', /filter: status must be one of/],
    ['limit 0', '?limit=0', /limit.*must be >= 1/],
    ['a non-numeric limit', '?limit=ten', /limit.*must be integer/],
    ['a negative offset', '?offset=-1', /offset.*must be >= 0/],
  ])('rejects %s with 400', async (_name, query, message) => {
    const res = await ld.get(`${EXPERIMENTS}${query}`);
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toMatch(message);
  });

  it('validates the LD-API-Version header, and rejects it sent twice', async () => {
    expect((await ld.get(EXPERIMENTS, { 'LD-API-Version': 'beta' })).status).toBe(200);
    expect((await ld.get(EXPERIMENTS, { 'LD-API-Version': '20240415' })).status).toBe(200);
    expectError(await ld.get(EXPERIMENTS, { 'LD-API-Version': 'v2' }), 400, 'invalid_request');
    const twice = await fetch(`${emu.url}${EXPERIMENTS}`, {
      headers: [
        ['Authorization', LD_FIXTURE_KEYS.apiKey],
        ['LD-API-Version', 'beta'],
        ['LD-API-Version', '20240415'],
      ],
    });
    expect(twice.status).toBe(400);
  });

  describe('the beta-era endpoints answer 403 without LD-API-Version: beta', () => {
    const GATE = {
      message: 'This API is in beta. To use it, your request must include the header `LD-API-Version: beta`.',
    };
    const EXISTING = `${EXPERIMENTS}/existing`;
    const LEGACY = `/api/v2/flags/${P}/${LD_FIXTURE_KEYS.flags.on}/experiments/${ENV}/${LD_FIXTURE_KEYS.metrics.conversion}`;
    it.each([
      ['getExperimentResults', 'GET', `${EXISTING}/metrics/${LD_FIXTURE_KEYS.metrics.conversion}/results`],
      ['getExperimentResultsForMetricGroup', 'GET', `${EXISTING}/metric-groups/${LD_FIXTURE_KEYS.metricGroup}/results`],
      ['getLegacyExperimentResults', 'GET', LEGACY],
      ['resetExperiment', 'DELETE', `${LEGACY}/results`],
    ])('%s', async (operationId, method, path) => {
      for (const version of [undefined, '20240415']) {
        const headers: Record<string, string> = { Authorization: LD_FIXTURE_KEYS.apiKey };
        if (version) headers['LD-API-Version'] = version;
        const res = await fetch(`${emu.url}${path}`, { method, headers });
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual(GATE);
        expect(emu.requests.at(-1)?.operationId).toBe(operationId);
      }
      // With the header the handler answers (the draft-only experiment has no results yet: 404).
      expect([200, 204, 404]).toContain((await ld.request(method, path)).status);
    });

    it('while the current endpoints need no header', async () => {
      const res = await fetch(`${emu.url}${EXISTING}`, { headers: { Authorization: LD_FIXTURE_KEYS.apiKey } });
      expect(res.status).toBe(200);
    });
  });

  it('rejects a duplicate experiment key with 400 (createExperiment declares no 409)', async () => {
    const res = await ld.post(EXPERIMENTS, sampleExperimentPost('existing'));
    expectError(res, 400, 'invalid_request');
    expect(res.body.message).toMatch(/already exists/);
  });

  it('checks references inside the iteration', async () => {
    const noPrimary = await ld.post(EXPERIMENTS, sampleExperimentPost('x1', {}, { primarySingleMetricKey: undefined }));
    expect(noPrimary.body.message).toMatch(/primarySingleMetricKey or primaryFunnelKey is required/);
    const twoBaselines = sampleExperimentPost('x2');
    twoBaselines.iteration.treatments[1].baseline = true;
    expect((await ld.post(EXPERIMENTS, twoBaselines)).body.message).toMatch(/exactly one baseline/);
    const wrongVariation = sampleExperimentPost('x3');
    wrongVariation.iteration.treatments[1].parameters[0].variationId = 'nope';
    expect((await ld.post(EXPERIMENTS, wrongVariation)).body.message).toMatch(/not a variation of flag/);
    const over = sampleExperimentPost('x4');
    over.iteration.treatments[1].allocationPercent = '60';
    expect((await ld.post(EXPERIMENTS, over)).body.message).toMatch(/more than 100/);
    const badRule = sampleExperimentPost(
      'x5',
      {},
      { flags: { [LD_FIXTURE_KEYS.flags.on]: { ruleId: 'nope', flagConfigVersion: 1 } } },
    );
    expect((await ld.post(EXPERIMENTS, badRule)).status).toBe(400);
    const unit = await ld.post(EXPERIMENTS, sampleExperimentPost('x6', {}, { randomizationUnit: 'device' }));
    expect(unit.body.message).toMatch(/not a randomization unit/);
  });

  it('accepts a rule id of the flag instead of fallthrough', async () => {
    const body = sampleExperimentPost(
      'on-rule',
      {},
      { flags: { [LD_FIXTURE_KEYS.flags.on]: { ruleId: LD_FIXTURE_KEYS.ruleId, flagConfigVersion: 12 } } },
    );
    expect((await ld.post(EXPERIMENTS, body)).status).toBe(201);
  });
});

describe('unknown keys answer 404 not_found', () => {
  it.each([
    ['project', `/api/v2/projects/nope/environments/${ENV}/experiments`],
    ['environment', `/api/v2/projects/${P}/environments/nope/experiments`],
    ['experiment', `${EXPERIMENTS}/nope`],
    ['metric (results)', `${EXPERIMENTS}/existing/metrics/nope/results`],
    ['metric group', `${EXPERIMENTS}/existing/metric-groups/nope/results`],
    ['flag (legacy)', `/api/v2/flags/${P}/nope/experiments/${ENV}/checkout-completed`],
    ['project (settings)', '/api/v2/projects/nope/experimentation-settings'],
    ['project (any env)', '/api/v2/projects/nope/experiments'],
  ])('unknown %s', async (_what, path) => {
    expectError(await ld.get(path), 404, 'not_found');
  });

  it('answers 404 for an unknown flag or metric referenced in a body', async () => {
    const flag = await ld.post(
      EXPERIMENTS,
      sampleExperimentPost('ref1', {}, { flags: { nope: { ruleId: 'fallthrough', flagConfigVersion: 1 } } }),
    );
    expectError(flag, 404, 'not_found');
    const metric = await ld.post(
      EXPERIMENTS,
      sampleExperimentPost('ref2', {}, { metrics: [{ key: 'nope' }], primarySingleMetricKey: 'nope' }),
    );
    expectError(metric, 404, 'not_found');
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const res = await ld.request('DELETE', EXPERIMENTS);
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});

itMatchesTheSpec();
