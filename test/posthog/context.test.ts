import nock from 'nock';
import { ValidationError } from '../../src';
import { resolveHost } from '../../src/posthog/context';
import { BASE, client, failure, KEY, ph, PROJECT, responseExample, useNock } from './helpers';

useNock();

const LIST = `${PROJECT}/experiments/`;
const item = responseExample('experiments_list').results[0];
const page = (ids: number[], next: string | null, previous: string | null = null) => ({
  count: 5,
  next,
  previous,
  results: ids.map((id) => ({ ...item, id })),
});

describe('pagination follows next links only on the configured origin', () => {
  it('follows a same-origin next over 3 pages, keeping the filters the server put in the link', async () => {
    ph()
      .get(LIST)
      .query({ limit: '2', status: 'running', order: 'name' })
      .reply(200, page([1, 2], `${BASE}${LIST}?limit=2&offset=2&order=name&status=running`));
    ph()
      .get(LIST)
      .query({ limit: '2', offset: '2', status: 'running', order: 'name' })
      .reply(200, page([3, 4], `${BASE}${LIST}?limit=2&offset=4&order=name&status=running`));
    ph()
      .get(LIST)
      .query({ limit: '2', offset: '4', status: 'running', order: 'name' })
      .reply(200, page([5], null));
    const ids: number[] = [];
    for await (const e of client().experiments.list({ limit: 2, status: 'running', order: 'name' })) ids.push(e.id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('awaiting the list gives the first page only', async () => {
    ph()
      .get(LIST)
      .reply(200, page([1, 2], `${BASE}${LIST}?offset=2`));
    const first = await client().experiments.list();
    expect(first.results.map((e) => e.id)).toEqual([1, 2]);
    expect(first.next).toBe(`${BASE}${LIST}?offset=2`);
  });

  it('never follows a cross-origin next: the other host is not called and never sees the key', async () => {
    const evil = nock('https://evil.example.com')
      .get(/.*/)
      .reply(200, page([99], null));
    ph()
      .get(LIST)
      .reply(200, page([1, 2], `https://evil.example.com${LIST}?offset=2`));
    const ids: number[] = [];
    const error = await failure(async () => {
      for await (const e of client().experiments.list()) ids.push(e.id);
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('next');
    expect(error.message).toContain('https://evil.example.com');
    expect(error.message).not.toContain(KEY);
    expect(ids).toEqual([1, 2]);
    expect(evil.isDone()).toBe(false);
    nock.cleanAll();
  });

  it.each([
    ['another scheme', 'http://us.posthog.com', `http://us.posthog.com${LIST}?offset=2`],
    ['another port', 'https://us.posthog.com:8443', `https://us.posthog.com:8443${LIST}?offset=2`],
    ['another region', 'https://eu.posthog.com', `https://eu.posthog.com${LIST}?offset=2`],
    ['a protocol-relative link', 'https://evil.example.com', `//evil.example.com${LIST}?offset=2`],
  ])('refuses %s', async (_name, origin, next) => {
    const other = nock(origin)
      .get(/.*/)
      .reply(200, page([99], null));
    ph()
      .get(`${PROJECT}/experiment_holdouts/`)
      .reply(200, { ...responseExample('experiment_holdouts_list'), next });
    const error = await failure(() => client().holdouts.list().toArray({ max: 100 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('next');
    expect(other.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('resolves a relative next against the configured host, path prefix included', async () => {
    const host = 'https://ph.example.com';
    const metric = responseExample('experiment_saved_metrics_list').results[0];
    ph({}, host)
      .get(`/posthog${PROJECT}/experiment_saved_metrics/`)
      .query({ search: 'checkout' })
      .reply(200, {
        count: 2,
        next: `/posthog${PROJECT}/experiment_saved_metrics/?offset=1&search=checkout`,
        previous: null,
        results: [metric],
      });
    ph({}, host)
      .get(`/posthog${PROJECT}/experiment_saved_metrics/`)
      .query({ offset: '1', search: 'checkout' })
      .reply(200, { count: 2, next: null, previous: null, results: [{ ...metric, id: 32 }] });
    const ids: number[] = [];
    for await (const m of client({ host: `${host}/posthog` }).savedMetrics.list({ search: 'checkout' })) ids.push(m.id);
    expect(ids).toEqual([31, 32]);
  });

  it('stops on a next link pointing at the page just fetched', async () => {
    const self = `${BASE}${LIST}?offset=2`;
    ph()
      .get(LIST)
      .reply(200, page([1], self));
    ph()
      .get(LIST)
      .query({ offset: '2' })
      .reply(200, page([2], self));
    const all = await client().experiments.list().toArray({ max: 10 });
    expect(all.map((e) => e.id)).toEqual([1, 2]);
  });

  it('a page fetched from a next link that is not JSON is a ResponseParseError', async () => {
    ph()
      .get(LIST)
      .reply(200, page([1], `${BASE}${LIST}?offset=1`));
    ph().get(LIST).query({ offset: '1' }).reply(200, '<html>', { 'Content-Type': 'text/html' });
    const error = await failure(() => client().experiments.list().toArray({ max: 10 }));
    expect(error.name).toBe('ResponseParseError');
    expect(error.path).toBe(`${LIST}?offset=1`);
  });
});

describe('resolveHost', () => {
  it('maps regions and trims self-hosted URLs', () => {
    expect(resolveHost(undefined)).toBe('https://us.posthog.com');
    expect(resolveHost('eu')).toBe('https://eu.posthog.com');
    expect(resolveHost('https://posthog.example.com/base/')).toBe('https://posthog.example.com/base');
  });

  it('names the host option in its errors', () => {
    expect(() => resolveHost('not a url')).toThrow(/^host is not a valid URL/);
    expect(() => resolveHost('https://eu.i.posthog.com')).toThrow('ingestion host');
  });
});
