#!/usr/bin/env bash
# Runs the jest suite on every supported Node.js major (20, 22, 24) with real Node binaries taken
# from the npm registry (the `node-<platform>-<arch>` packages ship `bin/node`), cached outside the
# repo in ${XDG_CACHE_HOME:-$HOME/.cache}/experiments-api-node/<version>/bin/node.
#
#   scripts/node-matrix.sh                        # the pinned versions below
#   NODE_MATRIX="22.23.3" scripts/node-matrix.sh  # chosen exact versions
#   NODE_MATRIX_SKIP_RUNNING=1 ...                # skip the version `node` on PATH already is
#   scripts/node-matrix.sh -- --testPathPattern core   # extra jest arguments after --
#
# Needs `npm ci` first (jest comes from the repo's node_modules). Fails if any version fails.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
# Latest release of each supported major when this was written; bump deliberately.
DEFAULT_MATRIX="20.20.2 22.23.3 24.21.0"
read -r -a VERSIONS <<<"${NODE_MATRIX:-$DEFAULT_MATRIX}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/experiments-api-node"
PKG="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
[ "${1:-}" = "--" ] && shift
say() { printf 'node-matrix: %s\n' "$*"; }
die() { printf 'node-matrix: FAILED: %s\n' "$*" >&2; exit 1; }

[ -f node_modules/jest/bin/jest.js ] || die "node_modules/jest missing; run npm ci first"

# Prints the path of bin/node for an exact version, downloading it through npm once.
node_binary() {
  local version=$1 dir="$CACHE/$1" tmp
  if [ ! -x "$dir/bin/node" ]; then
    say "fetching $PKG@$version from the npm registry into $dir" >&2
    tmp=$(mktemp -d "$CACHE/.fetch.XXXXXX")
    (cd "$tmp" && npm pack --silent "$PKG@$version" >/dev/null) || { rm -rf "$tmp"; die "npm pack $PKG@$version"; }
    tar -xzf "$tmp"/*.tgz -C "$tmp" package/bin/node package/LICENSE || { rm -rf "$tmp"; die "unpack $PKG@$version"; }
    mkdir -p "$dir"
    rm -rf "$dir/bin" && mv "$tmp/package/bin" "$dir/bin" && mv "$tmp/package/LICENSE" "$dir/LICENSE"
    rm -rf "$tmp"
  fi
  local got
  got=$("$dir/bin/node" --version) || die "$dir/bin/node does not run"
  [ "$got" = "v$version" ] || die "$dir/bin/node is $got, expected v$version"
  printf '%s\n' "$dir/bin/node"
}

mkdir -p "$CACHE"
running=$(node --version)
results=()
failed=0
for version in "${VERSIONS[@]}"; do
  if [ "${NODE_MATRIX_SKIP_RUNNING:-0}" = 1 ] && [ "v$version" = "$running" ]; then
    say "v$version: skipped (it is the node on PATH, whose run is the main test step)"
    results+=("v$version skipped")
    continue
  fi
  bin=$(node_binary "$version")
  say "v$version: $bin node_modules/jest/bin/jest.js --ci $*"
  start=$(date +%s)
  # PATH first, so anything the tests spawn by name gets the same Node.
  if PATH="$(dirname "$bin"):$PATH" "$bin" node_modules/jest/bin/jest.js --ci "$@"; then
    results+=("v$version ok ($(($(date +%s) - start)) s)")
  else
    results+=("v$version FAILED ($(($(date +%s) - start)) s)")
    failed=1
  fi
done
say "summary: ${results[*]/%/;}"
[ "$failed" = 0 ] || die "jest failed on at least one Node version (see above)"
say "jest passed on every Node version in the matrix"
