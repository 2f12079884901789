import type { RunningEmulator } from '../../src/emulator';
import { PH_FIXTURE_KEYS as K } from '../../src/emulator';
import { Ph, itMatchesTheSpec, manualClock, seen, start } from './helpers';

let emu: RunningEmulator;
let ph: Ph;
const clock = manualClock(Date.parse('2026-01-10T12:00:00Z'));

beforeAll(async () => {
  emu = await start({ now: clock.now });
  ph = new Ph(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const meanMetric = (event = 'purchase') => ({
  metric_type: 'mean',
  name: 'Revenue',
  source: { kind: 'EventsNode', event, math: 'sum', math_property: 'revenue' },
});
const expectPhError = (res: { status: number; body: any }, status: number, type: string, code?: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ type, code: code ?? expect.any(String), detail: expect.any(String), attr: res.body.attr });
  expect(res.body.attr === null || typeof res.body.attr === 'string').toBe(true);
};

describe('authentication and addressing', () => {
  it('needs Authorization: Bearer <personal API key>', async () => {
    expectPhError(await new Ph(emu, '').call('GET', '/experiments/'), 401, 'authentication_error', 'not_authenticated');
    expectPhError(
      await new Ph(emu, K.apiKey).call('GET', '/experiments/'),
      401,
      'authentication_error',
      'authentication_failed',
    );
    expectPhError(
      await new Ph(emu, 'Bearer phx_wrong').call('GET', '/experiments/'),
      401,
      'authentication_error',
      'authentication_failed',
    );
    expect((await ph.call('GET', '/experiments/')).status).toBe(200);
  });

  it('accepts @current, and answers 404 for unknown projects and non-numeric ids', async () => {
    expect((await new Ph(emu, undefined, '@current').call('GET', '/experiments/')).status).toBe(200);
    expectPhError(await new Ph(emu, undefined, 99).call('GET', '/experiments/'), 404, 'invalid_request', 'not_found');
    expectPhError(await ph.call('GET', '/experiments/abc/'), 404, 'invalid_request', 'not_found');
    expectPhError(await ph.call('GET', '/experiments/12345/'), 404, 'invalid_request', 'not_found');
  });

  it('answers 501 for PostHog operations the emulator does not implement', async () => {
    const res = await fetch(`${emu.url}/api/projects/1/experiments/prompt_templates/`, {
      headers: { Authorization: 'Bearer phx_emulator' },
    });
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({ type: 'server_error', code: 'not_implemented' });
  });
});

describe('experiments', () => {
  it('create makes a draft with a new inactive control/test flag', async () => {
    const e = await ph.createExperiment({
      name: 'Checkout',
      feature_flag_key: 'new-checkout',
      metrics: [meanMetric()],
    });
    expect(e).toMatchObject({
      id: 1,
      name: 'Checkout',
      status: 'draft',
      start_date: null,
      feature_flag_key: 'new-checkout',
      feature_flag: { key: 'new-checkout', active: false, team_id: 1 },
      created_by: { id: K.userId },
      created_at: '2026-01-10T12:00:00.000Z',
      holdout: null,
    });
    expect(e.feature_flag.filters.multivariate.variants.map((v: any) => [v.key, v.rollout_percentage])).toEqual([
      ['control', 50],
      ['test', 50],
    ]);
    expect(e.metrics[0]).toMatchObject({
      kind: 'ExperimentMetric',
      uuid: expect.any(String),
      fingerprint: expect.any(String),
    });
    expect(e.primary_metrics_ordered_uuids).toEqual([e.metrics[0].uuid]);
  });

  it('links an existing experiment flag and refuses unsuitable ones', async () => {
    const e = await ph.createExperiment({ name: 'Reuse', feature_flag_key: K.flags.experiment });
    expect(e.feature_flag.id).toBe(101);
    const boolean = await ph.call('POST', '/experiments/', { name: 'Bad', feature_flag_key: K.flags.boolean });
    expectPhError(boolean, 400, 'validation_error', 'invalid_input');
    expect(boolean.body.attr).toBe('feature_flag_key');
    const config = await ph.call('POST', '/experiments/', {
      name: 'Bad',
      feature_flag_key: K.flags.experiment,
      feature_flag: {
        filters: {
          multivariate: {
            variants: [
              { key: 'control', rollout_percentage: 50 },
              { key: 'b', rollout_percentage: 50 },
            ],
          },
        },
      },
    });
    expect(config.status).toBe(400);
  });

  it('checks variants, unknown keys, events and metric ordering', async () => {
    const variants = (v: any[]) =>
      ph.call('POST', '/experiments/', {
        name: 'V',
        feature_flag_key: 'v',
        feature_flag: { filters: { multivariate: { variants: v } } },
      });
    expect(
      (
        await variants([
          { key: 'a', rollout_percentage: 50 },
          { key: 'b', rollout_percentage: 50 },
        ])
      ).body.detail,
    ).toMatch(/control/);
    expect(
      (
        await variants([
          { key: 'control', rollout_percentage: 60 },
          { key: 'b', rollout_percentage: 50 },
        ])
      ).body.detail,
    ).toMatch(/sum to 100/);
    const normalised = await variants([
      { key: 'Control', rollout_percentage: 70 },
      { key: 'b', rollout_percentage: 30 },
    ]);
    expect(normalised.body.feature_flag.filters.multivariate.variants[0].key).toBe('control');
    expect(
      (await ph.call('POST', '/experiments/', { name: 'X', feature_flag_key: 'x', colour: 'red' })).body.detail,
    ).toBe("Can't create keys: colour on Experiment");
    const unknownEvent = await ph.call('POST', '/experiments/', {
      name: 'E',
      feature_flag_key: 'e',
      metrics: [meanMetric('never_seen')],
    });
    expect(unknownEvent.body).toMatchObject({ type: 'validation_error', attr: 'metrics__0' });
    expect(
      (
        await ph.call('POST', '/experiments/', {
          name: 'E',
          feature_flag_key: 'e',
          metrics: [meanMetric('never_seen')],
          allow_unknown_events: true,
        })
      ).status,
    ).toBe(201);
    const badMetric = await ph.call('POST', '/experiments/', {
      name: 'M',
      feature_flag_key: 'm',
      metrics: [{ metric_type: 'mean' }],
    });
    expect(badMetric.status).toBe(400);
    expect(badMetric.body.detail).toMatch(/metrics\[0\]\.source is required/);
  });

  it('runs the lifecycle: launch → pause → resume → end → archive → unarchive → reset', async () => {
    const { id } = await ph.createExperiment({ name: 'Life', feature_flag_key: 'life' });
    clock.advance(60_000);
    const launched = await ph.call('POST', `/experiments/${id}/launch/`);
    expect(launched.body).toMatchObject({
      status: 'running',
      start_date: '2026-01-10T12:01:00.000Z',
      feature_flag: { active: true },
    });
    expectPhError(await ph.call('POST', `/experiments/${id}/launch/`), 400, 'validation_error');
    expect((await ph.call('POST', `/experiments/${id}/pause/`)).body).toMatchObject({
      status: 'paused',
      feature_flag: { active: false },
    });
    expect((await ph.call('POST', `/experiments/${id}/pause/`)).status).toBe(400);
    expect((await ph.call('POST', `/experiments/${id}/resume/`)).body.status).toBe('running');
    expect((await ph.call('POST', `/experiments/${id}/archive/`)).body.detail).toMatch(/Only ended/);
    clock.advance(60_000);
    const ended = await ph.call('POST', `/experiments/${id}/end/`, {
      conclusion: 'won',
      conclusion_comment: 'Clear lift',
    });
    expect(ended.body).toMatchObject({
      status: 'stopped',
      end_date: '2026-01-10T12:02:00.000Z',
      conclusion: 'won',
      feature_flag: { active: true },
    });
    expect((await ph.call('POST', `/experiments/${id}/end/`)).status).toBe(400);
    const archived = await ph.call('POST', `/experiments/${id}/archive/`, { disable_feature_flag: true });
    expect(archived.body).toMatchObject({ archived: true, feature_flag: { active: false } });
    expect((await ph.call('GET', '/experiments/')).body.results).toEqual([]);
    expect((await ph.call('GET', '/experiments/?archived=true')).body.results.map((e: any) => e.id)).toEqual([id]);
    expect((await ph.call('POST', `/experiments/${id}/unarchive/`)).body.archived).toBe(false);
    expect((await ph.call('POST', `/experiments/${id}/unarchive/`)).status).toBe(400);
    const reset = await ph.call('POST', `/experiments/${id}/reset/`);
    expect(reset.body).toMatchObject({ status: 'draft', start_date: null, end_date: null, conclusion: null });
    expect((await ph.call('POST', `/experiments/${id}/reset/`)).status).toBe(400);
  });

  it('ship_variant gives the variant 100%, ends the experiment, and can release to everyone', async () => {
    const { id } = await ph.createExperiment({ name: 'Ship', feature_flag_key: 'ship' });
    expect((await ph.call('POST', `/experiments/${id}/ship_variant/`, { variant_key: 'test' })).status).toBe(400);
    await ph.call('POST', `/experiments/${id}/launch/`);
    expect((await ph.call('POST', `/experiments/${id}/ship_variant/`, { variant_key: 'nope' })).body.attr).toBe(
      'variant_key',
    );
    const shipped = await ph.call('POST', `/experiments/${id}/ship_variant/`, {
      variant_key: 'test',
      release_to_everyone: true,
      conclusion: 'won',
    });
    expect(shipped.body).toMatchObject({ status: 'stopped', conclusion: 'won' });
    expect(shipped.body.feature_flag.filters.multivariate.variants.map((v: any) => v.rollout_percentage)).toEqual([
      0, 100,
    ]);
    expect(shipped.body.feature_flag.filters.groups[0]).toEqual({ properties: [], rollout_percentage: 100 });
  });

  it('freeze_exposure and unfreeze_exposure', async () => {
    const { id } = await ph.createExperiment({ name: 'Freeze', feature_flag_key: 'freeze' });
    expect((await ph.call('POST', `/experiments/${id}/freeze_exposure/`)).status).toBe(400);
    await ph.call('POST', `/experiments/${id}/launch/`);
    expect((await ph.call('POST', `/experiments/${id}/freeze_exposure/`)).body.status).toBe('exposure_frozen');
    expect((await ph.call('POST', `/experiments/${id}/unfreeze_exposure/`)).body.status).toBe('running');
  });

  it('duplicate makes a draft copy with new metric uuids', async () => {
    const source = await ph.createExperiment({ name: 'Src', feature_flag_key: 'src', metrics: [meanMetric()] });
    await ph.call('POST', `/experiments/${source.id}/launch/`);
    const copy = await ph.call('POST', `/experiments/${source.id}/duplicate/`, {});
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Src (copy)', status: 'draft', feature_flag_key: 'src' });
    expect(copy.body.metrics[0].uuid).not.toBe(source.metrics[0].uuid);
    const newFlag = await ph.call('POST', `/experiments/${source.id}/duplicate/`, {
      name: 'V2',
      feature_flag_key: 'src-v2',
    });
    expect(newFlag.body.feature_flag).toMatchObject({ key: 'src-v2', active: false });
  });

  it('PATCH/PUT update fields; flag changes on a launched experiment need update_feature_flag_params', async () => {
    const { id } = await ph.createExperiment({ name: 'Upd', feature_flag_key: 'upd' });
    expect(
      (
        await ph.call('PATCH', `/experiments/${id}/`, {
          description: 'why',
          parameters: { variant_notes: { test: 'green' } },
        })
      ).body,
    ).toMatchObject({
      description: 'why',
      parameters: { variant_notes: { test: 'green' } },
    });
    expect((await ph.call('PUT', `/experiments/${id}/`, { name: 'Renamed', feature_flag_key: 'upd' })).body.name).toBe(
      'Renamed',
    );
    expect((await ph.call('PUT', `/experiments/${id}/`, { name: 'Renamed', feature_flag_key: 'other' })).status).toBe(
      400,
    );
    await ph.call('POST', `/experiments/${id}/launch/`);
    const change = {
      feature_flag: {
        filters: {
          multivariate: {
            variants: [
              { key: 'control', rollout_percentage: 20 },
              { key: 'test', rollout_percentage: 80 },
            ],
          },
        },
      },
    };
    expect((await ph.call('PATCH', `/experiments/${id}/`, change)).body.attr).toBe('feature_flag');
    const ok = await ph.call('PATCH', `/experiments/${id}/`, { ...change, update_feature_flag_params: true });
    expect(ok.body.feature_flag.filters.multivariate.variants.map((v: any) => v.rollout_percentage)).toEqual([20, 80]);
    expect((await ph.call('PATCH', `/experiments/${id}/`, { end_date: '2020-01-01T00:00:00Z' })).body.attr).toBe(
      'end_date',
    );
  });

  it("echoing a GET's parameters changes nothing on the flag: no update_feature_flag_params, no gate, same version", async () => {
    const { id } = await ph.createExperiment({ name: 'Echo', feature_flag_key: 'echo' });
    await ph.call('POST', `/experiments/${id}/launch/`);
    const got = (await ph.call('GET', `/experiments/${id}/`)).body;
    // Every deprecated flag key is filled from the live flag on read (notes §4.5), so an echo carries them all.
    expect(got.parameters).toMatchObject({
      rollout_percentage: 100,
      aggregation_group_type_index: null,
      feature_flag_payloads: {},
      ensure_experience_continuity: false,
    });
    expect(got.parameters.feature_flag_variants[1]).toMatchObject({ key: 'test', split_percent: 50 });
    emu.state.posthog.approvalRequired.add('experiment.update');
    const echoed = { parameters: { ...got.parameters, variant_notes: { test: 'note' } } };
    const res = await ph.call('PATCH', `/experiments/${id}/`, echoed);
    expect(res.status).toBe(200);
    expect(res.body.parameters.variant_notes).toEqual({ test: 'note' });
    expect(res.body.feature_flag.version).toBe(got.feature_flag.version);
    const full = await ph.call('PUT', `/experiments/${id}/`, { ...got, name: 'Echo 2' });
    expect(full.status).toBe(200);
    // A changed variant split is still a flag change.
    const variants = got.parameters.feature_flag_variants.map((v: any) => ({ ...v, rollout_percentage: 50 }));
    variants[0].rollout_percentage = 40;
    variants[1].rollout_percentage = 60;
    const change = await ph.call('PATCH', `/experiments/${id}/`, { parameters: { feature_flag_variants: variants } });
    expect(change.body.attr).toBe('feature_flag');
    const rollout = await ph.call('PATCH', `/experiments/${id}/`, {
      parameters: { ...got.parameters, rollout_percentage: 50 },
    });
    expect(rollout.body.attr).toBe('feature_flag');
  });

  it('soft delete: PATCH deleted hides it from list and detail; deleted:false restores; DELETE is 405 with no body', async () => {
    const { id } = await ph.createExperiment({ name: 'Del', feature_flag_key: 'del' });
    const del = await ph.call('DELETE', `/experiments/${id}/`);
    expect(del.status).toBe(405);
    expect(del.text).toBe('');
    expect((await ph.call('PATCH', `/experiments/${id}/`, { deleted: true })).body.deleted).toBe(true);
    expect((await ph.call('GET', `/experiments/${id}/`)).status).toBe(404);
    expect((await ph.call('GET', '/experiments/')).body.count).toBe(0);
    expect((await ph.call('PATCH', `/experiments/${id}/`, { name: 'x' })).status).toBe(404);
    // DELETE is 405 for any id: soft-deleted or never created.
    expect((await ph.call('DELETE', `/experiments/${id}/`)).status).toBe(405);
    expect((await ph.call('DELETE', '/experiments/99999/')).status).toBe(405);
    expect((await ph.call('PATCH', `/experiments/${id}/`, { deleted: false })).body.deleted).toBe(false);
    expect((await ph.call('GET', `/experiments/${id}/`)).status).toBe(200);
  });

  it('lists with filters and order, and paginates with absolute next/previous URLs', async () => {
    for (const name of ['alpha', 'Bravo', 'charlie', 'delta', 'echo']) {
      clock.advance(1000);
      await ph.createExperiment({ name, feature_flag_key: `f-${name.toLowerCase()}` });
    }
    await ph.call('POST', '/experiments/2/launch/');
    const base = `${emu.url}/api/projects/1/experiments/`;
    const first = (await ph.call('GET', '/experiments/?limit=2')).body;
    expect(first).toMatchObject({ count: 5, previous: null, next: `${base}?limit=2&offset=2` });
    expect(first.results.map((e: any) => e.name)).toEqual(['echo', 'delta']);
    expect(first.results[0]).not.toHaveProperty('metrics');
    const second = (await ph.request('GET', first.next.slice(emu.url.length))).body;
    expect(second.previous).toBe(`${base}?limit=2`);
    expect(second.next).toBe(`${base}?limit=2&offset=4`);
    const third = (await ph.request('GET', second.next.slice(emu.url.length))).body;
    expect(third).toMatchObject({ next: null, previous: `${base}?limit=2&offset=2` });
    const names = async (q: string) => (await ph.call('GET', `/experiments/${q}`)).body.results.map((e: any) => e.name);
    expect(await names('?order=name')).toEqual(['alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    expect(await names('?status=running')).toEqual(['Bravo']);
    expect(await names('?status=draft&search=PH')).toEqual(['alpha']);
    expect(await names('?feature_flag_id=103')).toEqual(['alpha']);
    expect((await ph.call('GET', '/experiments/?order=colour')).status).toBe(400);
    const page = (await ph.call('GET', '/experiments/?search=a&limit=1')).body;
    expect(page.next).toBe(`${base}?search=a&limit=1&offset=1`);
  });

  it('stats count launched, active and completed experiments', async () => {
    const { id } = await ph.createExperiment({ name: 'S', feature_flag_key: 's' });
    await ph.call('POST', `/experiments/${id}/launch/`);
    expect((await ph.call('GET', '/experiments/stats/')).body).toEqual({
      launched_last_30d: 1,
      launched_previous_30d: 0,
      percent_change: null,
      active_experiments: 1,
      completed_last_30d: 0,
    });
  });
});

describe('approval policies', () => {
  it('answer 409 approval_required and leave the experiment unchanged', async () => {
    const { id } = await ph.createExperiment({ name: 'Gate', feature_flag_key: 'gate' });
    emu.state.posthog.approvalRequired.add('experiment.launch');
    const res = await ph.call('POST', `/experiments/${id}/launch/`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'approval_required',
      status: 'approval_required',
      resource_type: 'feature_flag',
      change_request_id: expect.any(String),
    });
    expect((await ph.call('GET', `/experiments/${id}/`)).body.status).toBe('draft');
  });

  it('gate a create that writes the flag: with feature_flag config, or launched by a start_date', async () => {
    const flag = {
      filters: {
        multivariate: {
          variants: [
            { key: 'control', rollout_percentage: 30 },
            { key: 'test', rollout_percentage: 70 },
          ],
        },
      },
    };
    emu.state.posthog.approvalRequired.add('experiment.update');
    const configured = await ph.call('POST', '/experiments/', { name: 'G', feature_flag_key: 'g', feature_flag: flag });
    expect(configured.status).toBe(409);
    expect(configured.body).toMatchObject({ code: 'approval_required', resource_type: 'feature_flag' });
    // The default flag is no change to gate.
    expect((await ph.call('POST', '/experiments/', { name: 'G2', feature_flag_key: 'g2' })).status).toBe(201);
    emu.state.posthog.approvalRequired.clear();
    emu.state.posthog.approvalRequired.add('experiment.launch');
    const started = { name: 'G3', feature_flag_key: 'g3', start_date: '2025-03-06T08:00:00Z' };
    expect((await ph.call('POST', '/experiments/', started)).status).toBe(409);
    const names = (await ph.call('GET', '/experiments/')).body.results.map((e: any) => e.name);
    expect(names).toEqual(['G2']);
  });

  it('gate every action that writes the flag: resume, and archive that disables it', async () => {
    const { id } = await ph.createExperiment({ name: 'Gate 2', feature_flag_key: 'gate-2' });
    expect((await ph.call('POST', `/experiments/${id}/launch/`)).status).toBe(200);
    expect((await ph.call('POST', `/experiments/${id}/pause/`)).status).toBe(200);
    emu.state.posthog.approvalRequired.add('experiment.launch');
    expect((await ph.call('POST', `/experiments/${id}/resume/`)).status).toBe(409);
    expect((await ph.call('GET', `/experiments/${id}/`)).body.status).toBe('paused');
    emu.state.posthog.approvalRequired.clear();
    expect((await ph.call('POST', `/experiments/${id}/resume/`)).status).toBe(200);
    expect((await ph.call('POST', `/experiments/${id}/end/`)).status).toBe(200);
    emu.state.posthog.approvalRequired.add('experiment.pause');
    const archive = await ph.call('POST', `/experiments/${id}/archive/`, { disable_feature_flag: true });
    expect(archive.status).toBe(409);
    expect((await ph.call('GET', `/experiments/${id}/`)).body.archived).toBe(false);
    // Keeping the flag on writes nothing the policy gates.
    expect((await ph.call('POST', `/experiments/${id}/archive/`, { disable_feature_flag: false })).status).toBe(200);
  });
});

describe('holdouts', () => {
  it('CRUD, linking to an experiment flag, and hard delete that unlinks', async () => {
    const created = await ph.call('POST', '/experiment_holdouts/', {
      name: 'Global holdout',
      filters: [{ rollout_percentage: 10 }],
    });
    expect(created.status).toBe(201);
    const h = created.body;
    expect(h).toMatchObject({
      id: 1,
      filters: [{ rollout_percentage: 10, properties: [], variant: 'holdout-1' }],
      created_by: { id: K.userId },
    });
    expect((await ph.call('POST', '/experiment_holdouts/', { name: 'No filters', filters: [] })).status).toBe(400);
    const e = await ph.createExperiment({ name: 'H', feature_flag_key: 'h', holdout_id: h.id });
    expect(e.holdout).toMatchObject({ id: h.id });
    expect(e.feature_flag.filters.holdout).toEqual({ id: h.id, exclusion_percentage: 10 });
    expect(
      (await ph.call('POST', '/experiments/', { name: 'H2', feature_flag_key: 'h2', holdout_id: 999 })).body.attr,
    ).toBe('holdout_id');

    expect(
      (await ph.call('PATCH', `/experiment_holdouts/${h.id}/`, { filters: [{ rollout_percentage: 20 }] })).body
        .filters[0].rollout_percentage,
    ).toBe(20);
    expect((await ph.call('GET', `/experiments/${e.id}/`)).body.feature_flag.filters.holdout.exclusion_percentage).toBe(
      20,
    );
    expect(
      (await ph.call('PUT', `/experiment_holdouts/${h.id}/`, { name: 'Renamed', filters: [{ rollout_percentage: 5 }] }))
        .body.name,
    ).toBe('Renamed');
    await ph.call('POST', '/experiment_holdouts/', { name: 'Second', filters: [{ rollout_percentage: 1 }] });
    const list = (await ph.call('GET', '/experiment_holdouts/')).body;
    expect(list.results.map((x: any) => x.name)).toEqual(['Second', 'Renamed']);

    const del = await ph.call('DELETE', `/experiment_holdouts/${h.id}/`);
    expect(del.status).toBe(204);
    expect((await ph.call('GET', `/experiment_holdouts/${h.id}/`)).status).toBe(404);
    const after = (await ph.call('GET', `/experiments/${e.id}/`)).body;
    expect(after).toMatchObject({ holdout: null, holdout_id: null });
    expect(after.feature_flag.filters).not.toHaveProperty('holdout');
  });

  it('holdout delete can be gated by approval', async () => {
    const h = (await ph.call('POST', '/experiment_holdouts/', { name: 'G', filters: [{ rollout_percentage: 10 }] }))
      .body;
    emu.state.posthog.approvalRequired.add('experiment_holdout.delete');
    expect((await ph.call('DELETE', `/experiment_holdouts/${h.id}/`)).status).toBe(409);
    expect((await ph.call('GET', `/experiment_holdouts/${h.id}/`)).status).toBe(200);
  });
});

describe('saved metrics', () => {
  it('CRUD, ordering, search, links from experiments and hard delete', async () => {
    const a = await ph.call('POST', '/experiment_saved_metrics/', {
      name: 'Revenue',
      query: meanMetric(),
      tags: ['money'],
    });
    expect(a.status).toBe(201);
    expect(a.body.query).toMatchObject({ uuid: expect.any(String), fingerprint: expect.any(String) });
    await ph.call('POST', '/experiment_saved_metrics/', {
      name: 'activation',
      description: 'signups',
      query: { metric_type: 'funnel', series: [{ kind: 'EventsNode', event: 'signup' }] },
    });
    expect(
      (await ph.call('POST', '/experiment_saved_metrics/', { name: 'REVENUE', query: meanMetric() })).body.attr,
    ).toBe('name');
    expect(
      (await ph.call('POST', '/experiment_saved_metrics/', { name: 'x', query: meanMetric(), owner: 1 })).body.detail,
    ).toMatch(/Can't create keys: owner/);
    const names = async (q = '') =>
      (await ph.call('GET', `/experiment_saved_metrics/${q}`)).body.results.map((m: any) => m.name);
    expect(await names()).toEqual(['activation', 'Revenue']);
    expect(await names('?search=money')).toEqual(['Revenue']);
    expect(await names('?event=signup')).toEqual(['activation']);

    const e = await ph.createExperiment({
      name: 'Linked',
      feature_flag_key: 'linked',
      saved_metrics_ids: [{ id: a.body.id, metadata: { type: 'secondary' } }],
    });
    expect(e.saved_metrics).toEqual([
      expect.objectContaining({
        saved_metric: a.body.id,
        name: 'Revenue',
        metadata: { type: 'secondary' },
        experiment: e.id,
      }),
    ]);
    expect((await ph.call('PATCH', `/experiments/${e.id}/`, { saved_metrics_ids: [{ id: 999 }] })).body.attr).toBe(
      'saved_metrics_ids',
    );

    expect(
      (await ph.call('PATCH', `/experiment_saved_metrics/${a.body.id}/`, { query: { ...meanMetric(), uuid: 'other' } }))
        .status,
    ).toBe(400);
    const renamed = await ph.call('PUT', `/experiment_saved_metrics/${a.body.id}/`, {
      name: 'Revenue per user',
      query: meanMetric('checkout_completed'),
    });
    expect(renamed.body.query.uuid).toBe(a.body.query.uuid);
    expect((await ph.call('GET', `/experiments/${e.id}/`)).body.saved_metrics[0].name).toBe('Revenue per user');

    const tagged = await ph.call('PATCH', `/experiment_saved_metrics/${a.body.id}/`, { tags: ['money', 'core'] });
    expect(tagged.body.tags).toEqual(['money', 'core']);
    expect((await ph.call('GET', `/experiment_saved_metrics/${a.body.id}/`)).body).toMatchObject({
      name: 'Revenue per user',
      tags: ['money', 'core'],
    });
    expect((await ph.call('DELETE', `/experiment_saved_metrics/${a.body.id}/`)).status).toBe(204);
    expect((await ph.call('GET', `/experiment_saved_metrics/${a.body.id}/`)).status).toBe(404);
    expect((await ph.call('GET', `/experiments/${e.id}/`)).body.saved_metrics).toEqual([]);
  });
});

describe('PostHog errors and faults', () => {
  it('a status fault uses the PostHog error body', async () => {
    emu.faults.add({ kind: 'status', status: 503, operationId: 'experiments_list', times: 1 });
    const res = await fetch(`${emu.url}/api/projects/1/experiments/`, {
      headers: { Authorization: 'Bearer phx_emulator' },
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      type: 'server_error',
      code: 'service_unavailable',
      detail: 'Injected fault: HTTP 503',
      attr: null,
    });
  });
});

const IMPLEMENTED = [
  'experiments_list',
  'experiments_create',
  'experiments_retrieve',
  'experiments_update',
  'experiments_partial_update',
  'experiments_launch',
  'experiments_pause',
  'experiments_resume',
  'experiments_end',
  'experiments_ship_variant',
  'experiments_archive',
  'experiments_unarchive',
  'experiments_reset',
  'experiments_freeze_exposure',
  'experiments_unfreeze_exposure',
  'experiments_duplicate',
  'experiments_stats',
  'experiment_holdouts_list',
  'experiment_holdouts_create',
  'experiment_holdouts_retrieve',
  'experiment_holdouts_update',
  'experiment_holdouts_partial_update',
  'experiment_holdouts_destroy',
  'experiment_saved_metrics_list',
  'experiment_saved_metrics_create',
  'experiment_saved_metrics_retrieve',
  'experiment_saved_metrics_update',
  'experiment_saved_metrics_partial_update',
  'experiment_saved_metrics_destroy',
];

describe('coverage', () => {
  it('exercised every implemented PostHog operation with a 2xx (and experiments_destroy with its 405)', () => {
    const ok = new Set(seen.filter((r) => r.status < 300).map((r) => r.operationId));
    expect(IMPLEMENTED.filter((id) => !ok.has(id))).toEqual([]);
    expect(seen.some((r) => r.operationId === 'experiments_destroy' && r.status === 405)).toBe(true);
  });
});

itMatchesTheSpec();
