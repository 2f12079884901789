'use strict';
/**
 * One rate-limit budget across processes: `--procs` child processes × concurrency `--conc`, `--calls`
 * getExperiment calls in all, with one API key against ONE emulator in rate-limit mode (fixed windows of
 * `--budget` requests per `--window` ms, LaunchDarkly headers). Runs once with the default in-memory store
 * (each process paces itself from what it sees) and once with `redisRateLimitStore` on a local redis-server
 * (node-redis client), in the same run.
 *
 * Ideal time: the last call cannot be served before window ceil(calls/budget) − 1 opens, and that window's
 * calls then take as long as they take unthrottled:
 *   ideal = (ceil(calls / budget) − 1) × window + unthrottled time of the last window's calls
 * where the unthrottled time is measured in the same run with the same processes, concurrency and store.
 * The clock starts when every process is warmed up, 2 ms into a fresh window, and stops when the last
 * process finishes.
 *
 *   node bench/rate-limit-shared.js [--calls=1000] [--procs=4] [--conc=8] [--budget=250] [--window=1000] [--json]
 */
const { fork } = require('node:child_process');
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
const { startRedisServer } = require('../scripts/redis-server.cjs');

const CALLS = arg('calls', 1000);
const PROCS = arg('procs', 4);
const CONC = arg('conc', 8);
const BUDGET = arg('budget', 250);
const WINDOW = arg('window', 1000);
const PROJECT = 'default';
const ENV = 'production';
const KEY = 'rate-limit-shared-bench';
const WARMUP_CALLS = 50;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- worker process -------------------------------------------------------------------------------------

async function worker() {
  const { LaunchDarklyExperiments, redisRateLimitStore } = loadDist();
  const { url, redisUrl, concurrency } = JSON.parse(process.env.BENCH_WORKER);
  let redis;
  let rateLimitStore;
  if (redisUrl) {
    const { createClient } = require('redis');
    redis = createClient({ url: redisUrl });
    await redis.connect();
    rateLimitStore = redisRateLimitStore({ client: redis, keyPrefix: `bench:${process.env.BENCH_RUN}:` });
  }
  const stats = { retries: 0, storeWarnings: 0 };
  const ld = new LaunchDarklyExperiments({
    apiKey: API_KEY,
    baseUrl: url,
    projectKey: PROJECT,
    environmentKey: ENV,
    rateLimitStore,
    onRetry: () => (stats.retries += 1),
    logger: {
      debug() {},
      info() {},
      warn: (message) => {
        if (message.includes('rate-limit store')) stats.storeWarnings += 1;
      },
      error() {},
    },
  });
  const call = () => ld.getExperiment({ experimentKey: KEY });
  // A failed step must end the worker loudly, not leave an unhandled rejection behind a silent parent.
  process.on('message', (message) => {
    handle(message).catch((error) => {
      console.error(error);
      process.exit(1);
    });
  });
  async function handle(message) {
    if (message.warmup) {
      await runConcurrent(message.warmup, concurrency, call);
      process.send({ ready: true });
      return;
    }
    if (message.calls !== undefined) {
      stats.retries = 0;
      await sleep(Math.max(0, message.startAt - Date.now()));
      const failures = {};
      let ok = 0;
      await runConcurrent(message.calls, concurrency, async () => {
        try {
          await call();
          ok += 1;
        } catch (error) {
          const label = error?.status ? `HTTP ${error.status}` : (error?.name ?? 'Error');
          failures[label] = (failures[label] ?? 0) + 1;
        }
      });
      process.send({ done: true, finishedAt: Date.now(), ok, failed: message.calls - ok, failures, ...stats });
      return;
    }
    if (message.exit) {
      if (redis) redis.destroy();
      process.exit(0);
    }
  }
  process.send({ started: true });
}

// ---- parent ---------------------------------------------------------------------------------------------

