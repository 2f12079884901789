/** `.withResponse()` on PostHog calls, single and paginated. */
import { BASE, client, ph, PROJECT, responseExample } from './helpers';
import { useNock } from '../helpers/nock';

useNock();

describe('withResponse', () => {
  it('retrieve gives the experiment with its status, headers and X-Request-Id', async () => {
    ph()
      .get(`${PROJECT}/experiments/7/`)
      .reply(200, { ...responseExample('experiments_retrieve'), id: 7 }, { 'X-Request-Id': 'ph-1', 'X-Custom': 'v' });
    const { data, response, requestId } = await client().experiments.retrieve(7).withResponse();
    expect(data.id).toBe(7);
    expect(response).toMatchObject({ status: 200, url: `${BASE}${PROJECT}/experiments/7/` });
    expect(response.headers['x-custom']).toBe('v');
    expect(requestId).toBe('ph-1');
  });

  it('lifecycle actions and deletes have responses', async () => {
    ph().post(`${PROJECT}/experiments/7/launch/`).reply(200, responseExample('experiments_retrieve'));
    expect((await client().experiments.launch(7).withResponse()).response.status).toBe(200);
    ph().delete(`${PROJECT}/experiment_holdouts/3/`).reply(204);
    const deleted = await client().holdouts.delete(3).withResponse();
    expect(deleted.data).toBeUndefined();
    expect(deleted.response.status).toBe(204);
  });

  it('list: first page with its response, then every page (following next links) with its own', async () => {
    const item = responseExample('experiments_list').results[0];
    const next = `${BASE}${PROJECT}/experiments/?limit=1&offset=1`;
    ph()
      .get(`${PROJECT}/experiments/`)
      .reply(200, { count: 2, next, previous: null, results: [{ ...item, id: 1 }] }, { 'X-Request-Id': 'a' });
    const list = client().experiments.list();
    const first = await list.withResponse();
    expect(first.data.results.map((e) => e.id)).toEqual([1]);
    expect(first.requestId).toBe('a');

    ph()
      .get(`${PROJECT}/experiments/`)
      .reply(200, { count: 2, next, previous: null, results: [{ ...item, id: 1 }] }, { 'X-Request-Id': 'a' })
      .get(`${PROJECT}/experiments/`)
      .query({ limit: '1', offset: '1' })
      .reply(200, { count: 2, next: null, previous: null, results: [{ ...item, id: 2 }] }, { 'X-Request-Id': 'b' });
    const pages: string[] = [];
    for await (const page of client().experiments.list().pagesWithResponse()) {
      pages.push(`${page.data.results.map((e) => e.id).join()}:${page.requestId}:${page.response.status}`);
    }
    expect(pages).toEqual(['1:a:200', '2:b:200']);
  });

  it('offset-paged lists (eligible flags) report responses per page', async () => {
    const flag = responseExample('experiments_eligible_feature_flags').results[0];
    ph()
      .get(`${PROJECT}/experiments/eligible_feature_flags/`)
      .query(true)
      .reply(200, { count: 1, results: [flag] }, { 'X-Request-Id': 'f1' });
    const pages = [];
    for await (const page of client().experiments.eligibleFeatureFlags().pagesWithResponse()) pages.push(page);
    expect(pages.map((p) => p.requestId)).toEqual(['f1']);
  });
});
