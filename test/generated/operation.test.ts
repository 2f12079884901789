/**
 * BaseAPI.operation (templates/typescript-fetch/runtime.mustache) sends what the stock per-operation code sent,
 * for every parameter and auth kind the compact descriptors of apis.mustache can name, including the ones our
 * spec does not use today (so a spec change cannot reach untested code).
 */
import { BaseAPI, Configuration, RequiredError, type ConfigurationParameters, type HTTPMethod } from '../../generated/runtime';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

class Probe extends BaseAPI {
  send(...args: Parameters<BaseAPI['operation']>) {
    return this.operation(...args);
  }
}

function probe(parameters: ConfigurationParameters = {}): { api: Probe; sent: Sent[] } {
  const sent: Sent[] = [];
  const api = new Probe(
    new Configuration({
      basePath: 'https://api.test',
      fetchApi: (url, init) => {
        sent.push({ url, method: init.method!, headers: init.headers as Record<string, string>, body: init.body });
        return Promise.resolve(
          new Response(init.method === 'DELETE' ? null : '{"ok":true}', { status: init.method === 'DELETE' ? 204 : 200 }),
        );
      },
      ...parameters,
    }),
  );
  return { api, sent };
}

const send = (api: Probe, method: HTTPMethod, params: Record<string, string>, values: object, auth: string[] = [], json = true, ...rest: [string?, ((v: any) => any)?]) =>
  api.send(method, '/things/{thing_id}/parts/{part}', params, values, undefined, auth, json, ...rest);

describe('BaseAPI.operation', () => {
  it('fills and percent-encodes path parameters by their wire name, and builds the query', async () => {
    const { api, sent } = probe();
    const response = await send(
      api,
      'GET',
      { thingId: 'p!:thing_id', part: 'p!:part', tags: 'q:tags:csv', ids: 'q:id:multi', piped: 'q:piped:pipes', limit: 'q:limit', skip: 'q:skip' },
      { thingId: 'a b/c', part: 7, tags: ['x', 'y'], ids: [1, 2], piped: new Set(['p', 'q']), limit: 0, skip: undefined },
    );
    expect(sent[0].url).toBe('https://api.test/things/a%20b%2Fc/parts/7?tags=x%2Cy&id=1&id=2&piped=p%7Cq&limit=0');
    expect(await response.value()).toEqual({ ok: true });
  });

  it('sends header parameters as strings (arrays joined) and skips absent ones', async () => {
    const { api, sent } = probe();
    await send(api, 'GET', { thingId: 'p!:thing_id', part: 'p!:part', version: 'h:X-Version', list: 'h:X-List:csv', none: 'h:X-None' }, { thingId: 1, part: 2, version: 3, list: ['a', 'b'] });
    expect(sent[0].headers).toEqual({ 'X-Version': '3', 'X-List': 'a,b' });
  });

  it('serialises the body through its ToJSON under the operation content type', async () => {
    const { api, sent } = probe();
    await send(api, 'PATCH', { thingId: 'p!:thing_id', part: 'p!:part', patch: 'b!' }, { thingId: 1, part: 2, patch: { a: 1, dropped: 2 } }, [], true, 'application/merge-patch+json', (v: any) => ({ a: v.a }));
    expect(sent[0].headers['Content-Type']).toBe('application/merge-patch+json');
    expect(sent[0].body).toBe('{"a":1}');
  });

  it('throws the stock RequiredError before sending, with null allowed only for a nullable required body', async () => {
    const { api, sent } = probe();
    const params = { thingId: 'p!:thing_id', part: 'p!:part' };
    await expect(send(api, 'GET', params, { thingId: 1, part: null })).rejects.toThrow(
      new RequiredError('part', 'Required parameter "part" was null or undefined when calling GET /things/{thing_id}/parts/{part}.'),
    );
    await expect(send(api, 'POST', { ...params, body: 'b!' }, { thingId: 1, part: 2 })).rejects.toBeInstanceOf(RequiredError);
    await expect(send(api, 'POST', { ...params, body: 'b!~' }, { thingId: 1, part: 2 })).rejects.toThrow(
      'Required parameter "body" was undefined when calling POST /things/{thing_id}/parts/{part}.',
    );
    expect(sent).toHaveLength(0);
    await send(api, 'POST', { ...params, body: 'b!~' }, { thingId: 1, part: 2, body: null }, [], true, 'application/json');
    expect(sent[0].body).toBe('null');
  });

  it('applies each auth method in order: API key in a header or the query, bearer with scopes, basic, oauth', async () => {
    const scopes: unknown[] = [];
    const { api, sent } = probe({
      apiKey: (name) => `key-for-${name}`,
      accessToken: (name, given) => {
        scopes.push([name, given]);
        return name === 'empty' ? '' : `tok-${name}`;
      },
      username: 'u',
      password: 'p',
    });
    const path = { thingId: 'p!:thing_id', part: 'p!:part' };
    await send(api, 'GET', path, { thingId: 1, part: 2 }, ['h:X-Key', 'q:api_key']);
    expect(sent[0].headers['X-Key']).toBe('key-for-X-Key');
    expect(sent[0].url).toContain('?api_key=key-for-api_key');
    await send(api, 'GET', path, { thingId: 1, part: 2 }, ['b:Personal:read write']);
    expect(sent[1].headers.Authorization).toBe('Bearer tok-Personal');
    expect(scopes).toEqual([['Personal', ['read', 'write']]]);
    await send(api, 'GET', path, { thingId: 1, part: 2 }, ['basic']);
    expect(sent[2].headers.Authorization).toBe(`Basic ${btoa('u:p')}`);
    await send(api, 'GET', path, { thingId: 1, part: 2 }, ['o:o:']);
    expect(sent[3].headers.Authorization).toBe('tok-o');
    await send(api, 'GET', path, { thingId: 1, part: 2 }, ['b:empty:']);
    expect(sent[4].headers.Authorization).toBeUndefined();
  });

  it('sends no credentials the configuration lacks', async () => {
    const { api, sent } = probe();
    await send(api, 'GET', { thingId: 'p!:thing_id', part: 'p!:part' }, { thingId: 1, part: 2 }, ['h:X-Key', 'b:b:', 'basic']);
    expect(sent[0].headers).toEqual({});
  });

  it('answers a VoidApiResponse for an operation without a JSON body', async () => {
    const { api } = probe();
    const response = await send(api, 'DELETE', { thingId: 'p!:thing_id', part: 'p!:part' }, { thingId: 1, part: 2 }, [], false);
    expect(await response.value()).toBeUndefined();
  });
});
