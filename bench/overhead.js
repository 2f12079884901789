'use strict';
/**
 * Request overhead: `getExperiment` through our client vs the same GET with raw `fetch` (+ `res.json()`;
 * also with the per-attempt timeout signal our transport always sets),
 * vs the official `launchdarkly-api-typescript` client (axios), against ONE local keep-alive node:http
 * server (own process) that returns the docs-sized `RunningExperiment` example. Also our client on
 * node-fetch v2 vs raw node-fetch v2, and raw node:http as the floor.
 *
 * Per variant: warm-up, then `--seq` sequential calls (p50/p99 latency, pooled) and `--calls` calls at
 * concurrency `--conc` (throughput and client CPU per call: median of the blocks). Variants take turns in
 * small blocks with a rotating order, so noise on the shared 2-core machine hits them alike.
 *
 *   node bench/overhead.js [--seq=4000] [--calls=20000] [--conc=32] [--only=ours-fetch,raw-fetch] [--json]
 */
const http = require('node:http');
const nodeFetch = require('node-fetch');
const {
  API_KEY,
  arg,
  emitResult,
  loadDist,
  median,
  quantile,
  round,
  runConcurrent,
  startChildServer,
  timeSequential,
  wantsJson,
} = require('./lib/common');

const SEQ = arg('seq', 4000);
const CALLS = arg('calls', 20000);
const CONC = arg('conc', 32);
const SEQ_BLOCKS = arg('seqBlocks', 20);
const CONC_BLOCKS = arg('concBlocks', 10);
const WARMUP = arg('warmup', 500);
const ONLY = arg('only', '');

const PROJECT = 'default';
const ENV = 'production';
const KEY = 'checkout-button';
const PATH = `/api/v2/projects/${PROJECT}/environments/${ENV}/experiments/${KEY}`;

