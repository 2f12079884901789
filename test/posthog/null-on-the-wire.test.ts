/**
 * PostHog reads `null` as "clear this": a `null` the user sets on an optional nullable field must reach the wire
 * as `null`, not vanish. The generated serializer drops `null` for optional nullable arrays and maps unless the
 * modelGeneric override keeps it (templates/README.md); JSON `null` on read must stay `null`.
 */
import type nock from 'nock';
import { client, ph, PROJECT, requestValidator, responseExample, useNock } from './helpers';

useNock();

const ID = 812;

/** Answers the next `method` to `path` with `reply` and resolves to the JSON body that was sent. */
function captureBody(method: 'post' | 'put' | 'patch', path: string, reply: unknown): Promise<any> {
  return new Promise((resolve) => {
    const scope = ph();
    scope[method](`${PROJECT}${path}`, (body) => {
      resolve(body);
      return true;
    }).reply(method === 'post' ? 201 : 200, reply as nock.Body);
  });
}

const meanMetric = {
  kind: 'ExperimentMetric',
  metric_type: 'mean',
  uuid: '0b7f1a8e-1111-4c2e-9a51-6a1f0e6f0001',
  source: { kind: 'EventsNode', event: 'purchase', properties: null },
} as const;

describe('null sent where it means "clear"', () => {
  test('create: saved_metrics_ids, metrics, metrics_secondary and parameters.feature_flag_variants', async () => {
    const sent = captureBody('post', '/experiments/', responseExample('experiments_create'));
    await client().experiments.create({
      name: 'Checkout button copy',
      feature_flag_key: 'checkout-button-copy',
      saved_metrics_ids: null,
      metrics: null,
      metrics_secondary: null,
      parameters: { feature_flag_variants: null },
      conclusion: null,
    });
    const body = await sent;
    expect(body).toMatchObject({
      saved_metrics_ids: null,
      metrics: null,
      metrics_secondary: null,
      parameters: { feature_flag_variants: null },
      conclusion: null,
    });
    expect(requestValidator('experiments_create')(body)).toBe(true);
  });

  test("a metric source's properties: null", async () => {
    const sent = captureBody('post', '/experiments/', responseExample('experiments_create'));
    await client().experiments.create({
      name: 'Checkout button copy',
      feature_flag_key: 'checkout-button-copy',
      metrics: [meanMetric],
    });
    const body = await sent;
    expect(body.metrics[0].source).toEqual({ kind: 'EventsNode', event: 'purchase', properties: null });
  });

  test('partial update: saved_metrics_ids: null and metrics: null', async () => {
    const sent = captureBody('patch', `/experiments/${ID}/`, responseExample('experiments_retrieve'));
    await client().experiments.partialUpdate(ID, { saved_metrics_ids: null, metrics: null });
    expect(await sent).toEqual({ saved_metrics_ids: null, metrics: null });
  });

  test('a field left out stays out (undefined is not null)', async () => {
    const sent = captureBody('patch', `/experiments/${ID}/`, responseExample('experiments_retrieve'));
    await client().experiments.partialUpdate(ID, { name: 'Renamed' });
    expect(await sent).toEqual({ name: 'Renamed' });
  });
});

test('JSON null on read stays null', async () => {
  const experiment = {
    ...responseExample('experiments_retrieve'),
    conclusion: null,
    start_date: null,
    metrics: null,
    metrics_secondary: null,
    holdout: null,
  };
  ph().get(`${PROJECT}/experiments/${ID}/`).reply(200, experiment);
  const read = await client().experiments.retrieve(ID);
  expect(read.conclusion).toBeNull();
  expect(read.start_date).toBeNull();
  expect(read.metrics).toBeNull();
  expect(read.metrics_secondary).toBeNull();
  expect(read.holdout).toBeNull();
});
