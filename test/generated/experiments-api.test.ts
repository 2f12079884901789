import nock from 'nock';
import { Configuration, ExperimentsApi, ResponseError, type ApiResponse } from '../../generated';
import { specExample } from '../helpers/spec';
import { useNock } from '../helpers/nock';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-0123456789abcdef';
const SEMANTIC_PATCH = 'application/json; domain-model=launchdarkly.semanticpatch';
const PROJECT = '/api/v2/projects/my-project';
const ENV = `${PROJECT}/environments/production`;

/** `name(...)` for each `nameRaw(...)`, resolving the body (the template writes only the Raw methods). */
type Values<T> = {
  [K in keyof T as K extends `${infer N}Raw` ? N : never]: T[K] extends (...args: infer A) => Promise<ApiResponse<infer R>>
    ? (...args: A) => Promise<R>
    : never;
};
const rawApi = new ExperimentsApi(new Configuration({ basePath: BASE, apiKey: KEY }));
const api = new Proxy(rawApi, {
  get: (target, name: string) => async (...args: unknown[]) =>
    ((await (target as any)[`${name}Raw`](...args)) as ApiResponse<unknown>).value(),
}) as unknown as Values<ExperimentsApi>;

/** A scope that only matches when the raw token is sent with no `Bearer` prefix. */
const ld = (extraHeaders: Record<string, string> = {}) =>
  nock(BASE, { reqheaders: { authorization: KEY, ...extraHeaders } });

useNock();

