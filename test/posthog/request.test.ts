/** `posthog.request()`: endpoints the client does not model, through the same transport. */
import { ValidationError } from '../../src';
import { BASE, client, KEY, ph, PROJECT_ID } from './helpers';
import { useNock } from '../helpers/nock';

useNock();

describe('request', () => {
  it('sends Bearer auth and fills project_id from the client', async () => {
    ph()
      .get(`/api/projects/${PROJECT_ID}/feature_flags/101/`)
      .reply(200, { id: 101, key: 'checkout-flow' }, { 'X-Request-Id': 'r' });
    const { data, requestId, response } = await client()
      .request<{ key: string }>({
        method: 'GET',
        path: '/api/projects/{project_id}/feature_flags/{id}/',
        params: { id: 101 },
      })
      .withResponse();
    expect(data.key).toBe('checkout-flow');
    expect(requestId).toBe('r');
    expect(response.url).toBe(`${BASE}/api/projects/${PROJECT_ID}/feature_flags/101/`);
  });

  it('does not retry POST on a 5xx; the key never appears in the error', async () => {
    ph()
      .post(`/api/projects/${PROJECT_ID}/feature_flags/`)
      .once()
      .reply(500, { detail: `oops ${KEY}` });
    const error = await client({ maxRetries: 2 })
      .request({ method: 'POST', path: '/api/projects/{projectId}/feature_flags/', body: { key: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServerError', status: 500 });
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('refuses a path that leaves the host', async () => {
    const error = await client()
      .request({ method: 'GET', path: '//us.posthog.com.evil.example/' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
  });
});
