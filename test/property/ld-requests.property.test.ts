/**
 * Query helpers and request building of the LaunchDarkly client, for any input: a ValidationError before
 * anything is sent, or exactly one well-formed request whose path segments decode back to the given keys
 * (nothing can add, drop or normalise a segment) and whose query parses back to the given values.
 */
import fc from 'fast-check';
import {
  EXPERIMENT_EXPAND,
  LaunchDarklyExperiments,
  LIFECYCLE_STATES,
  ITERATION_STATUSES,
  serializeFilter,
  type ExperimentFilter,
} from '../../src';
import { checkBaseUrl } from '../../src/core/base-url';
import { checkPathParam } from '../../src/core/path-params';
import { specExample } from '../helpers/spec';
import { anyValue, loneSurrogateString, nastyString, outcome, outcomeAsync, RUNS, tally } from './arbitraries';
import { recordingFetch } from './recording';

const BASE = 'https://app.launchdarkly.com';
const rec = recordingFetch((call) => ({
  body: new URL(call.url).pathname.endsWith('/experiments')
    ? { items: [], total_count: 0, _links: {} }
    : specExample('RunningExperiment'),
}));
const client = (baseUrl = BASE, allowInsecureHttp = false) =>
  new LaunchDarklyExperiments({
    apiKey: 'api-0123456789abcdef',
    baseUrl,
    allowInsecureHttp,
    fetch: rec.fetch,
    maxRetries: 0,
  });
const ld = client();

/** Values `String()` can convert (not null-prototype objects: see the checkedInteger bug below). */
const convertible = anyValue.filter((v) => {
  try {
    String(v);
    return true;
  } catch {
    return false;
  }
});

/** Keys: mostly strings full of URL/filter syntax, sometimes anything. */
const key = fc.oneof({ weight: 5, arbitrary: nastyString }, { weight: 1, arbitrary: anyValue });
const isValidKey = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v !== '.' && v !== '..';

/** Sends `call` and returns the single recorded request URL, or the ValidationError (then nothing was sent). */
async function sent(call: () => Promise<unknown>): Promise<{ url: URL } | { invalid: Error }> {
  rec.calls.length = 0;
  const r = await outcomeAsync(call);
  if ('invalid' in r) {
    expect(rec.calls).toHaveLength(0);
    return r;
  }
  expect(rec.calls).toHaveLength(1);
  const raw = rec.calls[0].url;
  // What a fetch implementation sends is the URL as the WHATWG parser normalises it: the path must survive
  // that unchanged (no dot segment resolved, nothing re-encoded). In the query it may percent-encode `'`, which
  // changes no value (the values are compared decoded).
  const url = new URL(raw);
  expect(url.origin + url.pathname).toBe(raw.split('?')[0]);
  return { url };
}

/** Path segments after the origin, percent-decoded. */
const segments = (url: URL) => url.pathname.split('/').slice(1).map(decodeURIComponent);

/** A list parameter: arrays of allowed values (with duplicates), sometimes with unknown values or not an array. */
const listOf = (allowed: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...allowed), { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...allowed), nastyString), { maxLength: 4 }) },
    { weight: 1, arbitrary: anyValue },
  );

describe('checkPathParam', () => {
  it('returns any non-blank string other than "." and ".." unchanged, and refuses everything else', () => {
    fc.assert(
      fc.property(key, (value) => {
        const r = outcome(() => checkPathParam('experimentKey', value));
        if (isValidKey(value)) expect(r).toEqual({ ok: value });
        else expect('invalid' in r && r.invalid.field).toBe('experimentKey');
      }),
      RUNS,
    );
  });
});

