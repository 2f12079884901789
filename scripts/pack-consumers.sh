#!/usr/bin/env bash
# Packaging test: installs the packed tarball into throwaway copies of test-consumers/* (CommonJS JS,
# ESM JS, TypeScript NodeNext, TypeScript Bundler, a Jest 29 CommonJS test) and runs each program against
# the package's own emulator. TypeScript fixtures must pass `tsc --noEmit` (strict, no DOM lib, skipLibCheck
# off) first.
#
#   scripts/pack-consumers.sh                 # npm pack (which builds via prepack), then test
#   scripts/pack-consumers.sh path/to/x.tgz   # test an existing tarball
#
# Installs use the npm cache first (--prefer-offline); the TypeScript compiler is the repo's own.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
TSC="$REPO/node_modules/.bin/tsc"
FIXTURES=(cjs esm ts-nodenext ts-bundler jest29-cjs)
say() { printf 'pack-consumers: %s\n' "$*"; }
die() { printf 'pack-consumers: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$TSC" ] || die "$TSC missing; run npm ci"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-consumers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

source "$REPO/scripts/tarball.sh" "$@"
say "tarball $(basename "$TARBALL"): $(tar -tzf "$TARBALL" | wc -l) files, $(du -k "$TARBALL" | cut -f1) KiB"
# What a user must get: the SDK's ES modules (split, and one file for Node), its CommonJS build and both type flavours, the CommonJS emulator
# with its ESM wrappers and both type flavours, the emulator's compact JSON spec and licences.
for f in dist/index.mjs dist/index.node.mjs dist/index.d.mts dist/index.cjs dist/index.d.cts dist/emulator/index.js \
  dist/emulator/index.mjs dist/emulator/index.bridge.cjs dist/emulator/index.d.ts dist/emulator/index.d.mts dist/emulator/cli.js \
  dist/emulator/openapi.json dist/emulator/THIRD_PARTY_LICENSES.txt LICENSE README.md CHANGELOG.md package.json; do
  tar -tzf "$TARBALL" "package/$f" >/dev/null 2>&1 || die "tarball lacks $f"
done
if tar -tzf "$TARBALL" | grep -E '^package/(src|test|generated|scripts|node_modules)/' >/dev/null; then
  die "tarball ships sources or tests: $(tar -tzf "$TARBALL" | grep -E '^package/(src|test|generated|scripts)/' | head -3)"
fi
# The emulator reads its JSON spec with JSON.parse; the YAML source and the YAML parser stay out.
tar -tzf "$TARBALL" package/openapi.yaml >/dev/null 2>&1 && die "tarball ships openapi.yaml (the emulator uses dist/emulator/openapi.json)"
say "tarball contents ok (dist ES modules + CommonJS build + types, CommonJS emulator + ESM wrappers + openapi.json, LICENSE, README, CHANGELOG; no sources)"

install() { # dir
  (cd "$1" && npm install --prefer-offline --no-audit --no-fund --no-save --loglevel=error "$TARBALL" \
    $(node -e 'const p=require("./package.json");for(const[n,v]of Object.entries(p.devDependencies||{}))console.log(n+"@"+v)') \
    >"$1/npm-install.log" 2>&1) || { cat "$1/npm-install.log" >&2; die "npm install in $(basename "$1")"; }
}

run_expect() { # label dir expected-line-prefix command...
  local label=$1 dir=$2 expect=$3 out
  shift 3
  out=$(cd "$dir" && "$@" 2>&1) || { printf '%s\n' "$out" >&2; die "$label: '$*' exited non-zero"; }
  [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/    /'
  [ -z "$expect" ] || printf '%s\n' "$out" | grep -q "^$expect" || die "$label: expected a line starting with '$expect'"
}

# Copy and install every fixture in parallel (npm does the waiting, not the CPU).
pids=()
for name in "${FIXTURES[@]}"; do
  cp -R "$REPO/test-consumers/$name" "$WORK/$name"
  rm -rf "$WORK/$name/node_modules" "$WORK/$name/dist"
  install "$WORK/$name" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || die "an install failed"; done
say "installed the tarball into ${#FIXTURES[@]} fixture copies under $WORK"

ok=0
for name in "${FIXTURES[@]}"; do
  dir="$WORK/$name"
  case $name in
    cjs | esm)
      # On Node, require() and import both load the one-file ES module build (`module-sync`): one set of classes.
      say "$name: node index.js"
      run_expect "$name" "$dir" "$name: listed 1 experiment, typed error NotFoundError (dist/index.node.mjs)" node index.js
      ;;
    jest29-cjs)
      # Jest 29's own module loader cannot require ES modules: `exports` gives it dist/index.cjs.
      say "$name: jest --ci (Jest 29, CommonJS test requiring the package)"
      run_expect "$name" "$dir" "Tests: *3 passed, 3 total" ./node_modules/.bin/jest --ci
      ;;
    ts-*)
      say "$name: tsc --noEmit (strict, lib ES2022 without DOM, skipLibCheck false)"
      run_expect "$name" "$dir" "" "$TSC" -p . --noEmit
      say "$name: no type errors; tsc, then node on the output"
      run_expect "$name" "$dir" "" "$TSC" -p .
      if [ "$name" = ts-nodenext ]; then
        run_expect "$name" "$dir" "ts-nodenext (esm): listed 1 experiment, typed error NotFoundError (dist/index.node.mjs)" node dist/main.js
        run_expect "$name" "$dir" "ts-nodenext (cjs): listed 1 experiment, typed error NotFoundError (dist/index.node.mjs)" node dist/main-cjs.cjs
      else
        run_expect "$name" "$dir" "ts-bundler: listed 1 experiment, typed error NotFoundError (dist/index.node.mjs)" node dist/main.js
      fi
      ;;
  esac
  ok=$((ok + 1))
done

# The emulator CLI as installed by npm (bin link + shebang + sibling bundle + packaged openapi.json).
say "bin: experiments-emulator --help and a start/stop"
run_expect bin "$WORK/cjs" "Usage: experiments-emulator" ./node_modules/.bin/experiments-emulator --help
log="$WORK/emulator-cli.log"
(cd "$WORK/cjs" && exec ./node_modules/.bin/experiments-emulator --port 0 >"$log" 2>&1) &
cli=$!
for _ in $(seq 1 100); do grep -q 'listening on http' "$log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1 || true)
[ -n "$url" ] || { kill "$cli" 2>/dev/null; cat "$log" >&2; die "bin: emulator CLI did not report a URL"; }
status=$(node -e 'fetch(process.argv[1]+"/api/v2/projects/default/environments/production/experiments",{headers:{Authorization:"emulator-ld-key"}}).then(r=>console.log(r.status),e=>{console.error(e);process.exit(1)})' "$url")
kill -TERM "$cli"
wait "$cli" || true
[ "$status" = 200 ] || { cat "$log" >&2; die "bin: GET experiments on the CLI emulator answered $status"; }
sed 's/^/    /' "$log"
say "bin: ok (GET experiments -> $status)"

say "all ${ok} consumer fixtures ok: ${FIXTURES[*]}"
