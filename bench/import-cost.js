'use strict';
/**
 * Import cost: time to `require()` / `import()` the package and the RSS it adds, each in a fresh Node
 * process, against a bare Node process that loads nothing (same script, no import). `--reps` processes per
 * case; medians reported. Ours is loaded by its package name (self-reference through the `exports` map), as
 * users load it; the official client by its name from node_modules.
 *
 *   node bench/import-cost.js [--reps=15] [--json]
 */
const { spawnSync } = require('node:child_process');
const { ROOT, arg, emitResult, median, round, wantsJson } = require('./lib/common');

const REPS = arg('reps', 15);

// The child measures its own load time with performance.now() and reports RSS and heap right after.
const probe = (load) => `
const { performance } = require('node:perf_hooks');
(async () => {
  const t0 = performance.now();
  ${load}
  const ms = performance.now() - t0;
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ ms, rss: m.rss, heapUsed: m.heapUsed }));
})();
`;

const CASES = {
  'bare node': '',
  'ours (require)': "require('experiments-api');",
  'ours (import)': "await import('experiments-api');",
  'official (require)': "require('launchdarkly-api-typescript');",
  'ours emulator (require)': "require('experiments-api/emulator');",
};

function runOnce(code) {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['-e', probe(code)], { cwd: ROOT, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
  return { ...JSON.parse(out.stdout), wallMs };
}

function main() {
  const samples = Object.fromEntries(Object.keys(CASES).map((name) => [name, []]));
  for (const code of Object.values(CASES)) runOnce(code); // file-system cache warm-up
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, code] of Object.entries(CASES)) samples[name].push(runOnce(code));
  }
  const bare = samples['bare node'];
  const bareRss = median(bare.map((s) => s.rss));
  const bareWall = median(bare.map((s) => s.wallMs));
  const bareHeap = median(bare.map((s) => s.heapUsed));
  const cases = {};
  for (const [name, list] of Object.entries(samples)) {
    cases[name] = {
      loadMs: round(median(list.map((s) => s.ms)), 1),
      processWallMs: round(median(list.map((s) => s.wallMs)), 1),
      processWallOverBareMs: round(median(list.map((s) => s.wallMs)) - bareWall, 1),
      rssMB: round(median(list.map((s) => s.rss)) / 2 ** 20, 1),
      rssOverBareMB: round((median(list.map((s) => s.rss)) - bareRss) / 2 ** 20, 2),
      heapOverBareMB: round((median(list.map((s) => s.heapUsed)) - bareHeap) / 2 ** 20, 2),
    };
  }
  const result = { bench: 'import-cost', config: { reps: REPS }, cases };
  if (wantsJson()) return emitResult(result);
  console.log(`import cost: median of ${REPS} fresh processes per case`);
  console.table(cases);
}

main();