function nextMessage(child, key) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (!message[key]) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code) => reject(new Error(`worker exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startWorkers(count, env) {
  const workers = [];
  for (let i = 0; i < count; i++) {
    const child = fork(__filename, ['--worker'], {
      env: { ...process.env, BENCH_WORKER: JSON.stringify(env), BENCH_RUN: env.run },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    workers.push(child);
  }
  await Promise.all(workers.map((w) => nextMessage(w, 'started')));
  return workers;
}

/** Splits `total` calls over the workers (as evenly as possible). */
const shares = (total, n) => Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));

async function timedRound(workers, total, control, rateLimit) {
  await control('PUT', '/rate-limit', rateLimit);
  await control('DELETE', '/requests');
  // 2 ms into a fresh window (at least 100 ms ahead so every worker is listening), so every run sees the same phase.
  let startAt = Date.now() + 100;
  startAt = startAt - (startAt % WINDOW) + WINDOW + 2;
  const calls = shares(total, workers.length);
  const results = await Promise.all(
    workers.map((w, i) => {
      const done = nextMessage(w, 'done');
      w.send({ calls: calls[i], startAt });
      return done;
    }),
  );
  const elapsedMs = Math.max(...results.map((r) => r.finishedAt)) - startAt;
  const { requests } = await control('GET', '/requests');
  return { elapsedMs, results, requests };
}

async function runStore(store, emu, redisUrl, control) {
  const workers = await startWorkers(PROCS, {
    url: emu.url,
    redisUrl: store === 'redis' ? redisUrl : undefined,
    concurrency: CONC,
    run: `${store}-${Date.now()}`,
  });
  try {
    await control('PUT', '/rate-limit', null);
    await Promise.all(
      workers.map((w) => {
        const ready = nextMessage(w, 'ready');
        w.send({ warmup: WARMUP_CALLS });
        return ready;
      }),
    );
    // Baseline: the last window's share of calls, unthrottled, same processes, concurrency and store.
    const lastWindowCalls = CALLS - (Math.ceil(CALLS / BUDGET) - 1) * BUDGET;
    const baseline = await timedRound(workers, lastWindowCalls, control, null);
    const idealMs = (Math.ceil(CALLS / BUDGET) - 1) * WINDOW + baseline.elapsedMs;
    const run = await timedRound(workers, CALLS, control, { budget: BUDGET, windowMs: WINDOW, family: 'route' });
    const sum = (key) => run.results.reduce((n, r) => n + r[key], 0);
    const failures = {};
    for (const r of run.results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    const answered429 = run.requests.filter((r) => r.status === 429).length;
    // Requests served (2xx) in each window, from the emulator's log: shows budget left unused.
    const perWindow = {};
    for (const r of run.requests) {
      if (r.status < 300) perWindow[Math.floor(r.time / WINDOW)] = (perWindow[Math.floor(r.time / WINDOW)] ?? 0) + 1;
    }
    return {
      store,
      processes: PROCS,
      concurrency: CONC,
      elapsedMs: Math.round(run.elapsedMs),
      idealMs: Math.round(idealMs),
      ratioToIdeal: round(run.elapsedMs / idealMs, 3),
      succeeded: sum('ok'),
      failed: sum('failed'),
      failures,
      requestsSent: run.requests.length,
      answered429,
      answered429Percent: round((answered429 / run.requests.length) * 100, 2),
      retries: sum('retries'),
      storeWarnings: sum('storeWarnings'),
      servedPerWindow: Object.keys(perWindow)
        .sort()
        .map((k) => perWindow[k])
        .join(' '),
    };
  } finally {
    for (const w of workers) w.send({ exit: true });
    await Promise.all(
      workers.map((w) => (w.exitCode === null ? new Promise((r) => w.once('exit', r)) : Promise.resolve())),
    );
  }
}

async function main() {
  const { sampleExperimentPost } = loadEmulator();
  loadDist();
  const emu = await startChildServer(join(ROOT, 'dist', 'emulator', 'cli.js'), ['--port', '0']);
  const redis = await startRedisServer();
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
    const runs = [];
    for (const store of ['memory', 'redis']) runs.push(await runStore(store, emu, redis.url, control));
    const [memory, shared] = runs;
    const result = {
      bench: 'rate-limit-shared',
      config: { calls: CALLS, processes: PROCS, concurrency: CONC, budget: BUDGET, windowMs: WINDOW },
      runs,
      ratios: {
        redisTimeVsIdeal: shared.ratioToIdeal,
        memoryTimeVsIdeal: memory.ratioToIdeal,
        redis429VsMemory429: memory.answered429 ? round(shared.answered429 / memory.answered429, 3) : null,
      },
    };
    if (wantsJson()) return emitResult(result);
    console.log(
      `shared rate limit: ${CALLS} getExperiment calls from ${PROCS} processes × concurrency ${CONC}, budget ${BUDGET} per ${WINDOW} ms window`,
    );
    console.table(runs.map(({ failures, ...run }) => ({ ...run, failures: JSON.stringify(failures) })));
  } finally {
    await redis.stop();
    await emu.close();
  }
}

if (process.argv.includes('--worker')) {
  worker().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
