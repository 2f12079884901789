'use strict';
/**
 * Package size: what `npm pack` would publish (`npm pack --dry-run --json --ignore-scripts`; dist/ must be
 * built), split into the SDK's runtime code (dist/index.mjs and its chunks in dist/internal/), the same code
 * as one file for Node (dist/index.node.mjs), its CommonJS build (dist/index.cjs, for loaders without
 * `require` of ES modules), its type declarations, source maps,
 * and the emulator (code, compact JSON spec, types and licences); which sources the runtime code's bytes
 * come from (decoded from its source maps); what gzip and minification would make of it. Compared with
 * the official `launchdarkly-api-typescript` as installed in node_modules, alone and with its runtime
 * dependency tree (axios and what axios needs).
 *
 *   node bench/package-size.js [--json]
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { ROOT, emitResult, round, wantsJson } = require('./lib/common');

const KB = (bytes) => round(bytes / 1000, 1);

const isTypes = (p) => /\.d\.[cm]?ts$/.test(p);

function category(path) {
  if (path.endsWith('.map')) return path.startsWith('dist/emulator/') ? 'emulator source maps' : 'source maps';
  if (path.startsWith('dist/emulator/')) {
    if (path === 'dist/emulator/openapi.json') return 'emulator spec (dist/emulator/openapi.json)';
    if (isTypes(path)) return 'emulator type declarations';
    if (/\.[cm]?js$/.test(path)) return 'emulator code (index.js + ESM wrapper, cli.js)';
    return 'emulator third-party licences';
  }
  if (isTypes(path)) return 'type declarations (dist/index.d.cts + index.d.mts re-export)';
  if (path === 'dist/index.cjs') return 'CommonJS build for loaders without require(esm) (dist/index.cjs)';
  if (path === 'dist/index.node.mjs') return "Node's one-file ES module build (dist/index.node.mjs)";
  if (path.startsWith('dist/')) return 'runtime code (dist/index.mjs + dist/internal/ chunks)';
  return 'package.json, README, LICENSE, CHANGELOG';
}

function dirSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      total += dirSize(full);
    } else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Directory of an installed package, resolved the way Node would from `fromDir`. */
function packageDir(name, fromDir) {
  return dirname(require.resolve(`${name}/package.json`, { paths: [fromDir] }));
}

/** The package and its runtime dependency tree, deduplicated by directory. */
function dependencyTree(name, fromDir = ROOT, seen = new Map()) {
  let dir;
  try {
    dir = packageDir(name, fromDir);
  } catch {
    // Packages whose exports hide package.json: walk up from the entry point instead.
    let entry = dirname(require.resolve(name, { paths: [fromDir] }));
    while (!statSync(join(entry, 'package.json'), { throwIfNoEntry: false })) entry = dirname(entry);
    dir = entry;
  }
  if (seen.has(dir)) return seen;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  seen.set(dir, { name: pkg.name, version: pkg.version, bytes: dirSize(dir) });
  for (const dep of Object.keys(pkg.dependencies ?? {})) dependencyTree(dep, dir, seen);
  return seen;
}

/** The SDK's runtime files: the entry and its chunks (the internal entries are re-export stubs). */
function sdkFiles() {
  const internal = join(ROOT, 'dist', 'internal');
  return [
    join(ROOT, 'dist', 'index.mjs'),
    ...readdirSync(internal)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => join(internal, f)),
  ];
}

/** Bytes of `files` attributed to each original source through their source maps (VLQ mappings decoded). */
function bytesBySource(files) {
  const out = new Map();
  for (const file of files) if (existsSync(`${file}.map`)) addBytesBySource(file, out);
  return Object.fromEntries([...out.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, KB(v)]));
}