describe('generated ExperimentsApi: the exact request on the wire and the parsed model', () => {
  it('getExperiments sends limit, offset, filter, csv expand and lifecycleState', async () => {
    ld({ 'ld-api-version': '20240415' })
      .get(`${ENV}/experiments`)
      .query({
        limit: '10',
        offset: '20',
        filter: 'flagKey:checkout-button-position,status:running',
        expand: 'treatments,draftIteration',
        lifecycleState: 'active,archived',
      })
      .reply(200, specExample('ExperimentCollection'));
    const page = await api.getExperiments({
      projectKey: 'my-project',
      environmentKey: 'production',
      limit: 10,
      offset: 20,
      filter: 'flagKey:checkout-button-position,status:running',
      expand: ['treatments', 'draftIteration'] as any,
      lifecycleState: ['active', 'archived'] as any,
      lDAPIVersion: '20240415',
    });
    expect(page.total_count).toBe(1);
    expect(page.items[0]._id).toBe('12ab3c45de678910fgh12345');
    expect(page.items[0]._creationDate).toBe(1654104600000);
    expect(page.items[0]._links.self.href).toBe('/api/v2/projects/my-project/environments/production/experiments/checkout-button');
    expect(page.items[0].currentIteration?.status).toBe('running');
  });

  it('getExperimentsAnyEnv hits the project-wide path', async () => {
    ld().get(`${PROJECT}/experiments`).query({ limit: '5' }).reply(200, specExample('ExperimentCollection'));
    const page = await api.getExperimentsAnyEnv({ projectKey: 'my-project', limit: 5 });
    expect(page.items.map((e) => e.environmentKey)).toEqual(['production']);
  });

  it('createExperiment posts the JSON body and parses the 201', async () => {
    const body = {
      name: 'Checkout button placement',
      key: 'checkout-button',
      iteration: {
        hypothesis: 'Above the fold converts better',
        metrics: [{ key: 'checkout-completed', isGroup: false }],
        primarySingleMetricKey: 'checkout-completed',
        treatments: [
          { name: 'Control', baseline: true, allocationPercent: '50', parameters: [{ flagKey: 'f', variationId: 'v0' }] },
          { name: 'B', baseline: false, allocationPercent: '50', parameters: [{ flagKey: 'f', variationId: 'v1' }] },
        ],
        flags: { f: { ruleId: 'fallthrough', flagConfigVersion: 3 } },
        randomizationUnit: 'user',
      },
    };
    ld({ 'content-type': 'application/json' })
      .post(`${ENV}/experiments`, body)
      .reply(201, specExample('DraftExperiment'));
    const created = await api.createExperiment({ projectKey: 'my-project', environmentKey: 'production', experimentPost: body });
    expect(created.key).toBe('checkout-button');
    expect(created.currentIteration?.status).toBe('not_started');
  });

  it('getExperiment encodes path parameters and sends expand', async () => {
    ld()
      .get(`${PROJECT}/environments/pro%2Fd/experiments/a%20b%3Fc%23d`)
      .query({ expand: 'treatments' })
      .reply(200, specExample('RunningExperiment'));
    const experiment = await api.getExperiment({
      projectKey: 'my-project',
      environmentKey: 'pro/d',
      experimentKey: 'a b?c#d',
      expand: ['treatments'] as any,
    });
    const treatments = experiment.currentIteration?.treatments ?? [];
    expect(treatments.map((t) => t.allocationPercent)).toEqual(['50', '50']);
    expect(typeof treatments[0].allocationPercent).toBe('string');
    expect(experiment.currentIteration?.layerSnapshot?.reservationPercent).toBe(10);
    expect(experiment.mutableFieldsByStatus?.running).toEqual({ description: ['update'], tags: ['add', 'remove'] });
  });

  it('patchExperiment sends the semantic-patch media type and the instruction union', async () => {
    const body = {
      comment: 'Two weeks of data',
      instructions: [{ kind: 'stopIteration', winningTreatmentId: 't-1', winningReason: 'Clear lift' }],
    };
    ld({ 'content-type': SEMANTIC_PATCH })
      .patch(`${ENV}/experiments/checkout-button`, body)
      .reply(200, specExample('RunningExperiment'));
    const updated = await api.patchExperiment({
      projectKey: 'my-project',
      environmentKey: 'production',
      experimentKey: 'checkout-button',
      experimentPatchInput: {
        comment: 'Two weeks of data',
        instructions: [{ kind: 'stopIteration', winningTreatmentId: 't-1', winningReason: 'Clear lift' }],
      },
    });
    expect(updated.name).toBe('Checkout button placement');
  });

  it('patchExperiment serialises updateExperimentFields maps', async () => {
    const instructions = [{ kind: 'updateExperimentFields', value: { description: { operation: 'update', value: 'new' } } }];
    ld({ 'content-type': SEMANTIC_PATCH })
      .patch(`${ENV}/experiments/x`, { instructions })
      .reply(200, specExample('RunningExperiment'));
    await api.patchExperiment({
      projectKey: 'my-project',
      environmentKey: 'production',
      experimentKey: 'x',
      experimentPatchInput: {
        instructions: [{ kind: 'updateExperimentFields', value: { description: { operation: 'update', value: 'new' } } }],
      },
    });
  });

  it('createIteration answers 200 with the draft iteration', async () => {
    const body = {
      hypothesis: 'h',
      metrics: [{ key: 'm' }],
      treatments: [{ name: 'c', baseline: true, allocationPercent: '100', parameters: [{ flagKey: 'f', variationId: 'v' }] }],
      flags: { f: { ruleId: 'r', flagConfigVersion: 1 } },
    };
    ld({ 'content-type': 'application/json' })
      .post(`${ENV}/experiments/checkout-button/iterations`, body)
      .reply(200, specExample('DraftIteration'));
    const iteration = await api.createIteration({
      projectKey: 'my-project',
      environmentKey: 'production',
      experimentKey: 'checkout-button',
      iterationInput: body,
    });
    expect(iteration._id).toBe('8d2e3f4a5b6c7d8e9f0a1b2c');
    expect(iteration.createdAt).toBe(1656610200000);
  });

  it('getExperimentResults sends iterationId and expand=traffic', async () => {
    ld()
      .get(`${ENV}/experiments/checkout-button/metrics/checkout-completed/results`)
      .query({ iterationId: 'it-1', expand: 'traffic' })
      .reply(200, specExample('BayesianResults'));
    const results = await api.getExperimentResults({
      projectKey: 'my-project',
      environmentKey: 'production',
      experimentKey: 'checkout-button',
      metricKey: 'checkout-completed',
      iterationId: 'it-1',
      expand: ['traffic'] as any,
    });
    const arms = results.results?.[0].treatmentResults ?? [];
    expect(arms.map((a) => a.pBest)).toEqual([0.04, 0.96]);
    expect(arms[1].distribution?.parameters).toEqual({ alpha: 1222, beta: 3867 });
    expect(results.metricSeen?.timestamp).toBe(1717000000000);
  });

  it('getExperimentResultsForMetricGroup hits the metric-groups path', async () => {
    const reply = {
      _links: { self: { href: '/x', type: 'application/json' } },
      metrics: [{ metric: { key: 'm', name: 'M', kind: 'custom', _links: {} }, results: specExample('BayesianResults') }],
    };
    ld()
      .get(`${ENV}/experiments/checkout-button/metric-groups/funnel-1/results`)
      .query({ iterationId: 'it-1' })
      .reply(200, reply);
    const grouped = await api.getExperimentResultsForMetricGroup({
      projectKey: 'my-project',
      environmentKey: 'production',
      experimentKey: 'checkout-button',
      metricGroupKey: 'funnel-1',
      iterationId: 'it-1',
    });
    expect(grouped.metrics[0].metric.key).toBe('m');
    expect(grouped.metrics[0].results.probabilityOfMismatch).toBe(0.41);
  });

  it('getExperimentationSettings and putExperimentationSettings', async () => {
    ld().get(`${PROJECT}/experimentation-settings`).reply(200, specExample('RandomizationSettings'));
    const settings = await api.getExperimentationSettings({ projectKey: 'my-project' });
    expect(settings.randomizationUnits?.map((u) => u.randomizationUnit)).toEqual(['user', 'organization']);
    expect(settings._creationDate).toBe(1654104600000);

    const body = { randomizationUnits: [{ randomizationUnit: 'user', default: true }] };
    ld({ 'content-type': 'application/json' })
      .put(`${PROJECT}/experimentation-settings`, body)
      .reply(200, specExample('RandomizationSettings'));
    const stored = await api.putExperimentationSettings({ projectKey: 'my-project', randomizationSettingsPut: body });
    expect(stored._projectKey).toBe('my-project');
  });

  it('getLegacyExperimentResults sends from/to epoch ms and keeps capitalised series keys', async () => {
    ld()
      .get('/api/v2/flags/my-project/checkout-button-position/experiments/production/checkout-completed')
      .query({ from: '1655314200000', to: '1656610200000' })
      .reply(200, specExample('LegacyResults'));
    const legacy = await api.getLegacyExperimentResults({
      projectKey: 'my-project',
      featureFlagKey: 'checkout-button-position',
      environmentKey: 'production',
      metricKey: 'checkout-completed',
      from: 1655314200000,
      to: 1656610200000,
    });
    expect(legacy.series?.[0].Time).toBe(1655314200000);
    expect(legacy.series?.[0].VariationData?.[1].conversionRate).toBe(0.23);
    expect(legacy.stats?.winningVariationIdx).toBe(1);
  });

  it('resetExperiment sends DELETE and resolves on 204', async () => {
    ld().delete('/api/v2/flags/my-project/f/experiments/production/m/results').reply(204);
    await expect(
      api.resetExperiment({ projectKey: 'my-project', featureFlagKey: 'f', environmentKey: 'production', metricKey: 'm' }),
    ).resolves.toBeUndefined();
  });

  it('throws a ResponseError holding the Response for non-2xx (the facade turns it into a typed error)', async () => {
    ld().get(`${ENV}/experiments/missing`).reply(404, { code: 'not_found', message: 'Unknown experiment key' });
    const error = await api
      .getExperiment({ projectKey: 'my-project', environmentKey: 'production', experimentKey: 'missing' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(404);
  });
});
