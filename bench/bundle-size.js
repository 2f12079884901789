'use strict';
/**
 * Bundle size and load cost of the built package (dist/) as an application sees it:
 *   - esbuild-minified bundles (platform node, ES modules) of three one-line apps: one that uses only
 *     `LaunchDarklyExperiments`, one that uses only `PostHogExperiments`, and one that uses the official
 *     `launchdarkly-api-typescript` client's `ExperimentsApi`; minified and gzip sizes, and whether the
 *     LaunchDarkly app carries PostHog code or the reverse (each vendor's own URL paths as markers);
 *   - `import` vs `require` of the package: load time in fresh Node processes, interleaved, median; also net
 *     of what each loader costs for an empty ES module (`import()` starts Node's ES module loader).
 * The package is resolved by its name through its `exports` map, as an application resolves it.
 *
 * With --check (CI): only the two one-vendor apps, and exit 1 when one is over its goal (LaunchDarkly-only
 * ≤ 70 kB, PostHog-only ≤ 110 kB, minified) or carries the other vendor's code.
 *
 *   node bench/bundle-size.js [--reps=15] [--json] [--check]
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { appDir, bundleApp } = require('./lib/app-bundle');
const { ROOT, arg, emitResult, median, round, wantsJson } = require('./lib/common');

const REPS = arg('reps', 15);
const KB = (bytes) => round(bytes / 1000, 1);

const APPS = {
  'LaunchDarkly only': `import { LaunchDarklyExperiments } from 'experiments-api';
const ld = new LaunchDarklyExperiments({ apiKey: process.env.LD_API_KEY, projectKey: 'p', environmentKey: 'e' });
ld.getExperiment({ experimentKey: 'x' }).then(console.log);`,
  'PostHog only': `import { PostHogExperiments } from 'experiments-api';
const ph = new PostHogExperiments({ apiKey: process.env.POSTHOG_API_KEY, projectId: 1 });
ph.experiments.list().then(console.log);`,
  'official LaunchDarkly client': `import { Configuration, ExperimentsApi } from 'launchdarkly-api-typescript';
const api = new ExperimentsApi(new Configuration({ apiKey: process.env.LD_API_KEY }));
api.getExperiment('p', 'e', 'x').then((r) => console.log(r.data));`,
};
// The goals of issue 12, minified kB (1000 bytes).
const BUDGETS = { 'LaunchDarkly only': 70, 'PostHog only': 110 };
// Strings only one vendor's code contains: its API paths.
const MARKERS = { launchdarkly: '/api/v2/projects/', posthog: '/api/projects/' };

function bundle(dir, name, source) {
  const code = bundleApp(dir, name, source);
  const text = Buffer.from(code).toString('utf8');
  return {
    minifiedKB: KB(code.length),
    gzipKB: KB(gzipSync(code, { level: 9 }).length),
    hasLaunchDarklyCode: text.includes(MARKERS.launchdarkly),
    hasPostHogCode: text.includes(MARKERS.posthog),
  };
}

// Load time of the package in a fresh process, measured by the child itself.
const probe = (load) => `(async () => {
  const t0 = performance.now();
  ${load}
  process.stdout.write(String(performance.now() - t0));
})();`;

function loadCost() {
  // The same two loads of an empty ES module measure what Node's loaders cost by themselves: a program's first
  // `import()` starts Node's ES module loader (about 2.4 ms on Node 20), whatever it imports.
  const empty = JSON.stringify(join(__dirname, 'lib', 'empty.mjs'));
  const cases = {
    require: "require('experiments-api');",
    import: "await import('experiments-api');",
    requireEmpty: `require(${empty});`,
    importEmpty: `await import(${empty});`,
  };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let i = 0; i < REPS + 1; i++) {
    for (const [name, load] of Object.entries(cases)) {
      const out = spawnSync(process.execPath, ['-e', probe(load)], { cwd: ROOT, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
      if (i > 0) samples[name].push(Number(out.stdout)); // the first round only warms the file cache
    }
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  return {
    requireMs: round(ms.require, 1),
    importMs: round(ms.import, 1),
    importVsRequire: round(ms.import / ms.require, 2),
    requireEmptyMs: round(ms.requireEmpty, 1),
    importEmptyMs: round(ms.importEmpty, 1),
    // What the package itself costs under each loader.
    importVsRequireNet: round((ms.import - ms.importEmpty) / (ms.require - ms.requireEmpty), 2),
  };
}

/** CI: the one-vendor apps within their budgets, each without the other vendor's code. */
function check(apps) {
  let failed = 0;
  for (const [name, budget] of Object.entries(BUDGETS)) {
    const app = apps[name];
    const foreign = name.startsWith('LaunchDarkly') ? app.hasPostHogCode : app.hasLaunchDarklyCode;
    const ok = app.minifiedKB <= budget && !foreign;
    failed += ok ? 0 : 1;
    console.log(
      `bundle ${name}: ${app.minifiedKB} kB minified (budget ${budget} kB), ${foreign ? 'WITH' : 'no'} code of the other vendor: ${ok ? 'ok' : 'FAILED'}`,
    );
  }
  if (failed) process.exit(1);
}

function main() {
  const checking = process.argv.includes('--check');
  const app = appDir();
  const apps = {};
  try {
    for (const [name, source] of Object.entries(APPS)) {
      if (!checking || name in BUDGETS) apps[name] = bundle(app.dir, name, source);
    }
  } finally {
    app.remove();
  }
  if (checking) return check(apps);
  const official = apps['official LaunchDarkly client'].minifiedKB;
  for (const app of Object.values(apps)) app.vsOfficial = round(app.minifiedKB / official, 2);
  const result = { bench: 'bundle-size', config: { reps: REPS }, apps, load: loadCost() };
  if (wantsJson()) return emitResult(result);
  console.log('esbuild --bundle --minify --platform=node --format=esm of a one-line app (kB = 1000 bytes)');
  console.table(apps);
  console.log(`load time, median of ${REPS} fresh processes each (ms)`);
  console.table(result.load);
}

main();
