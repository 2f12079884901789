'use strict';
/**
 * First call: time from process start to the first response, in a fresh Node process per run, against one
 * loopback keep-alive server (bench/servers/experiment-server.js, in its own process). Each program does the
 * same thing, `GET` one experiment and parse it, then reports `performance.now()` (ms since its process
 * started) when the parsed experiment is in hand, and which modules it loaded:
 *   - raw node:http     the baseline: `require('node:http').get`, JSON.parse
 *   - raw node:http (import)  the baseline of `ours (import)`: the raw program after an `import()` of an
 *                       empty module, since a program's first `import()` starts Node's ES module loader
 *                       (about 3 ms on Node 20), whatever it imports. (Not `import('node:http')`: on Node 22
 *                       and later that reads every export of node:http, and one of them loads undici.)
 *   - ours (require)    `require('experiments-api')`, default options, `getExperiment`
 *   - ours (import)     the same through `await import('experiments-api')`
 *   - ours, bundled app (require)  the same call from an app bundled with esbuild (CommonJS, not minified:
 *                       the defaults of AWS CDK's NodejsFunction), which carries only the LaunchDarkly client:
 *                       what a deployment that bundles runs, and how far a Node build without the PostHog
 *                       code could go
 *   - raw node:http after require(ours) / after require(bundled app)  the raw program, after loading (not
 *                       calling) the package or the bundled app: what loading our code alone costs the first
 *                       call, the floor for any request path built on it
 *   - official client   `launchdarkly-api-typescript` (axios)
 * Runs are interleaved (one of each per round) so machine noise hits every program alike; medians and ratios
 * to raw node:http (with `import()` for the programs that use it) come from the same run. A second pass runs
 * raw node:http, ours (require) and the bundled app again with marks (program loaded, client built, request
 * started, response headers, result in hand) and prints where each spends its first call, phase by phase,
 * against raw node:http: what a faster first call would have to cut. The marks (and Node's diagnostics
 * channels they listen on) are kept out of the first pass, whose figures stay comparable with earlier runs. With
 * `--other-nodes`, the same again on every Node binary scripts/node-matrix.sh has cached (22, 24), since
 * their faster start changes the ratios.
 *
 *   node bench/cold-start.js [--runs=15] [--other-nodes] [--json]
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { appDir, bundleApp } = require('./lib/app-bundle');
const { API_KEY, ROOT, arg, emitResult, median, round, startChildServer, wantsJson } = require('./lib/common');

const RUNS = arg('runs', 15);
const EMPTY_MODULE = pathToFileURL(join(__dirname, 'lib', 'empty.mjs')).href;
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

const rawGet = (url) => `
require('node:http').get(${JSON.stringify(url + PATH)}, { headers: { Authorization: ${JSON.stringify(API_KEY)} } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => report(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
}).on('error', fail);`;

const PROGRAMS = {
  'raw node:http': (url) => `${report}
${rawGet(url)}`,
  'raw node:http (import)': (url) => `${report}
import(${JSON.stringify(EMPTY_MODULE)}).then(() => {${rawGet(url)}
}, fail);`,
  'ours (require)': (url) => `${report}
const { LaunchDarklyExperiments } = require('experiments-api');
new LaunchDarklyExperiments(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
  'ours (import)': (url) => `${report}
import('experiments-api').then(({ LaunchDarklyExperiments }) =>
  new LaunchDarklyExperiments(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} })).then(report, fail);`,
  'ours, bundled app (require)': (url, app) => `${report}
require(${JSON.stringify(app)}).client(${ours(url)}).getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
  'raw node:http after require(ours)': (url) => `${report}
require('experiments-api');
${rawGet(url)}`,
  'raw node:http after require(bundled app)': (url, app) => `${report}
require(${JSON.stringify(app)});
${rawGet(url)}`,
  'official client': (url) => `${report}
const official = require('launchdarkly-api-typescript');
new official.ExperimentsApi(new official.Configuration({ apiKey: ${JSON.stringify(API_KEY)}, basePath: ${JSON.stringify(url)} }))
  .getExperiment(${JSON.stringify(PROJECT)}, ${JSON.stringify(ENV)}, ${JSON.stringify(KEY)}).then((r) => report(r.data), fail);`,
};

// The bundled program's app: a LaunchDarkly client built from the options the program passes.
const APP = `import { LaunchDarklyExperiments } from 'experiments-api';
export const client = (options) => new LaunchDarklyExperiments(options);`;

// The phase pass: the same first call, instrumented, in runs of its own so the marks cost the programs above
// nothing. Each program marks when its code is loaded and its client built; Node's diagnostics channels mark
// when node:http started the request and parsed the response headers; report() marks the result in hand.
const phasedReport = `
const marks = {};
const mark = (name) => { marks[name] ??= performance.now(); };
const channels = require('node:diagnostics_channel');
channels.subscribe('http.client.request.start', () => mark('sent'));
channels.subscribe('http.client.response.finish', () => mark('headers'));
const report = (experiment) => {
  if (experiment.key !== ${JSON.stringify(KEY)}) throw new Error('unexpected body');
  mark('done');
  process.stdout.write(JSON.stringify({ marks }));
  process.exit(0);
};
const fail = (error) => { console.error(error); process.exit(1); };
`;

const PHASED = {
  'raw node:http': (url) => `${phasedReport}
mark('loaded');
mark('built');
${rawGet(url)}`,
  'ours (require)': (url) => `${phasedReport}
const { LaunchDarklyExperiments } = require('experiments-api');
mark('loaded');
const client = new LaunchDarklyExperiments(${ours(url)});
mark('built');
client.getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
  'ours, bundled app (require)': (url, app) => `${phasedReport}
const app = require(${JSON.stringify(app)});
mark('loaded');
const client = app.client(${ours(url)});
mark('built');
client.getExperiment({ experimentKey: ${JSON.stringify(KEY)} }).then(report, fail);`,
};

// The phases, as intervals between the marks (ms); a row of the raw program is 0 where it has nothing to do.
const PHASES = {
  'process start → program loaded': (m) => m.loaded,
  'building the client': (m) => m.built - m.loaded,
  'call → request started (includes loading node:http)': (m) => m.sent - m.built,
  'request started → response headers': (m) => m.headers - m.sent,
  'response headers → result in hand': (m) => m.done - m.headers,
  'process start → result in hand': (m) => m.done,
};

function ours(url) {
  return JSON.stringify({ apiKey: API_KEY, baseUrl: url, projectKey: PROJECT, environmentKey: ENV });
}

function runOnce(node, code) {
  const start = process.hrtime.bigint();
  const out = spawnSync(node, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
  return { ...JSON.parse(out.stdout), wallMs };
}

/** Both passes on `node`: the first-call programs, then the phase pass. */
function measure(node, url, app) {
  return { cases: measureFirstCalls(node, url, app), phases: measurePhases(node, url, app) };
}