async function main() {
  const { LaunchDarklyExperiments } = loadDist();
  const official = require('launchdarkly-api-typescript');
  const server = await startChildServer(require.resolve('./servers/experiment-server.js'));
  const url = server.url;
  const headers = { Authorization: API_KEY, 'LD-API-Version': '20240415' };
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  const client = (extra = {}) =>
    new LaunchDarklyExperiments({ apiKey: API_KEY, baseUrl: url, projectKey: PROJECT, environmentKey: ENV, ...extra });
  // The default transport (node:http with Node's keep-alive global agent).
  const ours = client();
  // The same client on global fetch (undici): our layer's cost on the transport raw fetch uses.
  const oursFetch = client({ fetch: globalThis.fetch });
  // node-fetch v2 on Node ≥ 19 uses http.globalAgent, which keeps connections alive.
  const oursNodeFetch = client({ fetch: nodeFetch });
  const officialApi = new official.ExperimentsApi(new official.Configuration({ apiKey: API_KEY, basePath: url }));

  const check = (experiment) => {
    if (experiment.key !== KEY) throw new Error(`unexpected body: ${JSON.stringify(experiment).slice(0, 80)}`);
  };
  const variants = {
    'raw-http': () =>
      new Promise((resolve, reject) => {
        const req = http.get(`${url}${PATH}`, { headers, agent }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve(check(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        });
        req.on('error', reject);
      }),
    'raw-fetch': async () => {
      const res = await fetch(`${url}${PATH}`, { headers });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      check(await res.json());
    },
    // The same per-attempt timeout our transport applies (an AbortSignal per request, timer cleared once
    // the headers arrived): shows how much of our overhead is the price of having a timeout at all.
    'raw-fetch-timeout': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      let res;
      try {
        res = await fetch(`${url}${PATH}`, { headers, signal: controller.signal });
      } finally {
        clearTimeout(timer);
      }
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      check(await res.json());
    },
    ours: async () => check(await ours.getExperiment({ experimentKey: KEY })),
    'ours-fetch': async () => check(await oursFetch.getExperiment({ experimentKey: KEY })),
    'raw-node-fetch': async () => {
      const res = await nodeFetch(`${url}${PATH}`, { headers });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      check(await res.json());
    },
    'ours-node-fetch': async () => check(await oursNodeFetch.getExperiment({ experimentKey: KEY })),
    official: async () => check((await officialApi.getExperiment(PROJECT, ENV, KEY)).data),
  };
  const names = Object.keys(variants).filter((n) => !ONLY || ONLY.split(',').includes(n));

  const connectionsBefore = await stats(url);
  const results = Object.fromEntries(names.map((n) => [n, { latencies: [], throughputs: [], cpuUsPerCall: [] }]));
  for (const name of names) await runConcurrent(WARMUP, 8, variants[name]);
  // Variants take turns in small blocks (rotating the order), so machine noise and GC debt spread evenly.
  for (let block = 0; block < SEQ_BLOCKS; block++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + block) % names.length];
      results[name].latencies.push(...(await timeSequential(SEQ / SEQ_BLOCKS, variants[name])));
    }
  }
  for (let block = 0; block < CONC_BLOCKS; block++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + block) % names.length];
      const cpu = process.cpuUsage();
      const ms = await runConcurrent(CALLS / CONC_BLOCKS, CONC, variants[name]);
      const used = process.cpuUsage(cpu);
      results[name].throughputs.push((CALLS / CONC_BLOCKS / ms) * 1000);
      results[name].cpuUsPerCall.push((used.user + used.system) / (CALLS / CONC_BLOCKS));
    }
  }
  const connections = (await stats(url)) - connectionsBefore;
  await server.close();
  agent.destroy();

  const summary = {};
  for (const name of names) {
    const r = results[name];
    summary[name] = {
      p50Ms: round(quantile(r.latencies, 0.5), 3),
      p99Ms: round(quantile(r.latencies, 0.99), 3),
      throughputPerS: Math.round(median(r.throughputs)),
      cpuUsPerCall: round(median(r.cpuUsPerCall), 1),
    };
  }
  const ratio = (a, b, key) => (summary[a] && summary[b] ? round(summary[a][key] / summary[b][key], 3) : undefined);
  const ratios = {
    // The goals: our client as shipped (default transport) against a hand-written global-fetch call.
    oursVsRawFetchP50: ratio('ours', 'raw-fetch', 'p50Ms'),
    oursVsRawFetchP99: ratio('ours', 'raw-fetch', 'p99Ms'),
    oursVsRawFetchThroughput: ratio('ours', 'raw-fetch', 'throughputPerS'),
    oursVsRawFetchCpu: ratio('ours', 'raw-fetch', 'cpuUsPerCall'),
    oursVsOfficialP50: ratio('ours', 'official', 'p50Ms'),
    oursVsOfficialThroughput: ratio('ours', 'official', 'throughputPerS'),
    // What our layer adds on each transport, against the same transport used by hand.
    oursVsRawHttpP50: ratio('ours', 'raw-http', 'p50Ms'),
    oursVsRawHttpThroughput: ratio('ours', 'raw-http', 'throughputPerS'),
    oursFetchVsRawFetchP50: ratio('ours-fetch', 'raw-fetch', 'p50Ms'),
    oursFetchVsRawFetchThroughput: ratio('ours-fetch', 'raw-fetch', 'throughputPerS'),
    oursFetchVsRawFetchTimeoutP50: ratio('ours-fetch', 'raw-fetch-timeout', 'p50Ms'),
    oursFetchVsRawFetchTimeoutThroughput: ratio('ours-fetch', 'raw-fetch-timeout', 'throughputPerS'),
    oursNodeFetchVsRawNodeFetchP50: ratio('ours-node-fetch', 'raw-node-fetch', 'p50Ms'),
    oursNodeFetchVsRawNodeFetchThroughput: ratio('ours-node-fetch', 'raw-node-fetch', 'throughputPerS'),
    // Choosing the default transport: fetch and node-fetch against the default, all through our client.
    oursFetchVsOursP50: ratio('ours-fetch', 'ours', 'p50Ms'),
    oursFetchVsOursThroughput: ratio('ours-fetch', 'ours', 'throughputPerS'),
    oursNodeFetchVsOursP50: ratio('ours-node-fetch', 'ours', 'p50Ms'),
    oursNodeFetchVsOursThroughput: ratio('ours-node-fetch', 'ours', 'throughputPerS'),
  };
  const result = {
    bench: 'overhead',
    config: {
      seq: SEQ,
      seqBlocks: SEQ_BLOCKS,
      calls: CALLS,
      concBlocks: CONC_BLOCKS,
      concurrency: CONC,
      warmup: WARMUP,
    },
    tcpConnections: connections,
    variants: summary,
    ratios,
  };
  if (wantsJson()) return emitResult(result);
  console.log(
    `request overhead per variant: ${SEQ} sequential calls in ${SEQ_BLOCKS} blocks, ${CALLS} calls at concurrency ${CONC} in ${CONC_BLOCKS} blocks`,
  );
  console.table(summary);
  console.table(ratios);
  console.log(`TCP connections opened in total: ${connections}`);
}

async function stats(url) {
  const res = await fetch(`${url}/__stats`);
  return (await res.json()).connections;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
