// The one smoke program every runtime of scripts/runtime-matrix.sh runs: the packed package with default
// options (no `fetch`, so each runtime's own transport choice is exercised) against the package's emulator.
// It uses only web-platform APIs (fetch, URL), so Workers and edge runtimes can run it as it is.
// Returns the names of the checks that passed; throws on the first that fails.
import { LaunchDarklyExperiments, NotFoundError, PostHogExperiments } from 'experiments-api';

/** Runs every check against the emulator at `base` (e.g. http://127.0.0.1:4010). */
export async function smoke(base) {
  const passed = [];
  const check = async (name, fn) => {
    try {
      await fn();
    } catch (error) {
      const detail = error && error.stack ? error.stack : String(error);
      throw new Error(`check "${name}" failed: ${error && error.name}: ${error && error.message}\n${detail}`, {
        cause: error,
      });
    }
    passed.push(name);
  };
  const control = async (method, path, body) => {
    const response = await fetch(`${base}/__emulator${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  };
  const assert = (condition, message) => {
    if (!condition) throw new Error(message);
  };

  await control('POST', '/reset');
  const { launchdarkly: K, posthog: P } = await control('GET', '/fixtures');
  const ld = new LaunchDarklyExperiments({
    apiKey: K.apiKey,
    baseUrl: base,
    projectKey: K.projectKey,
    environmentKey: K.environments.production,
  });
  const key = 'runtime-smoke';

  await check('LaunchDarkly create', async () => {
    const created = await ld.createExperiment({
      experiment: {
        key,
        name: 'Runtime smoke',
        iteration: {
          hypothesis: 'The SDK runs here',
          metrics: [{ key: K.metrics.conversion }],
          primarySingleMetricKey: K.metrics.conversion,
          treatments: [
            {
              name: 'Control',
              baseline: true,
              allocationPercent: '50',
              parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
            },
            {
              name: 'Above the fold',
              baseline: false,
              allocationPercent: '50',
              parameters: [{ flagKey: K.flags.on, variationId: K.variations.aboveTheFold }],
            },
          ],
          flags: { [K.flags.on]: { ruleId: 'fallthrough', flagConfigVersion: 12 } },
          randomizationUnit: 'user',
        },
      },
    });
    assert(created.key === key, `created ${created.key}`);
  });

  await check('LaunchDarkly get', async () => {
    const got = await ld.getExperiment({ experimentKey: key });
    assert(got.key === key && got.name === 'Runtime smoke', `got ${got.key}`);
    // The generated models turn epoch-ms dates into Date objects only where the spec says so; a number here.
    assert(got._creationDate !== undefined, 'no _creationDate');
  });

  await check('LaunchDarkly for await over a list', async () => {
    const keys = [];
    for await (const experiment of ld.getExperiments()) keys.push(experiment.key);
    assert(keys.length === 1 && keys[0] === key, `listed ${JSON.stringify(keys)}`);
  });

  await check('LaunchDarkly missing key is NotFoundError', async () => {
    const error = await ld.getExperiment({ experimentKey: 'does-not-exist' }).then(
      () => undefined,
      (e) => e,
    );
    assert(error instanceof NotFoundError && error.status === 404, `got ${error && error.name}`);
  });

  await check('LaunchDarkly 503 answered once is retried', async () => {
    await control('DELETE', '/requests');
    const path = `/api/v2/projects/${K.projectKey}/environments/${K.environments.production}/experiments/${key}`;
    await control('POST', '/faults', { kind: 'status', status: 503, method: 'GET', path, times: 1 });
    const got = await ld.getExperiment({ experimentKey: key });
    assert(got.key === key, `got ${got.key}`);
    const { requests } = await control('GET', '/requests');
    const gets = requests.filter((r) => r.method === 'GET' && r.path === path);
    assert(gets.length === 2, `the server saw ${gets.length} GETs, expected 2 (503, then 200)`);
  });

  await check('PostHog list', async () => {
    const ph = new PostHogExperiments({ apiKey: P.apiKey, projectId: P.projectId, host: base });
    const names = [];
    for await (const experiment of ph.experiments.list()) names.push(experiment.name);
    const page = await ph.experiments.list();
    assert(Array.isArray(page.results) && page.results.length === names.length, `listed ${names.length}`);
  });

  return passed;
}
