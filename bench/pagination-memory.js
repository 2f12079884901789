'use strict';
/**
 * Pagination memory: `for await` over N experiments of `getExperiments({ limit: 100 })` from a server (own
 * process) that generates pages of a 100 000-item collection on the fly. Each case runs in a fresh process
 * (so peaks are independent) and samples RSS and heap after every page, plus the heap retained after a
 * forced full GC at 5 checkpoints (`--expose-gc`). Cases:
 *   - stream 10 000 items, stream 100 000 items: peak should not grow with N (one page in memory at a time);
 *   - stream 100 000 items under --max-old-space-size=32: completes, i.e. memory is bounded by design;
 *   - baseline: collect 10 000 items with toArray (what holding everything costs), to show the probe is sensitive.
 *
 *   node bench/pagination-memory.js [--json]
 */
const { spawnSync } = require('node:child_process');
const { API_KEY, arg, emitResult, loadDist, round, startChildServer, wantsJson } = require('./lib/common');

const MB = (bytes) => round(bytes / 2 ** 20, 1);
const PAGE = 100;

async function child() {
  const { LaunchDarklyExperiments } = loadDist();
  const url = arg('url', '');
  const items = arg('items', 10_000);
  const mode = arg('mode', 'stream');
  const ld = new LaunchDarklyExperiments({ apiKey: API_KEY, baseUrl: url, projectKey: 'p', environmentKey: 'e' });
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const checkpoints = [];
  const sample = (count) => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (count % (items / 5) === 0) {
      // Retained memory: heap after a full GC (the process runs with --expose-gc), at 5 checkpoints only.
      global.gc();
      checkpoints.push({ items: count, retainedHeapMB: MB(process.memoryUsage().heapUsed), rssMB: MB(m.rss) });
    }
  };
  const t0 = process.hrtime.bigint();
  let count = 0;
  if (mode === 'toArray') {
    const all = await ld.getExperiments({ limit: PAGE }).toArray({ max: items });
    count = all.length;
    sample(count);
    if (all[all.length - 1].key !== `exp-${items - 1}`) throw new Error('wrong last item');
  } else {
    for await (const experiment of ld.getExperiments({ limit: PAGE })) {
      if (experiment.key !== `exp-${count}`) throw new Error(`item ${count} is ${experiment.key}`);
      count += 1;
      if (count % PAGE === 0) sample(count);
      if (count >= items) break;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    `RESULT ${JSON.stringify({
      items: count,
      seconds: round(seconds, 2),
      itemsPerSecond: Math.round(count / seconds),
      startRssMB: MB(start.rss),
      startHeapMB: MB(start.heapUsed),
      peakRssMB: MB(peakRss),
      peakHeapMB: MB(peakHeap),
      maxRetainedHeapMB: Math.max(...checkpoints.map((c) => c.retainedHeapMB)),
      checkpoints,
    })}\n`,
  );
}

async function main() {
  const server = await startChildServer(require.resolve('./servers/pages-server.js'), ['--total=100000']);
  const cases = [
    { name: 'stream 10 000', items: 10_000, mode: 'stream' },
    { name: 'stream 100 000', items: 100_000, mode: 'stream' },
    {
      name: 'stream 100 000, heap capped at 32 MB',
      items: 100_000,
      mode: 'stream',
      nodeArgs: ['--max-old-space-size=32'],
    },
    { name: 'baseline: toArray 10 000', items: 10_000, mode: 'toArray' },
  ];
  const results = {};
  try {
    for (const c of cases) {
      const out = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          ...(c.nodeArgs ?? []),
          __filename,
          '--child',
          `--url=${server.url}`,
          `--items=${c.items}`,
          `--mode=${c.mode}`,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      results[c.name] = line
        ? JSON.parse(line.slice(7))
        : { failed: true, status: out.status, signal: out.signal, stderr: out.stderr.slice(-400) };
    }
  } finally {
    await server.close();
  }
  const s10 = results['stream 10 000'];
  const s100 = results['stream 100 000'];
  const result = {
    bench: 'pagination-memory',
    config: { pageSize: PAGE },
    cases: results,
    peakHeapGrowth10kTo100kMB: round(s100.peakHeapMB - s10.peakHeapMB, 1),
    peakRssGrowth10kTo100kMB: round(s100.peakRssMB - s10.peakRssMB, 1),
    retainedHeapGrowth10kTo100kMB: round(s100.maxRetainedHeapMB - s10.maxRetainedHeapMB, 1),
  };
  if (wantsJson()) return emitResult(result);
  console.log(`pagination memory (page size ${PAGE})`);
  console.table(Object.fromEntries(Object.entries(results).map(([k, { checkpoints, ...v }]) => [k, v])));
  for (const [name, r] of Object.entries(results)) {
    if (r.checkpoints)
      console.log(
        `${name}: ${r.checkpoints.map((c) => `${c.items}→${c.retainedHeapMB}/${c.rssMB}`).join('  ')} (items → retained heap / RSS, MB)`,
      );
  }
}

(process.argv.includes('--child') ? child() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