function addBytesBySource(file, out) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let source = 0;
  const add = (index, bytes) => {
    const name = (map.sources[index] ?? '(unmapped)').replace(/^.*?\/(src|generated|node_modules)\//, '$1/');
    const group = name.replace(/^(generated\/(models|apis)|src\/[^/]+|generated|node_modules\/[^/]+).*$/, '$1');
    out.set(group, (out.get(group) ?? 0) + bytes);
  };
  map.mappings.split(';').forEach((lineMappings, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    let column = 0;
    const segments = [];
    for (const segment of lineMappings.split(',')) {
      if (!segment) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = chars.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push({ column, source: values.length > 1 ? source : -1 });
    }
    let covered = 0;
    segments.forEach((s, i) => {
      const end = i + 1 < segments.length ? segments[i + 1].column : line.length;
      if (s.source >= 0) add(s.source, Buffer.byteLength(line.slice(s.column, end)));
      covered += end - s.column;
    });
    const uncovered = Buffer.byteLength(line) - covered + 1;
    if (uncovered > 0) out.set('(unmapped)', (out.get('(unmapped)') ?? 0) + uncovered);
  });
}

function main() {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  )[0];
  const byCategory = {};
  for (const file of packed.files) byCategory[category(file.path)] = (byCategory[category(file.path)] ?? 0) + file.size;
  const sum = (filter) => packed.files.filter((f) => filter(f.path)).reduce((s, f) => s + f.size, 0);
  const isMap = (p) => p.endsWith('.map');
  const isEmulator = (p) => p.startsWith('dist/emulator/');

  const files = sdkFiles();
  const cjs = Buffer.concat(files.map((f) => readFileSync(f)));
  const esbuild = require('esbuild');
  const minified = files
    .map((f) => esbuild.transformSync(readFileSync(f, 'utf8'), { minify: true, format: 'esm' }).code)
    .join('');

  const officialTree = [...dependencyTree('launchdarkly-api-typescript').values()];
  const officialSelf = officialTree[0];

  const result = {
    bench: 'package-size',
    ours: {
      tarballKB: KB(packed.size),
      unpackedKB: KB(packed.unpackedSize),
      files: packed.entryCount,
      withoutMapsKB: KB(sum((p) => !isMap(p))),
      withoutMapsAndEmulatorKB: KB(sum((p) => !isMap(p) && !isEmulator(p))),
      withoutMapsEmulatorAndTypesKB: KB(sum((p) => !isMap(p) && !isEmulator(p) && !isTypes(p))),
      oneFormatRuntimeJsKB: KB(cjs.length),
      oneFormatRuntimeJsGzipKB: KB(gzipSync(cjs, { level: 9 }).length),
      oneFormatRuntimeJsMinifiedKB: KB(Buffer.byteLength(minified)),
      oneFormatRuntimeJsMinifiedGzipKB: KB(gzipSync(Buffer.from(minified), { level: 9 }).length),
      byCategoryKB: Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, KB(v)])),
      runtimeJsBySourceKB: bytesBySource(files),
      runtimeDependencies: 0,
    },
    official: {
      package: `${officialSelf.name}@${officialSelf.version}`,
      unpackedKB: KB(officialSelf.bytes),
      withRuntimeDependenciesKB: KB(officialTree.reduce((s, p) => s + p.bytes, 0)),
      runtimeDependencies: officialTree.length - 1,
      dependencyList: officialTree.slice(1).map((p) => `${p.name}@${p.version}`),
    },
  };
  if (wantsJson()) return emitResult(result);
  const { byCategoryKB, runtimeJsBySourceKB, ...ours } = result.ours;
  console.log('package size (kB = 1000 bytes)');
  console.table(ours);
  console.log('published files by category (kB):');
  console.table(byCategoryKB);
  console.log('SDK runtime code (dist/index.mjs + dist/internal/) bytes by original source (kB):');
  console.table(runtimeJsBySourceKB);
  const { dependencyList, ...official } = result.official;
  console.table(official);
  console.log(`official runtime dependencies: ${dependencyList.join(', ')}`);
}

main();
