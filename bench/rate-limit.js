'use strict';
/**
 * Rate-limited throughput: `--calls` getExperiment calls against the emulator's rate-limit mode (fixed
 * windows of `--budget` requests per `--window` ms, LaunchDarkly headers: X-Ratelimit-Route-Remaining and
 * X-Ratelimit-Reset in epoch ms). The emulator runs in its own process (the built CLI).
 *
 * Ideal time: starting at a window boundary, the last call cannot be served before window
 * ceil(calls/budget) − 1 opens, and that window's calls then take as long as they take unthrottled:
 *   ideal = (ceil(calls / budget) − 1) × window + unthrottled time of the last window's calls
 * where the unthrottled time is measured in the same run, with the same client and concurrency.
 *
 * Runs our client (default options: maxRetries 2) and the official client (no retries), sequentially and at
 * concurrency `--conc`, and reports total time / ideal, 429 answers (from the emulator's request log) and
 * failed calls.
 *
 *   node bench/rate-limit.js [--calls=1000] [--budget=250] [--window=1000] [--conc=8] [--json]
 */
const { join } = require('node:path');
const {
  API_KEY,
  ROOT,
  arg,
  emitResult,
  loadDist,
  loadEmulator,
  round,
  runConcurrent,
  startChildServer,
  wantsJson,
} = require('./lib/common');

const CALLS = arg('calls', 1000);
const BUDGET = arg('budget', 250);
const WINDOW = arg('window', 1000);
const CONC = arg('conc', 8);
const PROJECT = 'default';
const ENV = 'production';
const KEY = 'rate-limit-bench';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const { LaunchDarklyExperiments } = loadDist();
  const { sampleExperimentPost } = loadEmulator();
  const official = require('launchdarkly-api-typescript');
  const emu = await startChildServer(join(ROOT, 'dist', 'emulator', 'cli.js'), ['--port', '0']);
  const control = async (method, path, body) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.status === 204 ? undefined : res.json();
  };
  try {
    const created = await fetch(`${emu.url}/api/v2/projects/${PROJECT}/environments/${ENV}/experiments`, {
      method: 'POST',
      headers: { Authorization: API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(sampleExperimentPost(KEY)),
    });
    if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${await created.text()}`);

    const clients = {
      ours: () => {
        const stats = { retries: 0 };
        const ld = new LaunchDarklyExperiments({
          apiKey: API_KEY,
          baseUrl: emu.url,
          projectKey: PROJECT,
          environmentKey: ENV,
          onRetry: () => (stats.retries += 1),
        });
        return { stats, call: () => ld.getExperiment({ experimentKey: KEY }) };
      },
      official: () => {
        const api = new official.ExperimentsApi(new official.Configuration({ apiKey: API_KEY, basePath: emu.url }));
        return { stats: {}, call: () => api.getExperiment(PROJECT, ENV, KEY) };
      },
    };

    const runs = [];
    for (const concurrency of [1, CONC]) {
      for (const [name, make] of Object.entries(clients)) {
        // Baseline: the last window's share of calls, unthrottled, same client and concurrency.
        await control('PUT', '/rate-limit', null);
        const lastWindowCalls = CALLS - (Math.ceil(CALLS / BUDGET) - 1) * BUDGET;
        const warm = make();
        await runConcurrent(100, concurrency, warm.call);
        const unthrottledMs = await runConcurrent(lastWindowCalls, concurrency, warm.call);
        const idealMs = (Math.ceil(CALLS / BUDGET) - 1) * WINDOW + unthrottledMs;

        const client = make();
        await control('PUT', '/rate-limit', { budget: BUDGET, windowMs: WINDOW, family: 'route' });
        await control('DELETE', '/requests');
        // Start 2 ms into a fresh window, so every run sees the same window phase.
        await sleep(WINDOW - (Date.now() % WINDOW) + 2);
        const failures = {};
        let ok = 0;
        const elapsedMs = await runConcurrent(CALLS, concurrency, async () => {
          try {
            await client.call();
            ok += 1;
          } catch (error) {
            const label = error?.response?.status ? `HTTP ${error.response.status}` : (error?.name ?? 'Error');
            failures[label] = (failures[label] ?? 0) + 1;
          }
        });
        const { requests } = await control('GET', '/requests');
        const answered429 = requests.filter((r) => r.status === 429).length;
        runs.push({
          client: name,
          concurrency,
          elapsedMs: Math.round(elapsedMs),
          idealMs: Math.round(idealMs),
          ratioToIdeal: round(elapsedMs / idealMs, 3),
          succeeded: ok,
          failed: CALLS - ok,
          failures,
          requestsSent: requests.length,
          answered429,
          answered429Percent: round((answered429 / CALLS) * 100, 2),
          retries: client.stats.retries,
        });
      }
    }
    const result = {
      bench: 'rate-limit',
      config: { calls: CALLS, budget: BUDGET, windowMs: WINDOW, concurrency: CONC },
      runs,
    };
    if (wantsJson()) return emitResult(result);
    console.log(`rate limit: ${CALLS} getExperiment calls, budget ${BUDGET} per ${WINDOW} ms window`);
    console.table(runs.map(({ failures, ...run }) => ({ ...run, failures: JSON.stringify(failures) })));
  } finally {
    await emu.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