describe('path parameters through the client', () => {
  it('getExperiment: the three keys come back as exactly three decoded segments, or ValidationError', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(key, key, key, async (projectKey, environmentKey, experimentKey) => {
        const r = await sent(() =>
          ld.getExperiment({ projectKey, environmentKey, experimentKey } as {
            projectKey: string;
            environmentKey: string;
            experimentKey: string;
          }),
        );
        if ('invalid' in r) {
          t.invalid();
          return expect([projectKey, environmentKey, experimentKey].every(isValidKey)).toBe(false);
        }
        t.ok();
        expect(r.url.origin).toBe(BASE);
        expect(segments(r.url)).toEqual([
          'api',
          'v2',
          'projects',
          projectKey,
          'environments',
          environmentKey,
          'experiments',
          experimentKey,
        ]);
        expect(r.url.search).toBe('');
        expect(r.url.hash).toBe('');
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('legacy results: flag and metric keys stay in their segments; from/to are whole numbers ≥ 0 with from ≤ to', async () => {
    const t = tally();
    const epoch = fc.oneof(
      { weight: 3, arbitrary: fc.option(fc.integer({ min: 0, max: 2 ** 42 }), { nil: undefined }) },
      { weight: 1, arbitrary: convertible },
    );
    await fc.assert(
      fc.asyncProperty(key, key, epoch, epoch, async (featureFlagKey, metricKey, from, to) => {
        const r = await sent(() =>
          ld.getLegacyExperimentResults({
            projectKey: 'default',
            environmentKey: 'production',
            featureFlagKey,
            metricKey,
            from,
            to,
          } as never),
        );
        const whole = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);
        const valid =
          isValidKey(featureFlagKey) &&
          isValidKey(metricKey) &&
          whole(from) &&
          whole(to) &&
          !(from !== undefined && to !== undefined && (from as number) > (to as number));
        if ('invalid' in r) {
          t.invalid();
          return expect(valid).toBe(false);
        }
        t.ok();
        expect(valid).toBe(true);
        expect(segments(r.url)).toEqual([
          'api',
          'v2',
          'flags',
          'default',
          featureFlagKey,
          'experiments',
          'production',
          metricKey,
        ]);
        const query = Object.fromEntries(r.url.searchParams);
        expect(query).toEqual({
          ...(from !== undefined ? { from: String(from as number) } : {}),
          ...(to !== undefined ? { to: String(to as number) } : {}),
        });
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('getExperiment expand: allowed values, de-duplicated in order, or ValidationError', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(fc.option(listOf(EXPERIMENT_EXPAND), { nil: undefined }), async (expand) => {
        const r = await sent(() =>
          ld.getExperiment({ projectKey: 'p', environmentKey: 'e', experimentKey: 'x', expand } as never),
        );
        const valid =
          expand === undefined ||
          (Array.isArray(expand) && expand.every((v) => (EXPERIMENT_EXPAND as readonly unknown[]).includes(v)));
        if ('invalid' in r) {
          t.invalid();
          return expect(valid).toBe(false);
        }
        t.ok();
        expect(valid).toBe(true);
        const given = r.url.searchParams.get('expand');
        if (expand === undefined) expect(given).toBeNull();
        else expect((given ?? '').split(',').filter(Boolean)).toEqual([...new Set(expand as string[])]);
      }),
      RUNS,
    );
    t.expectBoth();
  });

  // Regression test for a fixed bug (src/core/path-params.ts `checkPathParam`, and every other string that ends up in a URL): a string
  // with an unpaired UTF-16 surrogate passes the checks, then the generated code's encodeURIComponent throws
  // `URIError: URI malformed` (not a ValidationError). Expected: ValidationError naming the field, e.g.
  // refuse strings for which /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/ matches
  // (String.prototype.isWellFormed).
  it('a key with a lone surrogate is refused with ValidationError', async () => {
    await fc.assert(
      fc.asyncProperty(loneSurrogateString, async (experimentKey) => {
        await sent(() => ld.getExperiment({ projectKey: 'p', environmentKey: 'e', experimentKey }));
      }),
      { numRuns: 20 },
    );
  });
});

describe('list queries', () => {
  const filterValue = fc.oneof(
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.constantFrom(...ITERATION_STATUSES) },
    { weight: 1, arbitrary: anyValue },
  );
  const filter = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ flagKey: filterValue, metricKey: filterValue, status: filterValue }, { requiredKeys: [] }),
    },
    { weight: 1, arbitrary: fc.dictionary(nastyString, filterValue, { maxKeys: 2 }) },
    { weight: 1, arbitrary: anyValue },
  );

  it('serializeFilter: undefined, a `field:value` list that splits back to the given terms, or ValidationError', () => {
    const t = tally();
    fc.assert(
      fc.property(filter, (f) => {
        const r = outcome(() => serializeFilter(f as ExperimentFilter));
        if ('invalid' in r) return t.invalid();
        t.ok();
        if (r.ok === undefined) {
          return expect(f === undefined || Object.values(f as object).every((v) => v === undefined)).toBe(true);
        }
        const terms = Object.entries(f as object).filter(([, v]) => v !== undefined);
        const parsed = r.ok.split(',').map((term) => {
          const at = term.indexOf(':');
          return [term.slice(0, at), term.slice(at + 1)];
        });
        expect(parsed).toEqual(terms);
        for (const [name, value] of parsed) {
          expect(['flagKey', 'metricKey', 'status']).toContain(name);
          expect(value.trim()).not.toBe('');
          expect(value).not.toMatch(/[,:]/);
          if (name === 'status') expect(ITERATION_STATUSES).toContain(value);
        }
        // The spec's pattern for the parameter.
        expect(r.ok).toMatch(/^(?:(?:flagKey|metricKey|status):[^,:]+)(?:,(?:flagKey|metricKey|status):[^,:]+)*$/);
      }),
      RUNS,
    );
    t.expectBoth();
  });

  it('getExperiments: limit, offset, filter, expand and lifecycleState parse back from the query', async () => {
    const t = tally();
    const integer = fc.oneof(
      { weight: 3, arbitrary: fc.option(fc.integer({ min: -2, max: 10_000 }), { nil: undefined }) },
      { weight: 1, arbitrary: convertible },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            limit: integer,
            offset: integer,
            filter,
            expand: listOf(EXPERIMENT_EXPAND),
            lifecycleState: listOf(LIFECYCLE_STATES),
          },
          { requiredKeys: [] },
        ),
        async (params) => {
          const r = await sent(async () => {
            await ld.getExperiments({ projectKey: 'p', environmentKey: 'e', ...(params as object) });
          });
          if ('invalid' in r) return t.invalid();
          t.ok();
          const q = r.url.searchParams;
          expect(segments(r.url)).toEqual(['api', 'v2', 'projects', 'p', 'environments', 'e', 'experiments']);
          expect(q.get('limit')).toBe(String((params.limit as number | undefined) ?? 20));
          expect(q.get('offset')).toBe(String((params.offset as number | undefined) ?? 0));
          expect(q.get('filter')).toBe(serializeFilter(params.filter as ExperimentFilter) ?? null);
          for (const name of ['expand', 'lifecycleState'] as const) {
            const given = params[name] as string[] | undefined;
            if (given === undefined) expect(q.get(name)).toBeNull();
            else expect((q.get(name) ?? '').split(',').filter(Boolean)).toEqual([...new Set(given)]);
          }
          expect([...new Set(q.keys())].sort()).toEqual(
            ['limit', 'offset', 'filter', 'expand', 'lifecycleState'].filter((k) => q.has(k)).sort(),
          );
        },
      ),
      RUNS,
    );
    t.expectBoth();
  });
});

