/** 2xx bodies that differ from the spec are returned as they arrived, with one redacted warning. */
import nock from 'nock';
import { LaunchDarklyExperiments, type Logger, type LogLevel } from '../../src';
import { specExample } from '../helpers/spec';
import { useNock } from '../helpers/nock';
import { ITERATION } from './fixtures';

const BASE = 'https://app.launchdarkly.com';
const KEY = 'api-SECRET-7f3a9c1e5b';
const ENV = '/api/v2/projects/proj/environments/prod';
const experiment = () => structuredClone(specExample('ExperimentCollection').items[0]);

function recorder() {
  const warnings: Array<{ message: string; data?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, data) => void warnings.push({ message, data }),
    error: () => undefined,
  };
  return { warnings, logger };
}
const client = (logger?: Logger, logLevel?: LogLevel) =>
  new LaunchDarklyExperiments({ apiKey: KEY, projectKey: 'proj', environmentKey: 'prod', logger, logLevel });

useNock();

describe('tolerant reading', () => {
  it('a 201 without the required _links (which the generated model cannot convert) is returned, with one warning', async () => {
    const body = experiment();
    delete body._links;
    nock(BASE).post(`${ENV}/experiments`).reply(201, body);
    const { warnings, logger } = recorder();
    const created = await client(logger).createExperiment({
      experiment: {
        key: body.key,
        name: body.name,
        iteration: ITERATION,
      },
    });
    expect(created.key).toBe(body.key);
    expect(created._links).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/^createExperiment: the 201 response differs .*_links: missing/);
    expect(warnings[0].data).toMatchObject({ operation: 'createExperiment', status: 201, fields: ['_links: missing'] });
  });

  it('nulls and wrong scalar types come through as sent, named in one warning; open enums take new values', async () => {
    const body = experiment();
    body.name = null;
    body.currentIteration.status = 'paused-by-a-newer-server';
    body._creationDate = 'yesterday';
    nock(BASE).get(`${ENV}/experiments/e`).reply(200, body);
    const { warnings, logger } = recorder();
    const read = await client(logger).getExperiment({ experimentKey: 'e' });
    expect(read.name).toBeNull();
    expect(read.currentIteration?.status).toBe('paused-by-a-newer-server');
    expect(read._creationDate).toBe('yesterday');
    expect(warnings).toHaveLength(1);
    // `status` is an open enum (x-extensible-enum): new values are expected, not deviations.
    expect(warnings[0].data?.fields).toEqual(['name: null', '_creationDate: expected an integer, got a string']);
  });

  it('the warning is redacted', async () => {
    const body = experiment();
    // `effect` is a closed enum, so its unexpected value is quoted in the warning.
    body._access = { denied: [{ action: 'read', reason: { effect: `leak ${KEY}` } }], allowed: [] };
    nock(BASE).get(`${ENV}/experiments/e`).reply(200, body);
    const { warnings, logger } = recorder();
    await client(logger).getExperiment({ experimentKey: 'e' });
    expect(JSON.stringify(warnings)).not.toContain(KEY);
    expect(JSON.stringify(warnings)).toContain('[REDACTED]');
  });

  it('a conforming body gives no warning; without a logger (or below warn) nothing is checked', async () => {
    const { warnings, logger } = recorder();
    nock(BASE).get(`${ENV}/experiments/e`).times(3).reply(200, experiment());
    await client(logger).getExperiment({ experimentKey: 'e' });
    await client(logger, 'error').getExperiment({ experimentKey: 'e' });
    await client().getExperiment({ experimentKey: 'e' });
    expect(warnings).toEqual([]);
    const broken = experiment();
    delete broken._links;
    nock(BASE).get(`${ENV}/experiments/e`).reply(200, broken);
    await client(logger, 'error').getExperiment({ experimentKey: 'e' });
    expect(warnings).toEqual([]);
  });

  it('a list page without items reads as an empty page instead of throwing', async () => {
    nock(BASE).get(`${ENV}/experiments`).query(true).reply(200, { total_count: 'many' });
    const items = [];
    for await (const item of client().getExperiments()) items.push(item);
    expect(items).toEqual([]);
  });
});
