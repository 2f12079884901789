'use strict';
/**
 * Runs every benchmark (each in its own process, on the built package in dist/), then prints the machine,
 * the headline figures and each goal with its verdict. `npm run bench` builds first.
 *
 *   node bench/run.js [--only=overhead,rate-limit,rate-limit-shared] [--markdown] [--save=bench/results.json]
 *
 * --markdown prints the tables of docs/benchmarks.md; --save writes every raw result as JSON.
 */
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { arg, round } = require('./lib/common');

const BENCHES = [
  'overhead',
  'rate-limit',
  'rate-limit-shared',
  'import-cost',
  'cold-start',
  'bundle-size',
  'package-size',
  'pagination-memory',
];

/** The cold-start result per Node it ran on, this one first: [node, first-call cases, phases]. */
function coldStartRuns(cs) {
  return [
    [cs.config.node ?? 'this Node', cs.cases, cs.phases],
    ...Object.entries(cs.otherNodes ?? {}).map(([node, cases]) => [node, cases, cs.otherPhases?.[node]]),
  ];
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpu,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  };
}

function runBench(name) {
  const started = Date.now();
  // The first-call ratios depend on how fast Node itself starts, so cold-start also runs on Node 22 and 24
  // where scripts/node-matrix.sh has cached them.
  const extra = name === 'cold-start' ? ['--other-nodes'] : [];
  const out = spawnSync(process.execPath, [join(__dirname, `${name}.js`), '--json', ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (out.status !== 0 || !line) throw new Error(`bench/${name}.js failed (exit ${out.status})`);
  return { ...JSON.parse(line.slice(7)), seconds: Math.round((Date.now() - started) / 100) / 10 };
}

const verdict = (ok) => (ok ? 'met' : 'MISSED');

function goals(r) {
  const rows = [];
  const o = r.overhead;
  if (o) {
    const { ratios: x, variants: v } = o;
    rows.push(
      [
        'overhead',
        'p50 latency, ours / raw fetch',
        '≤ 1.05×',
        `${x.oursVsRawFetchP50}× (${v.ours.p50Ms} vs ${v['raw-fetch'].p50Ms} ms)`,
        verdict(x.oursVsRawFetchP50 <= 1.05),
      ],
      [
        'overhead',
        'throughput at concurrency 32, ours / raw fetch',
        '≥ 0.95×',
        `${x.oursVsRawFetchThroughput}× (${v.ours.throughputPerS} vs ${v['raw-fetch'].throughputPerS} req/s)`,
        verdict(x.oursVsRawFetchThroughput >= 0.95),
      ],
      [
        'overhead',
        'p50 latency, ours / official client',
        '< 1× (faster)',
        `${x.oursVsOfficialP50}× (${v.ours.p50Ms} vs ${v.official.p50Ms} ms)`,
        verdict(x.oursVsOfficialP50 < 1),
      ],
      [
        'overhead',
        'throughput at concurrency 32, ours / official client',
        '> 1× (faster)',
        `${x.oursVsOfficialThroughput}× (${v.ours.throughputPerS} vs ${v.official.throughputPerS} req/s)`,
        verdict(x.oursVsOfficialThroughput > 1),
      ],
    );
  }
  const rl = r['rate-limit'];
  if (rl) {
    for (const run of rl.runs.filter((x) => x.client === 'ours')) {
      const label = run.concurrency === 1 ? 'sequential' : `concurrency ${run.concurrency}`;
      rows.push(
        [
          'rate limit',
          `${label}: total time / ideal`,
          '≤ 1.10×',
          `${run.ratioToIdeal}× (${run.elapsedMs} vs ${run.idealMs} ms)`,
          verdict(run.ratioToIdeal <= 1.1),
        ],
        ['rate limit', `${label}: failed calls`, '0', String(run.failed), verdict(run.failed === 0)],
        [
          'rate limit',
          `${label}: calls answered 429`,
          '≤ 1%',
          `${run.answered429Percent}% (${run.answered429})`,
          verdict(run.answered429Percent <= 1),
        ],
      );
    }
  }
  const rs = r['rate-limit-shared'];
  if (rs) {
    const shared = rs.runs.find((x) => x.store === 'redis');
    const memory = rs.runs.find((x) => x.store === 'memory');
    const label = `${rs.config.processes} processes × ${rs.config.concurrency}, Redis store`;
    const beside = (text) => `${text}; in memory: `;
    rows.push(
      [
        'shared rate limit',
        `${label}: total time / ideal`,
        '≤ 1.15×',
        `${beside(`${shared.ratioToIdeal}× (${shared.elapsedMs} vs ${shared.idealMs} ms)`)}${memory.ratioToIdeal}×`,
        verdict(shared.ratioToIdeal <= 1.15),
      ],
      [
        'shared rate limit',
        `${label}: failed calls`,
        '0',
        `${beside(String(shared.failed))}${memory.failed}`,
        verdict(shared.failed === 0),
      ],
      [
        'shared rate limit',
        `${label}: requests answered 429`,
        '≤ 1%',
        `${beside(`${shared.answered429Percent}% (${shared.answered429})`)}${memory.answered429Percent}% (${memory.answered429})`,
        verdict(shared.answered429Percent <= 1),
      ],
    );
  }
  const ic = r['import-cost'];
  if (ic) {
    for (const name of ['ours (require)', 'ours (import)']) {
      const c = ic.cases[name];
      rows.push(
        ['import', `${name}: load time`, '≤ 15 ms', `${c.loadMs} ms`, verdict(c.loadMs <= 15)],
        ['import', `${name}: RSS over bare node`, '≤ 5 MB', `${c.rssOverBareMB} MB`, verdict(c.rssOverBareMB <= 5)],
      );
    }
  }
  const cs = r['cold-start'];
  if (cs) {
    for (const [node, cases] of coldStartRuns(cs)) {
      for (const [name, baseline] of [
        ['ours (require)', 'raw node:http'],
        ['ours (import)', 'raw node:http (import)'],
      ]) {
        const c = cases[name];
        const raw = cases[baseline];
        if (!c || !raw) continue;
        rows.push([
          'first call',
          `Node ${node}: process start → first response, ${name} / ${baseline}`,
          '≤ 1.15×',
          `${c.vsRawHttp}× (${c.firstResponseMs} vs ${raw.firstResponseMs} ms)`,
          verdict(c.vsRawHttp <= 1.15),
        ]);
      }
    }
  }
  const bs = r['bundle-size'];
  if (bs) {
    const ld = bs.apps['LaunchDarkly only'];
    const ph = bs.apps['PostHog only'];
    rows.push(
      [
        'bundle',
        'LaunchDarkly-only app, esbuild minified',
        '≤ 70 kB, no PostHog code',
        `${ld.minifiedKB} kB${ld.hasPostHogCode ? ', with PostHog code' : ''}`,
        verdict(ld.minifiedKB <= 70 && !ld.hasPostHogCode),
      ],
      [
        'bundle',
        'PostHog-only app, esbuild minified',
        '≤ 110 kB, no LaunchDarkly code',
        `${ph.minifiedKB} kB${ph.hasLaunchDarklyCode ? ', with LaunchDarkly code' : ''}`,
        verdict(ph.minifiedKB <= 110 && !ph.hasLaunchDarklyCode),
      ],
      [
        'bundle',
        'ESM import / CommonJS require load time',
        '≤ 1.2×',
        `${bs.load.importVsRequire}× (${bs.load.importMs} vs ${bs.load.requireMs} ms)`,
        verdict(bs.load.importVsRequire <= 1.2),
      ],
      ...(bs.load.importVsRequireNet === undefined
        ? []
        : [
            [
              'bundle',
              "ESM import / CommonJS require load time, each net of its loader's cost for an empty module",
              '≤ 1.2×',
              `${bs.load.importVsRequireNet}× (empty module: ${bs.load.importEmptyMs} vs ${bs.load.requireEmptyMs} ms)`,
              verdict(bs.load.importVsRequireNet <= 1.2),
            ],
          ]),
    );
  }
  const ps = r['package-size'];
  if (ps) {
    rows.push([
      'package',
      'unpacked size (npm pack)',
      '≤ 500 kB',
      `${ps.ours.unpackedKB} kB`,
      verdict(ps.ours.unpackedKB <= 500),
    ]);
  }
  const pm = r['pagination-memory'];
  if (pm) {
    const capped = pm.cases['stream 100 000, heap capped at 32 MB'];
    rows.push(
      [
        'pagination',
        'retained heap, 100 000 vs 10 000 items streamed',
        'flat (≤ +2 MB)',
        `${pm.retainedHeapGrowth10kTo100kMB >= 0 ? '+' : ''}${pm.retainedHeapGrowth10kTo100kMB} MB (${pm.cases['stream 100 000'].maxRetainedHeapMB} vs ${pm.cases['stream 10 000'].maxRetainedHeapMB} MB)`,
        verdict(pm.retainedHeapGrowth10kTo100kMB <= 2),
      ],
      [
        'pagination',
        '100 000 items with a 32 MB heap cap',
        'completes',
        capped.failed ? `failed (${capped.signal ?? capped.status})` : `completed in ${capped.seconds} s`,
        verdict(!capped.failed),
      ],
    );
  }
  return rows;
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function main() {
  const only = arg('only', '');
  const names = only ? only.split(',') : BENCHES;
  const info = machine();
  console.log(`machine: ${info.cpus} CPUs, ${info.cpu}, ${info.memoryGB} GB, Node ${info.node}, ${info.date}`);
  const results = {};
  for (const name of names) {
    process.stdout.write(`running bench/${name}.js ... `);
    results[name] = runBench(name);
    console.log(`${results[name].seconds} s`);
  }
  const rows = goals(results);
  console.log('');
  console.log(table(['area', 'measure', 'goal', 'result', 'verdict'], rows));
  if (process.argv.includes('--markdown')) printMarkdown(results, info);
  const save = arg('save', '');
  if (save) writeFileSync(save, `${JSON.stringify({ machine: info, results }, null, 2)}\n`);
}

function printMarkdown(r, info) {
  const out = [];
  out.push(
    `Machine: ${info.cpus} vCPUs (\`nproc\`), ${info.cpu}, ${info.memoryGB} GB, ${info.platform}, Node ${info.node}; run ${info.date}.`,
  );
  if (r.overhead) {
    out.push('\n### Request overhead\n');
    out.push(
      table(
        ['variant', 'p50 ms', 'p99 ms', 'req/s at concurrency 32', 'client CPU µs/call'],
        Object.entries(r.overhead.variants).map(([k, v]) => [k, v.p50Ms, v.p99Ms, v.throughputPerS, v.cpuUsPerCall]),
      ),
    );
    out.push(
      '\n' +
        table(
          ['ratio', 'value'],
          Object.entries(r.overhead.ratios).map(([k, v]) => [k, `${v}×`]),
        ),
    );
    out.push(`\nTCP connections opened by all variants together: ${r.overhead.tcpConnections}.`);
  }
  if (r['rate-limit']) {
    const c = r['rate-limit'].config;
    out.push(`\n### Rate-limited throughput (${c.calls} calls, ${c.budget} per ${c.windowMs} ms window)\n`);
    out.push(
      table(
        [
          'client',
          'concurrency',
          'total ms',
          'ideal ms',
          'total / ideal',
          'succeeded',
          'failed',
          '429 answers',
          'requests sent',
          'retries',
        ],
        r['rate-limit'].runs.map((x) => [
          x.client,
          x.concurrency,
          x.elapsedMs,
          x.idealMs,
          `${x.ratioToIdeal}×`,
          x.succeeded,
          x.failed,
          `${x.answered429} (${x.answered429Percent}%)`,
          x.requestsSent,
          x.retries ?? '—',
        ]),
      ),
    );
  }
  if (r['rate-limit-shared']) {
    const c = r['rate-limit-shared'].config;
    out.push(
      `\n### One rate-limit budget across processes (${c.calls} calls from ${c.processes} processes × concurrency ${c.concurrency}, ${c.budget} per ${c.windowMs} ms window)\n`,
    );
    out.push(
      table(
        [
          'store',
          'total ms',
          'ideal ms',
          'total / ideal',
          'succeeded',
          'failed',
          '429 answers',
          'requests sent',
          'retries',
          'served per window',
          'store warnings',
        ],
        r['rate-limit-shared'].runs.map((x) => [
          x.store,
          x.elapsedMs,
          x.idealMs,
          `${x.ratioToIdeal}×`,
          x.succeeded,
          x.failed,
          `${x.answered429} (${x.answered429Percent}%)`,
          x.requestsSent,
          x.retries,
          x.servedPerWindow,
          x.storeWarnings,
        ]),
      ),
    );
  }
  if (r['import-cost']) {
    out.push(`\n### Import cost (median of ${r['import-cost'].config.reps} fresh processes)\n`);
    out.push(
      table(
        ['case', 'load ms', 'process wall ms', 'wall over bare ms', 'RSS MB', 'RSS over bare MB', 'heap over bare MB'],
        Object.entries(r['import-cost'].cases).map(([k, v]) => [
          k,
          v.loadMs,
          v.processWallMs,
          v.processWallOverBareMs,
          v.rssMB,
          v.rssOverBareMB,
          v.heapOverBareMB,
        ]),
      ),
    );
  }
  if (r['cold-start']) {
    const cs = r['cold-start'];
    for (const [node, cases, phases] of coldStartRuns(cs)) {
      out.push(
        `\n### First call on Node ${node}: process start → first response (median of ${cs.config.runs} fresh processes each)\n`,
      );
      out.push(
        table(
          [
            'program',
            'first response ms',
            '× raw node:http (same loader)',
            'process wall ms',
            'loaded besides node:http',
          ],
          Object.entries(cases).map(([k, v]) => [k, v.firstResponseMs, `${v.vsRawHttp}×`, v.processWallMs, v.loaded]),
        ),
      );
      if (!phases) continue;
      out.push(
        `\nWhere it goes on Node ${node}, ms (medians of ${cs.config.runs} instrumented runs of each, apart from the above):\n`,
      );
      const columns = [
        'raw node:http',
        'ours (require)',
        'ours (require) − raw',
        'ours, bundled app (require)',
        'ours, bundled app (require) − raw',
      ];
      out.push(
        table(
          ['phase', ...columns],
          Object.entries(phases).map(([phase, row]) => [phase, ...columns.map((c) => row[c])]),
        ),
      );
    }
  }
  if (r['bundle-size']) {
    out.push('\n### Bundle size (esbuild --bundle --minify --platform=node --format=esm, kB = 1000 bytes)\n');
    out.push(
      table(
        ['app', 'minified kB', 'gzip kB', '× official', 'LaunchDarkly code', 'PostHog code'],
        Object.entries(r['bundle-size'].apps).map(([k, v]) => [
          k,
          v.minifiedKB,
          v.gzipKB,
          `${v.vsOfficial}×`,
          v.hasLaunchDarklyCode ? 'yes' : 'no',
          v.hasPostHogCode ? 'yes' : 'no',
        ]),
      ),
    );
    const l = r['bundle-size'].load;
    out.push(
      `\nLoad time (median of ${r['bundle-size'].config.reps} fresh processes each): \`require\` ${l.requireMs} ms, \`import\` ${l.importMs} ms (${l.importVsRequire}×)` +
        (l.importVsRequireNet === undefined
          ? '.'
          : `; an empty ES module: \`require\` ${l.requireEmptyMs} ms, \`import\` ${l.importEmptyMs} ms, so the package itself ${round(l.requireMs - l.requireEmptyMs, 1)} vs ${round(l.importMs - l.importEmptyMs, 1)} ms (${l.importVsRequireNet}×).`),
    );
  }
  if (r['package-size']) {
    const { byCategoryKB, runtimeJsBySourceKB, ...ours } = r['package-size'].ours;
    out.push('\n### Package size (kB = 1000 bytes)\n');
    out.push(
      table(
        ['measure', 'kB'],
        Object.entries(ours).map(([k, v]) => [k, v]),
      ),
    );
    out.push(
      '\n' +
        table(
          ['published files by category', 'kB'],
          Object.entries(byCategoryKB).map(([k, v]) => [k, v]),
        ),
    );
    out.push(
      '\n' +
        table(
          ['SDK runtime code (dist/index.mjs + dist/internal/) bytes by source', 'kB'],
          Object.entries(runtimeJsBySourceKB).map(([k, v]) => [k, v]),
        ),
    );
    const o = r['package-size'].official;
    out.push(
      `\nOfficial ${o.package}: ${o.unpackedKB} kB unpacked; ${o.withRuntimeDependenciesKB} kB with its ${o.runtimeDependencies} runtime dependencies.`,
    );
  }
  if (r['pagination-memory']) {
    out.push('\n### Pagination memory (page size 100)\n');
    out.push(
      table(
        [
          'case',
          'items',
          's',
          'items/s',
          'peak RSS MB',
          'peak heap MB',
          'max retained heap MB',
          'retained heap at checkpoints MB',
        ],
        Object.entries(r['pagination-memory'].cases).map(([k, v]) =>
          v.failed
            ? [k, 'failed', '', '', '', '', '', '']
            : [
                k,
                v.items,
                v.seconds,
                v.itemsPerSecond,
                v.peakRssMB,
                v.peakHeapMB,
                v.maxRetainedHeapMB,
                v.checkpoints.map((c) => `${c.items}: ${c.retainedHeapMB}`).join(', '),
              ],
        ),
      ),
    );
  }
  out.push(
    `\nBenchmark wall times: ${Object.entries(r)
      .map(([k, v]) => `${k} ${v.seconds} s`)
      .join(', ')}.`,
  );
  console.log(`\n${out.join('\n')}`);
}

main();
