'use strict';
/**
 * Shared helpers of the benchmark scripts: statistics, child-process servers, the built package, the spec
 * example. Plain CommonJS so the benchmarks run with `node bench/<x>.js` and need no build of their own.
 */
const { spawn } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'index.node.mjs');
const DIST_EMULATOR = join(ROOT, 'dist', 'emulator', 'index.js');
const API_KEY = 'emulator-ld-key';

/** The built package (what users run); exits with a hint when `npm run build` has not been run. */
function loadDist() {
  if (!existsSync(DIST)) {
    console.error('dist/ is missing: run `npm run build` first (or use `npm run bench`, which builds).');
    process.exit(2);
  }
  // ES modules, loaded with require (Node >= 20.19), as a CommonJS application loads the package.
  return require(DIST);
}

/** The built emulator entry point. */
function loadEmulator() {
  if (!existsSync(DIST_EMULATOR)) {
    console.error('dist/emulator is missing: run `npm run build` first.');
    process.exit(2);
  }
  return require(DIST_EMULATOR);
}

/** `components.examples[name].value` of openapi.yaml. */
function specExample(name) {
  const { parse } = require('yaml');
  const spec = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8'));
  const example = spec.components.examples[name];
  if (!example) throw new Error(`no example ${name} in openapi.yaml`);
  return example.value;
}

/** Value at quantile q (0..1) of an array of numbers (nearest rank on a sorted copy). */
function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

const median = (values) => quantile(values, 0.5);

/** Rounds for display. */
function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Starts `node <script> ...args` and resolves once it prints `LISTENING <url>` on stdout; `close()` kills it.
 * Servers run in their own process so their CPU and memory never count against the client being measured.
 */
function startChildServer(script, args = [], nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString();
      const match = /(?:LISTENING|listening on) (http:\/\/\S+)/.exec(buffer);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({
          url: match[1],
          child,
          close: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited early with ${code}`)));
  });
}

/** Runs `task()` `total` times with at most `concurrency` in flight; resolves the elapsed ms. */
async function runConcurrent(total, concurrency, task) {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < total) {
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Times each of `total` sequential calls; resolves per-call latencies in ms. */
async function timeSequential(total, task) {
  const samples = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const start = process.hrtime.bigint();
    await task();
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return Array.from(samples);
}

/** True when the script was asked for machine-readable output (used by bench/run.js). */
const wantsJson = () => process.argv.includes('--json');

/** Prints `result` as the last stdout line prefixed `RESULT ` (read by bench/run.js). */
function emitResult(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Reads `--name=value` from argv, with a default. */
function arg(name, fallback) {
  const prefix = `--${name}=`;
  const found = process.argv.find((a) => a.startsWith(prefix));
  if (found === undefined) return fallback;
  const raw = found.slice(prefix.length);
  return typeof fallback === 'number' ? Number(raw) : raw;
}

module.exports = {
  ROOT,
  DIST,
  DIST_EMULATOR,
  API_KEY,
  loadDist,
  loadEmulator,
  specExample,
  quantile,
  median,
  round,
  startChildServer,
  runConcurrent,
  timeSequential,
  wantsJson,
  emitResult,
  arg,
};
