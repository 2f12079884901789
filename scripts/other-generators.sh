#!/usr/bin/env bash
# Reference for other-language SDKs: generates Python and Go clients from openapi.yaml with the same
# pinned openapi-generator jar that produces generated/ (no network), and checks the output:
#   python  `-g python`: generator exits 0 with no ERROR, every module byte-compiles, and (when the
#           client's runtime deps are importable and dist/ is built) the client lists experiments
#           on the package's emulator and gets a 404 ApiException for a missing one.
#   go      `-g go`. Checks: exit 0, no ERROR, a model file per model doc, `gofmt -e` syntax check
#           when Go is installed, and with OTHER_SDKS_GO_BUILD=1 a `go build` (offline, Debian's Go
#           packages).
#
#   scripts/other-generators.sh            # generate into a temp dir, check, delete
#   OTHER_SDKS_OUT=out scripts/other-generators.sh   # keep the output in ./out/{python,go}
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
source scripts/generator-jar.sh
JAR=$GENERATOR_JAR
EXPECTED=$GENERATOR_VERSION
VERSION=$(node -p 'require("./package.json").version')
say() { printf 'other-generators: %s\n' "$*"; }
die() { printf 'other-generators: FAILED: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || die "java not found (install openjdk-17-jdk-headless)"
[ -f "$JAR" ] || die "$JAR missing; run npm run generator:install"
got=$(java -jar "$JAR" version)
[ "$got" = "$EXPECTED" ] || die "generator is $got, expected $EXPECTED"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-other.XXXXXX")
cleanup() { [ -z "${EMULATOR_PID:-}" ] || kill "$EMULATOR_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
OUT=${OTHER_SDKS_OUT:-$WORK/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

generate() { # name log args...
  local name=$1 log=$2
  shift 2
  rm -rf "${OUT:?}/$name"
  if ! "$@" -i openapi.yaml -o "$OUT/$name" >"$log" 2>&1; then
    tail -40 "$log" >&2
    die "$name: openapi-generator exited non-zero (log above)"
  fi
  if grep -E '^\[main\] ERROR|Exception' "$log" >/dev/null; then
    grep -E '^\[main\] ERROR|Exception' "$log" | head -20 >&2
    die "$name: openapi-generator reported errors"
  fi
  local warnings
  warnings=$(grep -c '^\[main\] WARN' "$log" || true)
  say "$name: generated $(find "$OUT/$name" -type f | wc -l) files into $OUT/$name ($warnings generator warnings)"
  [ "$warnings" = 0 ] || grep '^\[main\] WARN' "$log" | sed -E 's/^\[main\] WARN +[^ ]+ - //' | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /'
}

# --- Python -------------------------------------------------------------------------------------
say "python: java -jar $JAR generate -g python (packageName experiments_api)"
generate python "$WORK/python.log" java -jar "$JAR" generate -g python \
  --additional-properties=packageName=experiments_api,projectName=experiments-api,packageVersion="$VERSION"
py_models=$(find "$OUT/python/experiments_api/models" -name '*.py' ! -name '__init__.py' | wc -l)
py_apis=$(find "$OUT/python/experiments_api/api" -name '*_api.py' | wc -l)
[ "$py_models" -gt 0 ] && [ "$py_apis" -gt 0 ] || die "python: no models ($py_models) or APIs ($py_apis) generated"
if command -v python3 >/dev/null; then
  python3 -m compileall -q "$OUT/python/experiments_api" >/dev/null || die "python: generated modules do not compile"
  say "python: $py_apis API modules, $py_models models; all byte-compile ($(python3 --version))"
  if ! python3 -c 'import urllib3, six, dateutil, certifi' 2>/dev/null; then
    say "python: live call skipped (urllib3/six/python-dateutil/certifi not importable)"
  elif [ ! -f dist/emulator/cli.js ]; then
    say "python: live call skipped (dist/emulator/cli.js missing: run npm run build)"
  else
    log="$WORK/emulator.log"
    node dist/emulator/cli.js --port 0 >"$log" 2>&1 &
    EMULATOR_PID=$!
    for _ in $(seq 1 100); do grep -q 'listening on http' "$log" 2>/dev/null && break; sleep 0.1; done
    url=$(grep -o 'http://[^ ]*' "$log" | head -1 || true)
    [ -n "$url" ] || { cat "$log" >&2; die "python: emulator did not start"; }
    PYTHONPATH="$OUT/python" python3 - "$url" <<'PY' || die "python: live call against the emulator failed"
import sys
import experiments_api
from experiments_api.rest import ApiException

config = experiments_api.Configuration(host=sys.argv[1], api_key={"ApiKey": "emulator-ld-key"})
config.access_token = None  # this generator's Configuration reads it in auth_settings() but never sets it
api = experiments_api.ExperimentsApi(experiments_api.ApiClient(config))
page = api.get_experiments("default", "production")
try:
    api.get_experiment("default", "production", "does-not-exist")
    raise SystemExit("expected a 404")
except ApiException as error:
    if error.status != 404:
        raise
    status = error.status
print(f"other-generators: python: live call ok: get_experiments -> {type(page).__name__} "
      f"({len(page.items)} items), missing experiment -> ApiException {status}")
PY
    kill "$EMULATOR_PID" && wait "$EMULATOR_PID" 2>/dev/null || true
    EMULATOR_PID=
  fi
else
  say "python: python3 not found; compile check skipped"
fi

# --- Go -----------------------------------------------------------------------------------------
say "go: java -jar $JAR generate -g go (package experimentsapi)"
generate go "$WORK/go.log" java -jar "$JAR" generate -g go \
  --additional-properties=packageName=experimentsapi,packageVersion="$VERSION",isGoSubmodule=false
go_models=$(find "$OUT/go" -maxdepth 1 -name 'model_*.go' | wc -l)
go_docs=$(find "$OUT/go/docs" -name '*.md' ! -iname '*Api.md' | wc -l)
go_apis=$(find "$OUT/go" -maxdepth 1 -name 'api_*.go' | wc -l)
[ "$go_models" -gt 0 ] && [ "$go_models" = "$go_docs" ] ||
  die "go: $go_models model_*.go files for $go_docs model docs (the model template did not run for every model)"
[ "$go_apis" -gt 0 ] || die "go: no api_*.go generated"
if command -v gofmt >/dev/null; then
  gofmt -l -e "$OUT/go" >"$WORK/gofmt.log" 2>&1 || { cat "$WORK/gofmt.log" >&2; die "go: gofmt found syntax errors"; }
  say "go: $go_apis API files, $go_models models; gofmt -e parses every file ($(go version 2>/dev/null || echo gofmt))"
else
  say "go: $go_apis API files, $go_models models (Go not installed: syntax check skipped)"
fi
# Opt-in compile check. Needs Debian's golang-go and golang-golang-x-oauth2-dev (the client's only
# dependency; no Go module proxy is used: GOPATH mode against /usr/share/gocode).
if [ "${OTHER_SDKS_GO_BUILD:-0}" = 1 ]; then
  command -v go >/dev/null || die "go: OTHER_SDKS_GO_BUILD=1 but go is not installed (apt-get install golang-go golang-golang-x-oauth2-dev)"
  [ -d /usr/share/gocode/src/golang.org/x/oauth2 ] || die "go: golang.org/x/oauth2 missing (apt-get install golang-golang-x-oauth2-dev)"
  gopath="$WORK/gopath"
  mkdir -p "$gopath/src/example.com"
  cp -R "$OUT/go" "$gopath/src/example.com/experimentsapi"
  if ! (cd "$gopath/src/example.com/experimentsapi" && GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS= \
    go build -gcflags=-e . >"$WORK/gobuild.log" 2>&1); then
    sed 's/^/    /' "$WORK/gobuild.log" >&2
    die "go: the generated client does not compile"
  fi
  say "go: go build ok"
fi

say "ok: python and go clients generated from openapi.yaml${OTHER_SDKS_OUT:+ (kept in $OUT)}"
