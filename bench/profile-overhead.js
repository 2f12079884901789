'use strict';
/**
 * Where does our per-request overhead go? Runs bench/overhead.js under `--cpu-prof` once for our client and
 * once for a baseline (default raw node:http, the transport our client uses; same server, same call count), then prints, per profile, the self time by function
 * (dist/ frames mapped back to src/ through the source map) and the inclusive time of our package's
 * functions, plus the CPU per call of each bucket so the two runs can be compared directly.
 *
 *   node bench/profile-overhead.js [--calls=20000] [--variant=ours] [--baseline=raw-http] [--top=25] [--json]
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { SourceMap } = require('node:module');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');
const { ROOT, arg, emitResult, round, wantsJson } = require('./lib/common');

const CALLS = arg('calls', 20000);
const VARIANT = arg('variant', 'ours');
const BASELINE = arg('baseline', 'raw-http');
const TOP = arg('top', 25);

const maps = new Map();
function sourceMapFor(file) {
  if (!maps.has(file)) {
    let map;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** "function (file:line)" for a profile frame; dist/ frames are mapped to their src/ origin. */
function frameName(callFrame) {
  const fn = callFrame.functionName || '(anonymous)';
  let url = callFrame.url || '';
  if (!url) return fn;
  if (url.startsWith('file://')) url = url.slice(7);
  let line = callFrame.lineNumber + 1;
  if (url.startsWith(join(ROOT, 'dist'))) {
    const entry = sourceMapFor(url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (entry && entry.originalSource) {
      const original = entry.originalSource.replace(/^.*?\/(src|generated)\//, '$1/');
      return `${fn} (${original}:${entry.originalLine + 1})`;
    }
  }
  if (url.startsWith(ROOT)) url = relative(ROOT, url);
  else if (url.startsWith('node:')) url = url.replace(/^node:internal\/deps\//, 'undici:');
  return `${fn} (${url}:${line})`;
}

function analyse(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const buckets = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const node = byId.get(id);
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + dt);
    const bucket = bucketOf(name);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = frameName(byId.get(cur).callFrame);
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + dt);
    }
  });
  return { self, inclusive, buckets, total };
}

/** Coarse owner of a frame's self time. */
function bucketOf(name) {
  if (name === '(idle)') return 'idle (waiting for the server)';
  if (name === '(garbage collector)') return 'garbage collector';
  if (/ \(src\//.test(name)) return 'src/ (facade, transport)';
  if (/ \(generated\//.test(name)) return 'generated/ (runtime, model mapping)';
  if (/undici/.test(name) || /^wasm-function/.test(name)) return 'undici (fetch)';
  if (/node_modules\/(axios|launchdarkly-api-typescript|node-fetch)/.test(name)) return 'third-party client code';
  if (/abort_controller|event_target|js_transferable|node:events/.test(name))
    return 'AbortSignal / EventTarget internals';
  if (/^(runMicrotasks|processTicksAndRejections)/.test(name)) return 'microtask queue';
  if (/bench\//.test(name)) return 'benchmark harness';
  return 'other (node internals, natives, syscalls)';
}

function profileRun(variant) {
  const dir = mkdtempSync(join(tmpdir(), 'ea-prof-'));
  try {
    execFileSync(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        '--cpu-prof-interval=100',
        join(__dirname, 'overhead.js'),
        `--only=${variant}`,
        `--seq=${CALLS / 2}`,
        `--calls=${CALLS / 2}`,
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    return analyse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function top(map, n, filter = () => true) {
  return [...map.entries()]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function main() {
  // Warm-up and server calls are included in both runs alike; the comparison is per call.
  const calls = CALLS + 500;
  const ours = profileRun(VARIANT);
  const base = profileRun(BASELINE);
  const perCall = (us) => round(us / calls, 2);
  const ourFrame = (name) => / \((src|generated)\//.test(name);
  const result = {
    bench: 'profile-overhead',
    calls,
    variant: VARIANT,
    baseline: BASELINE,
    totalUsPerCall: { [VARIANT]: perCall(ours.total), [BASELINE]: perCall(base.total) },
    buckets: [...new Set([...ours.buckets.keys(), ...base.buckets.keys()])]
      .map((bucket) => ({
        bucket,
        [VARIANT]: perCall(ours.buckets.get(bucket) ?? 0),
        [BASELINE]: perCall(base.buckets.get(bucket) ?? 0),
        difference: perCall((ours.buckets.get(bucket) ?? 0) - (base.buckets.get(bucket) ?? 0)),
      }))
      .sort((a, b) => b.difference - a.difference),
    selfTop: top(ours.self, TOP).map(([name, us]) => ({
      frame: name,
      usPerCall: perCall(us),
      baselineUsPerCall: perCall(base.self.get(name) ?? 0),
    })),
    ourSelfTop: top(ours.self, TOP, ourFrame).map(([name, us]) => ({ frame: name, usPerCall: perCall(us) })),
    ourInclusiveTop: top(ours.inclusive, TOP, ourFrame).map(([name, us]) => ({ frame: name, usPerCall: perCall(us) })),
    baselineInclusiveTop: top(base.inclusive, TOP).map(([name, us]) => ({ frame: name, usPerCall: perCall(us) })),
    variantInclusiveTop: top(ours.inclusive, TOP).map(([name, us]) => ({ frame: name, usPerCall: perCall(us) })),
    ourSelfTotalUsPerCall: perCall(
      [...ours.self.entries()].filter(([n]) => ourFrame(n)).reduce((s, [, v]) => s + v, 0),
    ),
  };
  if (wantsJson()) return emitResult(result);
  console.log(`CPU profile, ${calls} calls each (sampling 100 µs). Total profiled time per call:`);
  console.table(result.totalUsPerCall);
  console.log('Self time by owner (µs per call):');
  console.table(result.buckets);
  console.log(`Top self time in the ${VARIANT} run (µs per call), with the same frame in the ${BASELINE} run:`);
  console.table(result.selfTop);
  console.log(`Self time in src/ and generated/ frames: ${result.ourSelfTotalUsPerCall} µs per call`);
  console.log('Top self time of src/ and generated/ frames:');
  console.table(result.ourSelfTop);
  console.log('Top inclusive time of src/ and generated/ frames:');
  console.table(result.ourInclusiveTop);
  if (process.argv.includes('--all')) {
    console.log(`Top inclusive time, ${VARIANT}:`);
    console.table(result.variantInclusiveTop);
    console.log(`Top inclusive time, ${BASELINE}:`);
    console.table(result.baselineInclusiveTop);
  }
}

main();
