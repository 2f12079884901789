#!/usr/bin/env bash
# Packaging checks for CI (called from .ci/run after `npm ci`; also runnable by hand):
#   1. build          dist/ (tsup): the SDK as split ES modules, its CommonJS build for loaders without
#                     require(esm), types, the CommonJS emulator and its ESM wrappers, packaging steps
#   1b. bundles       bench/bundle-size.js --check: esbuild-minified one-vendor apps within issue 12's goals
#                     (LaunchDarkly-only <= 70 kB, PostHog-only <= 110 kB), neither with the other's code
#   2. pack           one tarball, reused by every later step
#   3. publint        package.json/exports lint of the tarball; must print "All good!"
#   4. attw           Are the Types Wrong on the tarball (node10, node16 CJS/ESM, bundler)
#   5. consumers      scripts/pack-consumers.sh: CJS, ESM, TS NodeNext, TS Bundler, Jest 29 projects
#   6. runtimes       scripts/runtime-matrix.sh: Bun, Deno, workerd (miniflare), edge-runtime, Node run one
#                     smoke program with default options against the emulator
#   7. docs           TypeDoc API reference builds (into a temp dir)
#   7b. spec page     scripts/docs-spec-check.sh: npm run docs:spec, then every operation and instruction
#                     kind must render in headless Chromium (apt-installs chromium when missing)
#   8. other SDKs     scripts/other-generators.sh: Python, Go and Java clients from openapi.yaml,
#                     built with their own tools and run against the emulator (installs python3-venv,
#                     maven, golang-go through apt-get when missing)
#   9. node matrix    scripts/node-matrix.sh: jest on Node 20/22/24. Runs when RUN_NODE_MATRIX=1
#                     (every version) or CI=true (every version except the running one, which
#                     .ci/run's own test step covers); RUN_NODE_MATRIX=0 skips it.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
BIN=node_modules/.bin
WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-ci-packaging.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
T0=$(date +%s)
TIMES=()
step() { STEP="$1"; STEP_T0=$(date +%s); printf '\n== packaging: %s: %s\n' "$1" "$2"; }
done_step() { TIMES+=("$STEP $(($(date +%s) - STEP_T0))s"); }
die() { printf 'ci-packaging: FAILED in step "%s": %s\n' "${STEP:-?}" "$*" >&2; exit 1; }
[ -x "$BIN/tsup" ] || die "$BIN/tsup missing; run npm ci first"

step build "npm run build (tsup: SDK as split ES modules, one ES module file for Node, CommonJS build + types; CommonJS emulator + ESM wrappers)"
npm run --silent build >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build"; }
grep -E 'Build success|third-party' "$WORK/build.log" || true
for f in dist/index.mjs dist/index.node.mjs dist/index.d.mts dist/index.cjs dist/index.d.cts dist/emulator/index.js dist/emulator/index.mjs; do [ -s "$f" ] || die "$f not built"; done
# Smoke: both module systems load, `require` and `import` give exactly the same names, and they are the
# same objects (one implementation: a class imported is the class required, so instanceof works across;
# the SDK is ES modules that `require` loads, the emulator CommonJS with ESM wrappers), and the SDK's
# CommonJS build (for loaders without require(esm), which Node never picks) has the same exports.
# The package imports itself by name, so this also goes through package.json "exports".
node -e '
  const same = async (entry) => {
    const cjs = require(entry);
    const esm = await import(entry);
    const names = Object.keys(cjs).sort();
    const esmNames = Object.keys(esm).filter((k) => k !== "default").sort();
    if (JSON.stringify(names) !== JSON.stringify(esmNames)) throw new Error(`${entry}: CJS/ESM exports differ: ${names} vs ${esmNames}`);
    const other = names.filter((k) => cjs[k] !== esm[k]);
    if (other.length) throw new Error(`${entry}: import and require give different objects for ${other}`);
    return names.length;
  };
  (async () => {
    const n = await same("experiments-api");
    if (!require.resolve("experiments-api").endsWith("index.node.mjs")) throw new Error(`require resolves to ${require.resolve("experiments-api")}, not the one-file ES module build`);
    const cjsBuild = Object.keys(require("./dist/index.cjs")).sort();
    if (JSON.stringify(cjsBuild) !== JSON.stringify(Object.keys(require("experiments-api")).sort())) throw new Error("dist/index.cjs exports differ from the ES modules");
    const split = Object.keys(await import("./dist/index.mjs")).filter((k) => k !== "default").sort();
    if (JSON.stringify(split) !== JSON.stringify(cjsBuild)) throw new Error("dist/index.mjs (split, for bundlers) exports differ from dist/index.node.mjs (the Node build)");
    const e = await same("experiments-api/emulator");
    const { RateLimitError } = await import("experiments-api");
    if (typeof RateLimitError !== "function" || require("experiments-api").RateLimitError !== RateLimitError) throw new Error("RateLimitError differs between require and import");
    if (typeof require("experiments-api").LaunchDarklyExperiments !== "function") throw new Error("no LaunchDarklyExperiments");
    console.log(`require and import give the same objects: experiments-api ${n} exports, experiments-api/emulator ${e}`);
  })().catch((error) => { console.error(error.message); process.exit(1); });' || die "dist/index does not load the same under require and import"
