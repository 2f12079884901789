import nock from 'nock';
import { inspect } from 'node:util';
import { PostHogExperiments, POSTHOG_HOSTS, ValidationError, VERSION } from '../../src';
import { BASE, client, KEY, ph, PROJECT, responseExample, useNock } from './helpers';

useNock();

describe('construction', () => {
  it.each([
    [{ apiKey: '', projectId: 1 }, 'apiKey'],
    [{ apiKey: '   ', projectId: 1 }, 'apiKey'],
    [{ projectId: 1 }, 'apiKey'],
    [{ apiKey: `Bearer ${KEY}`, projectId: 1 }, 'apiKey'],
    [{ apiKey: `${KEY}\n`, projectId: 1 }, 'apiKey'],
    [{ apiKey: `${KEY}\u0000`, projectId: 1 }, 'apiKey'],
    [{ apiKey: 'phs_projectsecret123', projectId: 1 }, 'apiKey'],
    [{ apiKey: KEY }, 'projectId'],
    [{ apiKey: KEY, projectId: 0 }, 'projectId'],
    [{ apiKey: KEY, projectId: 'my-project' }, 'projectId'],
    [{ apiKey: KEY, projectId: 1, host: 'mars' }, 'host'],
    [{ apiKey: KEY, projectId: 1, host: 'ftp://posthog.example.com' }, 'host'],
    [{ apiKey: KEY, projectId: 1, host: 'http://posthog.example.com' }, 'host'],
    [{ apiKey: KEY, projectId: 1, host: 'https://user:pw@posthog.example.com' }, 'host'],
    [{ apiKey: KEY, projectId: 1, host: 'https://us.i.posthog.com' }, 'host'],
    [{ apiKey: KEY, projectId: 1, host: 'toString' }, 'host'],
  ])('refuses %j', (options, field) => {
    let error: unknown;
    try {
      new PostHogExperiments(options as any);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(String((error as Error).message)).not.toContain(KEY);
  });

  it('refuses a missing options object', () => {
    expect(() => new PostHogExperiments(undefined as any)).toThrow(ValidationError);
  });

  it('maps regions and checks self-hosted URLs', () => {
    expect(client().baseUrl).toBe('https://us.posthog.com');
    expect(client({ host: 'us' }).baseUrl).toBe(POSTHOG_HOSTS.us);
    expect(client({ host: 'eu' }).baseUrl).toBe('https://eu.posthog.com');
    expect(client({ host: 'https://posthog.example.com/' }).baseUrl).toBe('https://posthog.example.com');
    expect(client({ host: 'http://localhost:8000' }).baseUrl).toBe('http://localhost:8000');
    expect(client({ host: 'http://posthog.internal', allowInsecureHttp: true }).baseUrl).toBe(
      'http://posthog.internal',
    );
    expect(client({ projectId: '42' }).projectId).toBe('42');
  });

  it('never shows the key in JSON or inspect output, even of the resources', () => {
    const c = client();
    expect(JSON.stringify(c)).toBe(
      '{"client":"PostHogExperiments","baseUrl":"https://us.posthog.com","projectId":"12345"}',
    );
    for (const target of [c, c.experiments, c.holdouts, c.savedMetrics]) {
      expect(inspect(target, { depth: 20, showHidden: true, getters: true })).not.toContain(KEY);
      expect(JSON.stringify(target)).not.toContain(KEY);
    }
    expect(inspect(c)).toBe(
      'PostHogExperiments {"client":"PostHogExperiments","baseUrl":"https://us.posthog.com","projectId":"12345"}',
    );
  });
});

describe('requests', () => {
  it('send Authorization: Bearer <key>, the SDK User-Agent and custom headers', async () => {
    ph({ 'user-agent': `experiments-api/${VERSION} my-app/2.0`, 'x-team': 'growth' })
      .get(`${PROJECT}/experiments/stats/`)
      .reply(200, responseExample('experiments_stats'));
    await client({ userAgent: 'my-app/2.0', headers: { 'X-Team': 'growth' } }).experiments.stats();
  });

  it('go to the EU host when asked', async () => {
    ph({}, 'https://eu.posthog.com')
      .get(`${PROJECT}/experiments/stats/`)
      .reply(200, responseExample('experiments_stats'));
    await client({ host: 'eu' }).experiments.stats();
  });

  it('keep the path prefix of a self-hosted instance', async () => {
    ph({}, 'https://ph.example.com')
      .get(`/posthog${PROJECT}/experiment_holdouts/7/`)
      .reply(200, responseExample('experiment_holdouts_retrieve'));
    const holdout = await client({ host: 'https://ph.example.com/posthog' }).holdouts.retrieve(7);
    expect(holdout.id).toBe(7);
  });

  it("encode '@current' as the project id", async () => {
    ph().get('/api/projects/%40current/experiments/stats/').reply(200, responseExample('experiments_stats'));
    await client({ projectId: '@current' }).experiments.stats();
  });

  it('use an injected fetch', async () => {
    const seen: string[] = [];
    const c = client({
      fetch: (url, init) => {
        seen.push(`${init?.method} ${url} ${(init?.headers as Record<string, string>).Authorization}`);
        return Promise.resolve(
          new Response(JSON.stringify(responseExample('experiments_stats')), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
        );
      },
    });
    expect((await c.experiments.stats()).active_experiments).toBe(3);
    expect(seen).toEqual([`GET ${BASE}${PROJECT}/experiments/stats/ Bearer ${KEY}`]);
  });

  it('a per-call abort signal cancels the call', async () => {
    nock(BASE).get(`${PROJECT}/experiments/stats/`).delay(200).reply(200, responseExample('experiments_stats'));
    const controller = new AbortController();
    const pending = client().experiments.stats({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    nock.cleanAll();
  });
});

describe('the README flow', () => {
  it('creates an experiment with a mean and a funnel metric, launches it, lists running ones and ends it', async () => {
    const sent: Record<string, unknown> = {};
    ph()
      .post(`${PROJECT}/experiments/`, (b) => ((sent.create = b), true))
      .reply(201, responseExample('experiments_create'));
    ph().post(`${PROJECT}/experiments/812/launch/`).reply(200, responseExample('experiments_launch'));
    ph()
      .get(`${PROJECT}/experiments/`)
      .query({ status: 'running', order: '-start_date' })
      .reply(200, { ...responseExample('experiments_list'), next: null });
    ph()
      .post(`${PROJECT}/experiments/812/end/`, (b) => ((sent.end = b), true))
      .reply(200, responseExample('experiments_end'));

    // --- README example (keep in sync with the report's draft) ---
    const posthog = new PostHogExperiments({ apiKey: KEY, host: 'us', projectId: 12345 });
    const experiment = await posthog.experiments.create({
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
      metrics: [
        {
          kind: 'ExperimentMetric',
          metric_type: 'mean',
          name: 'Revenue per user',
          goal: 'increase',
          source: { kind: 'EventsNode', event: 'purchase_completed', math: 'sum', math_property: 'revenue' },
        },
        {
          kind: 'ExperimentMetric',
          metric_type: 'funnel',
          name: 'Checkout conversion',
          series: [
            { kind: 'EventsNode', event: 'checkout_started' },
            { kind: 'EventsNode', event: 'purchase_completed' },
          ],
          conversion_window: 14,
          conversion_window_unit: 'day',
        },
      ],
    });
    await posthog.experiments.launch(experiment.id);
    const running: string[] = [];
    for await (const e of posthog.experiments.list({ status: 'running', order: '-start_date' })) running.push(e.name);
    const ended = await posthog.experiments.end(experiment.id, {
      conclusion: 'won',
      conclusion_comment: 'Clear lift in revenue per user.',
    });
    // --- end of README example ---

    expect((sent.create as any).metrics.map((m: any) => m.metric_type)).toEqual(['mean', 'funnel']);
    expect(running).toEqual(['Checkout button copy', 'Pricing page layout']);
    expect(sent.end).toEqual({ conclusion: 'won', conclusion_comment: 'Clear lift in revenue per user.' });
    expect(ended.end_date).toBeInstanceOf(Date);
  });
});
