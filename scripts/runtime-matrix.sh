#!/usr/bin/env bash
# Runtime matrix: the packed package, with default options, in Bun, Deno, Cloudflare's workerd (through
# miniflare, no compatibility flags) and Vercel's edge-runtime, plus the running Node for reference. Each
# runs the one smoke program scripts/runtime-matrix/smoke.mjs against the package's own emulator on a
# free loopback port, and prints `runtime-matrix: <runtime> <version> PASS (<n> checks)`.
# Node 20/22/24 are covered by scripts/node-matrix.sh (the whole jest suite).
#
#   scripts/runtime-matrix.sh                 # npm pack (which builds via prepack), then test
#   scripts/runtime-matrix.sh path/to/x.tgz   # test an existing tarball
#   RUNTIME_MATRIX="bun deno" scripts/runtime-matrix.sh x.tgz   # a subset
#
# The runtimes come from npm packages that ship their binaries (exact versions below), installed with the
# tarball into a temporary directory, never into the repo. Workers and edge bundles are built with the
# esbuild that tsup brings.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ESBUILD="$REPO/node_modules/.bin/esbuild"
# Bump deliberately. miniflare 4.20260426.0 is the last release that runs on Node 20 (later ones need 22).
BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
MINIFLARE_VERSION=4.20260426.0
EDGE_RUNTIME_VERSION=4.0.1
# The newest date this workerd supports (its release date): current behaviour, no compatibility flags.
WORKERD_COMPAT_DATE=2026-04-26
read -r -a RUNTIMES <<<"${RUNTIME_MATRIX:-node bun deno workerd edge-runtime}"
say() { printf 'runtime-matrix: %s\n' "$*"; }
die() { printf 'runtime-matrix: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$ESBUILD" ] || die "$ESBUILD missing; run npm ci"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-runtimes.XXXXXX")
EMULATOR_PID=
cleanup() {
  [ -z "$EMULATOR_PID" ] || kill "$EMULATOR_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$REPO/scripts/tarball.sh" "$@"

APP="$WORK/app"
mkdir -p "$APP"
cp "$REPO"/scripts/runtime-matrix/*.mjs "$APP/"
printf '{ "name": "runtime-matrix-app", "private": true, "type": "module" }\n' >"$APP/package.json"
tools=()
for r in "${RUNTIMES[@]}"; do
  case $r in
    node) ;;
    bun) tools+=("bun@$BUN_VERSION") ;;
    deno) tools+=("deno@$DENO_VERSION") ;;
    workerd) tools+=("miniflare@$MINIFLARE_VERSION") ;;
    edge-runtime) tools+=("edge-runtime@$EDGE_RUNTIME_VERSION") ;;
    *) die "unknown runtime $r (known: node bun deno workerd edge-runtime)" ;;
  esac
done
say "installing $(basename "$TARBALL") ${tools[*]} into $APP"
(cd "$APP" && npm install --prefer-offline --no-audit --no-fund --no-save --loglevel=error "$TARBALL" "${tools[@]}" \
  >"$WORK/npm-install.log" 2>&1) || { cat "$WORK/npm-install.log" >&2; die "npm install"; }

# The emulator of the packed package, on a free loopback port; its first line names the URL.
node "$APP/node_modules/experiments-api/dist/emulator/cli.js" --port 0 >"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
BASE=
for _ in $(seq 1 100); do
  BASE=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/emulator.log" | head -1 || true)
  [ -n "$BASE" ] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/emulator.log" >&2; die "the emulator exited"; }
  sleep 0.1
done
[ -n "$BASE" ] || die "the emulator printed no URL: $(cat "$WORK/emulator.log")"
say "emulator at $BASE (node $APP/node_modules/experiments-api/dist/emulator/cli.js --port 0)"

# A Workers/edge bundle of the smoke program: the package as those runtimes' bundlers resolve it.
bundle() { # entry outfile format conditions [extra esbuild args...]
  local entry=$1 out=$2 format=$3 conditions=$4
  shift 4
  (cd "$APP" && "$ESBUILD" "$entry" --bundle --format="$format" --platform=browser --conditions="$conditions" \
    --target=es2022 --outfile="$out" --log-level=warning "$@") || die "esbuild $entry"
}

# Checks one JSON result line and prints the verdict.
verdict() { # runtime version json
  local name=$1 version=$2 json=$3 line
  line=$(printf '%s\n' "$json" | grep -E '^\{"ok":' | tail -1 || true)
  if [ -n "$line" ] && node -e 'const r=JSON.parse(process.argv[1]);process.exit(r.ok&&r.checks.length===6?0:1)' "$line"; then
    say "$name $version PASS ($(node -p 'const r=JSON.parse(process.argv[1]);r.checks.length+" checks"+(r.shared?", import and require share classes":"")' "$line"))"
    return 0
  fi
  printf '%s\n' "$json" | sed 's/^/    /' >&2
  say "$name $version FAIL"
  return 1
}

failed=()
BIN="$APP/node_modules/.bin"
for r in "${RUNTIMES[@]}"; do
  case $r in
    node)
      version=$(node --version | sed 's/^v//')
      out=$(cd "$APP" && node cli.mjs "$BASE" 2>&1) || true
      ;;
    bun)
      version=$("$BIN/bun" --version)
      out=$(cd "$APP" && "$BIN/bun" cli.mjs "$BASE" 2>&1) || true
      ;;
    deno)
      version=$("$BIN/deno" --version | head -1 | cut -d' ' -f2)
      # npm packages from the node_modules npm made (package.json present: Deno uses it as it is).
      out=$(cd "$APP" && DENO_NO_UPDATE_CHECK=1 "$BIN/deno" run --quiet --allow-net=127.0.0.1 --allow-read=. \
        --allow-env cli.mjs "$BASE" 2>&1) || true
      ;;
    workerd)
      version=$(node -p 'require(process.argv[1]).version' "$APP/node_modules/workerd/package.json")
      bundle worker.mjs worker.bundle.js esm workerd,worker,browser
      out=$(cd "$APP" && node workerd.mjs worker.bundle.js "$BASE" "$WORKERD_COMPAT_DATE" 2>&1) || true
      version="$version (miniflare $MINIFLARE_VERSION, compatibility date $WORKERD_COMPAT_DATE, no flags)"
      ;;
    edge-runtime)
      version=$EDGE_RUNTIME_VERSION
      bundle smoke.mjs edge.bundle.js iife edge-light,worker,browser --global-name=__smoke
      out=$(cd "$APP" && node edge.mjs edge.bundle.js "$BASE" 2>&1) || true
      ;;
  esac
  verdict "$r" "$version" "$out" || failed+=("$r")
done
[ ${#failed[@]} -eq 0 ] || die "${failed[*]}"
say "all ${#RUNTIMES[@]} runtimes passed"