if grep -lE 'RequestCredentials|WindowOrWorkerGlobalScope|lib="dom"|HTMLElement' dist/*.d.*ts dist/*/*.d.*ts 2>/dev/null; then
  die "published types reference DOM-only names (files above)"
fi
echo "published types reference no DOM-only names"
done_step

step bundles "bench/bundle-size.js --check (one-vendor apps, esbuild --minify, within their size goals)"
node bench/bundle-size.js --check || die "a one-vendor app is over its size goal or carries the other vendor's code"
done_step

step pack "npm pack --ignore-scripts (dist/ is fresh)"
npm pack --silent --ignore-scripts --pack-destination "$WORK" >/dev/null || die "npm pack"
TARBALL=$(ls "$WORK"/experiments-api-*.tgz)
echo "$(basename "$TARBALL"): $(tar -tzf "$TARBALL" | wc -l) files, $(du -k "$TARBALL" | cut -f1) KiB"
done_step

step publint "publint --strict on the tarball"
out=$("$BIN/publint" run "$TARBALL" --strict 2>&1) || { printf '%s\n' "$out"; die "publint reported errors"; }
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q 'All good!' || die "publint printed findings (suggestions count too)"
done_step

step attw "Are the Types Wrong (strict profile) on the tarball"
# No rule is ignored: node16-from-CJS resolves to the CommonJS types (dist/index.d.cts), the same declarations
# as the ES modules'.
"$BIN/attw" "$TARBALL" --format table-flipped --no-color || die "attw found problems"
done_step

step consumers "scripts/pack-consumers.sh on the tarball"
bash scripts/pack-consumers.sh "$TARBALL" || die "pack-consumers"
done_step

step runtimes "scripts/runtime-matrix.sh on the tarball (Bun, Deno, workerd, edge-runtime, Node)"
bash scripts/runtime-matrix.sh "$TARBALL" || die "runtime-matrix"
done_step

step docs "TypeDoc API reference"
"$BIN/typedoc" --out "$WORK/docs" >"$WORK/typedoc.log" 2>&1 || { cat "$WORK/typedoc.log" >&2; die "typedoc"; }
sed 's/\x1b\[[0-9;]*m//g' "$WORK/typedoc.log" | grep -E 'warning|error|generated' | tail -5 || true
[ -f "$WORK/docs/index.html" ] || die "typedoc wrote no index.html"
done_step

step spec-page "scripts/docs-spec-check.sh (openapi.yaml as one offline Redoc page, checked in headless Chromium)"
bash scripts/docs-spec-check.sh || die "docs-spec-check"
done_step

step other-sdks "scripts/other-generators.sh: Python, Go, Java clients from openapi.yaml, run against the emulator"
# Each language builds with its own tools; install the Debian ones that are missing (apt-get update once).
APT_UPDATED=
apt_install() {
  [ -n "$APT_UPDATED" ] || { apt-get update -qq >/dev/null && APT_UPDATED=1; }
  echo "installing $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $*"
}
python3 -m venv "$WORK/venv-probe" >/dev/null 2>&1 || apt_install python3-venv
command -v mvn >/dev/null || apt_install maven
command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
command -v go >/dev/null || apt_install golang-go
bash scripts/other-generators.sh || die "other-generators"
done_step

if [ "${RUN_NODE_MATRIX:-}" = 1 ]; then
  step node-matrix "RUN_NODE_MATRIX=1: jest on every version"
  bash scripts/node-matrix.sh || die "node-matrix"
  done_step
elif [ "${RUN_NODE_MATRIX:-}" != 0 ] && [ "${CI:-}" = true ]; then
  step node-matrix "CI=true: jest on every version but the running $(node --version)"
  NODE_MATRIX_SKIP_RUNNING=1 bash scripts/node-matrix.sh || die "node-matrix"
  done_step
else
  echo
  echo "== packaging: node-matrix: skipped (set RUN_NODE_MATRIX=1, or CI=true)"
fi

printf '\n== packaging: all checks passed in %ss (%s)\n' "$(($(date +%s) - T0))" "${TIMES[*]}"