describe('numbers that cannot be converted to text', () => {
  // Regression test for a fixed bug (src/launchdarkly/query.ts:102, `checkedInteger`): the error message is built with `String(value)`,
  // which throws `TypeError: Cannot convert object to primitive value` for objects without a prototype
  // (`Object.create(null)`, what `querystring.parse` returns), so `getExperiments({ limit: Object.create(null) })`
  // rejects with a TypeError and `getLegacyExperimentResults({ from: Object.create(null), ... })` throws one,
  // instead of ValidationError. Expected: ValidationError (e.g. describe the value with a safe formatter).
  it('limit/offset/from/to given a null-prototype object are refused with ValidationError', async () => {
    const weird = Object.create(null) as number;
    await expect(
      outcomeAsync(async () => {
        await ld.getExperiments({ projectKey: 'p', environmentKey: 'e', limit: weird });
      }),
    ).resolves.toHaveProperty('invalid');
  });
});

describe('checkBaseUrl', () => {
  const urlish = fc.oneof(
    { weight: 2, arbitrary: fc.webUrl() },
    { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom('http', 'https', 'ftp', 'javascript', 'HTTP', 'file'),
          fc.constantFrom(
            'localhost',
            '127.0.0.1',
            '127.1.2.3',
            '[::1]',
            'example.com',
            'localhost.example.com',
            '127.0.0.1.example.com',
            '0x7f.1',
            '[::ffff:127.0.0.1]',
            'user:pw@example.com',
            '10.0.0.1',
          ),
          fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          fc.string({ unit: fc.constantFrom('/', 'a', '.', '..', '%2e', '?', '#', '%', 'é') }),
        )
        .map(([scheme, host, port, path]) => `${scheme}://${host}${port ? `:${port}` : ''}${path}`),
    },
    { weight: 1, arbitrary: nastyString },
    { weight: 1, arbitrary: anyValue },
  );
  const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

  it('returns an http(s) origin + path without trailing slash, credentials, query or fragment; plain http only to loopback unless allowed', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(urlish, fc.boolean(), async (value, allowInsecureHttp) => {
        const r = outcome(() => checkBaseUrl(value as string, { allowInsecureHttp }));
        if ('invalid' in r) return t.invalid();
        t.ok();
        const url = new URL(r.ok);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.username + url.password + url.search + url.hash).toBe('');
        expect(r.ok.endsWith('/')).toBe(false);
        if (url.protocol === 'http:' && !allowInsecureHttp) expect(url.hostname).toMatch(LOOPBACK);
        // Requests of a client with this base URL go under it and nowhere else.
        const s = await sent(() => client(r.ok, allowInsecureHttp).getExperimentationSettings({ projectKey: 'p' }));
        if ('invalid' in s) throw s.invalid;
        expect(s.url.origin).toBe(url.origin);
        expect(s.url.pathname).toBe(`${url.pathname.replace(/\/+$/, '')}/api/v2/projects/p/experimentation-settings`);
      }),
      RUNS,
    );
    t.expectBoth();
  });
});