/** The phase pass on `node`: per phase, the median interval of each instrumented program and ours − raw. */
function measurePhases(node, url, app) {
  const samples = Object.fromEntries(Object.keys(PHASED).map((name) => [name, []]));
  // One warm-up round, not counted, as in the first pass.
  for (const program of Object.values(PHASED)) runOnce(node, program(url, app));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, program] of Object.entries(PHASED)) {
      const { marks } = runOnce(node, program(url, app));
      // A Node without the http.client channels would leave marks out and print NaN instead of failing.
      if (!['loaded', 'built', 'sent', 'headers', 'done'].every((m) => typeof marks[m] === 'number'))
        throw new Error(`${name} on ${node}: missing marks in ${JSON.stringify(marks)}`);
      samples[name].push(marks);
    }
  }
  const phases = {};
  for (const [phase, interval] of Object.entries(PHASES)) {
    const row = {};
    for (const [name, runs] of Object.entries(samples)) row[name] = round(median(runs.map(interval)), 1);
    for (const name of Object.keys(PHASED).slice(1)) row[`${name} − raw`] = round(row[name] - row['raw node:http'], 1);
    phases[phase] = row;
  }
  return phases;
}

/** The first-call programs on `node`, interleaved; medians and ratios to the raw program of the same loader. */
function measureFirstCalls(node, url, app) {
  const samples = Object.fromEntries(Object.keys(PROGRAMS).map((name) => [name, []]));
  // One warm-up round (file system cache), not counted.
  for (const program of Object.values(PROGRAMS)) runOnce(node, program(url, app));
  for (let round = 0; round < RUNS; round++) {
    for (const [name, program] of Object.entries(PROGRAMS)) samples[name].push(runOnce(node, program(url, app)));
  }
  const cases = {};
  for (const [name, runs] of Object.entries(samples)) {
    cases[name] = {
      firstResponseMs: round(median(runs.map((r) => r.ms)), 1),
      processWallMs: round(median(runs.map((r) => r.wallMs)), 1),
      loaded: runs[0].modules.join(', ') || 'none',
    };
  }
  for (const [name, c] of Object.entries(cases)) {
    const base = cases[name.includes('(import)') ? 'raw node:http (import)' : 'raw node:http'].firstResponseMs;
    c.vsRawHttp = round(c.firstResponseMs / base, 2);
  }
  return cases;
}

/** Node binaries scripts/node-matrix.sh cached, other than the one running (newest patch of each major). */
function otherNodes() {
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'experiments-api-node');
  if (!existsSync(cache)) return [];
  const byMajor = new Map();
  for (const version of readdirSync(cache).filter((v) => /^\d+\.\d+\.\d+$/.test(v))) {
    const node = join(cache, version, 'bin', 'node');
    const major = version.split('.')[0];
    if (!existsSync(node) || `v${major}` === process.version.split('.')[0]) continue;
    const newest = byMajor.get(major);
    if (!newest || newest.version.localeCompare(version, undefined, { numeric: true }) < 0)
      byMajor.set(major, { version, node });
  }
  return [...byMajor.values()].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

async function main() {
  const workspace = appDir();
  const app = join(workspace.dir, 'launchdarkly-app.cjs');
  writeFileSync(app, bundleApp(workspace.dir, 'launchdarkly-app', APP, { format: 'cjs', minify: false }));
  const server = await startChildServer(require.resolve('./servers/experiment-server.js'));
  let cases;
  let phases;
  const others = {};
  const otherPhases = {};
  try {
    ({ cases, phases } = measure(process.execPath, server.url, app));
    if (process.argv.includes('--other-nodes')) {
      for (const { version, node } of otherNodes()) {
        ({ cases: others[`v${version}`], phases: otherPhases[`v${version}`] } = measure(node, server.url, app));
      }
    }
  } finally {
    await server.close();
    workspace.remove();
  }
  const result = {
    bench: 'cold-start',
    config: { runs: RUNS, node: process.version },
    cases,
    phases,
    otherNodes: others,
    otherPhases,
  };
  if (wantsJson()) return emitResult(result);
  console.log(
    `First call on Node ${process.version}: process start → first parsed response, median of ${RUNS} fresh processes per program`,
  );
  console.table(cases);
  console.log('Where the first call spends its time, ms (medians of the instrumented pass)');
  console.table(phases);
  for (const [version, other] of Object.entries(others)) {
    console.log(`The same on Node ${version}`);
    console.table(other);
    console.table(otherPhases[version]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
