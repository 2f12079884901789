'use strict';
/**
 * First call: time from process start to the first response, in a fresh Node process per run, against one
 * loopback keep-alive server (bench/servers/experiment-server.js, in its own process). Each program does the
 * same thing, `GET` one experiment and parse it, then reports `performance.now()` (ms since its process
 * started) when the parsed experiment is in hand, and which modules it loaded:
 *   - raw node:http     the baseline: `require('node:http').get`, JSON.parse
 *   - ours (require)    `require('experiments-api')`, default options, `getExperiment`
 *   - ours (import)     the same through `await import('experiments-api')`
 *   - ours, no undici   ours (require) with the global `FormData` replaced before loading the package, so the
 *                       generated runtime's `typeof FormData` check cannot make Node load undici (what a
 *                       generator template fix removes; shows what that check costs)
 *   - official client   `launchdarkly-api-typescript` (axios)
 * Runs are interleaved (one of each per round) so machine noise hits every program alike; medians and ratios
 * to raw node:http come from the same run.
 *
 *   node bench/cold-start.js [--runs=15] [--json]
 */
const { spawnSync } = require('node:child_process');
const { API_KEY, ROOT, arg, emitResult, median, round, startChildServer, wantsJson } = require('./lib/common');

const RUNS = arg('runs', 15);
const PROJECT = 'default';
const ENV = 'production';
const KEY = 'checkout-button';
const PATH = `/api/v2/projects/${PROJECT}/environments/${ENV}/experiments/${KEY}`;

// Ends every program: checks the body, reports the time and the builtins/undici loaded, exits at once (the
// keep-alive socket would otherwise hold the process open).
const report = `
const report = (experiment) => {
  if (experiment.key !== ${JSON.stringify(KEY)}) throw new Error('unexpected body');
  const ms = performance.now();
  const loaded = (id) => process.moduleLoadList.some((m) => m === id);
  const modules = ['NativeModule zlib', 'NativeModule https', 'NativeModule internal/deps/undici/undici']
    .filter(loaded).map((m) => m.replace(/^NativeModule (internal\\/deps\\/undici\\/)?/, ''));
  process.stdout.write(JSON.stringify({ ms, modules }));
  process.exit(0);
};
const fail = (error) => { console.error(error); process.exit(1); };
`;

const PROGRAMS = {
  'raw node:http': (url) => `${report}
require('node:http').get(${JSON.stringify(url + PATH)}, { headers: { Authorization: ${JSON.stringify(API_KEY)} } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => report(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
}).on('error', fail);`,
  'ours (require)': (url) => `${report}
const { LaunchDarklyExperiments } = require('experiments-api');
new LaunchDarklyExperiments(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
  'ours (import)': (url) => `${report}
import('experiments-api').then(({ LaunchDarklyExperiments }) =>
  new LaunchDarklyExperiments(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} })).then(report, fail);`,
  'ours, no undici': (url) => `${report}
Object.defineProperty(globalThis, 'FormData', { value: undefined, configurable: true, writable: true });
const { LaunchDarklyExperiments } = require('experiments-api');
new LaunchDarklyExperiments(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
  'official client': (url) => `${report}
const official = require('launchdarkly-api-typescript');
new official.ExperimentsApi(new official.Configuration({ apiKey: ${JSON.stringify(API_KEY)}, basePath: ${JSON.stringify(url)} }))
  .getExperiment(${JSON.stringify(PROJECT)}, ${JSON.stringify(ENV)}, ${JSON.stringify(KEY)}).then((r) => report(r.data), fail);`,
};

function ours(url) {
  return JSON.stringify({ apiKey: API_KEY, baseUrl: url, projectKey: PROJECT, environmentKey: ENV });
}

function runOnce(code) {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
  return { ...JSON.parse(out.stdout), wallMs };
}

async function main() {
  const server = await startChildServer(require.resolve('./servers/experiment-server.js'));
  const samples = Object.fromEntries(Object.keys(PROGRAMS).map((name) => [name, []]));
  try {
    // One warm-up round (file system cache), not counted.
    for (const program of Object.values(PROGRAMS)) runOnce(program(server.url));
    for (let round = 0; round < RUNS; round++) {
      for (const [name, program] of Object.entries(PROGRAMS)) samples[name].push(runOnce(program(server.url)));
    }
  } finally {
    await server.close();
  }
  const cases = {};
  for (const [name, runs] of Object.entries(samples)) {
    cases[name] = {
      firstResponseMs: round(median(runs.map((r) => r.ms)), 1),
      processWallMs: round(median(runs.map((r) => r.wallMs)), 1),
      loaded: runs[0].modules.join(', ') || 'none',
    };
  }
  const base = cases['raw node:http'].firstResponseMs;
  for (const c of Object.values(cases)) c.vsRawHttp = round(c.firstResponseMs / base, 2);
  const result = { bench: 'cold-start', config: { runs: RUNS }, cases };
  if (wantsJson()) return emitResult(result);
  console.log(`First call: process start → first parsed response, median of ${RUNS} fresh processes per program`);
  console.table(cases);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
