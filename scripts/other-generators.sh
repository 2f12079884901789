#!/usr/bin/env bash
# openapi.yaml as a reference for other-language SDKs: generates Python (pydantic v2), Go and Java
# (okhttp-gson) clients with openapi-generator, builds each with its own tools, then runs each
# language's conformance program (test/other-languages/<lang>/) against the emulator, which this
# script starts on a free loopback port. One pass line per language; any failure fails the script.
#
#   python  venv + pip install -r test/other-languages/python/requirements.txt (pinned), then the
#           generated package (--no-deps); runs conformance.py
#   go      go build ./... and go vet ./... in the generated module; the conformance module
#           (go.mod/go.sum pinned, `replace` to the generated client) is built and run
#   java    mvn -q package (tests skipped) on the generated pom; Conformance.java is compiled
#           against target/classes + target/lib and run
#
#   bash scripts/other-generators.sh                   # all three, in a temp dir deleted on exit
#   OTHER_SDKS_LANGS="python go" bash scripts/other-generators.sh
#   OTHER_SDKS_OUT=out bash scripts/other-generators.sh  # keep the generated clients in ./out/<lang>
#   OTHER_SDKS_SPEC=path.yaml bash scripts/other-generators.sh  # another spec (default openapi.yaml)
#
# Per-language generator options live in test/other-languages/<lang>/generator.yaml.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
# The pinned generator (GENERATOR_VERSION, GENERATOR_JAR, GENERATOR_SHA256), as npm run generate uses it.
source scripts/generator-jar.sh
SPEC=${OTHER_SDKS_SPEC:-openapi.yaml}
LANGS=${OTHER_SDKS_LANGS:-python go java}
CASES="$REPO/test/other-languages"
say() { printf 'other-languages: %s\n' "$*"; }
die() { printf 'other-languages: FAILED: %s\n' "$*" >&2; exit 1; }

# Installs the pinned jar when it is missing (Maven, SHA-256 checked), and checks its SHA-256 either way.
ensure_generator_jar() {
  [ -f "$GENERATOR_JAR" ] || bash scripts/install-generator.sh || die "npm run generator:install failed"
  echo "$GENERATOR_SHA256  $GENERATOR_JAR" | sha256sum -c --status || die "$GENERATOR_JAR: SHA-256 is not $GENERATOR_SHA256"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-other.XXXXXX")
EMULATOR_PID=
declare -A GENERATOR_PID=()
cleanup() {
  local pid
  for pid in $EMULATOR_PID "${GENERATOR_PID[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
OUT=${OTHER_SDKS_OUT:-$WORK/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for tool in java node; do command -v "$tool" >/dev/null || die "$tool not found"; done
ensure_generator_jar
JAR=$GENERATOR_JAR

# The three generators run side by side (one JVM each); each language waits for its own.
# start_generating <lang>: into $OUT/<lang>, without tests or docs, in the background.
start_generating() {
  local lang=$1
  rm -rf "${OUT:?}/$lang"
  java -jar "$JAR" generate -g "$lang" -i "$SPEC" -o "$OUT/$lang" -c "$CASES/$lang/generator.yaml" \
    --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false >"$WORK/$lang-generate.log" 2>&1 &
  GENERATOR_PID[$lang]=$!
}
# generated <lang>: waits for that generator; fails on a non-zero exit or an ERROR line.
generated() {
  local lang=$1 log="$WORK/$1-generate.log" rc=0
  wait "${GENERATOR_PID[$lang]}" || rc=$?
  unset "GENERATOR_PID[$lang]"
  if [ "$rc" != 0 ]; then
    tail -40 "$log" >&2
    die "$lang: openapi-generator exited non-zero (log above)"
  fi
  if grep -E '^\[main\] ERROR' "$log" >/dev/null; then
    grep -E '^\[main\] ERROR' "$log" | head -20 >&2
    die "$lang: openapi-generator reported errors"
  fi
  say "$lang: generated $(find "$OUT/$lang" -type f | wc -l) files ($(grep -c '^\[main\] WARN' "$log" || true) generator warnings)"
  grep '^\[main\] WARN' "$log" | sed -E 's/^\[main\] WARN +[^ ]+ - //' | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /' || true
}

# run_quiet <lang> <what> <log> cmd...: runs cmd, shows the log's tail and fails if it fails.
run_quiet() {
  local lang=$1 what=$2 log=$3
  shift 3
  "$@" >"$log" 2>&1 || { tail -40 "$log" >&2; die "$lang: $what failed"; }
}

# The emulator from dist/ (built when missing), reset before each language's program.
start_emulator() {
  [ -f dist/emulator/cli.js ] || run_quiet emulator "npm run build" "$WORK/build.log" npm run --silent build
  local log="$WORK/emulator.log"
  node dist/emulator/cli.js --host 127.0.0.1 --port 0 >"$log" 2>&1 &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do grep -q 'listening on http' "$log" 2>/dev/null && break; sleep 0.1; done
  EMULATOR_URL=$(grep -o 'http://[^ ]*' "$log" | head -1 || true)
  [ -n "$EMULATOR_URL" ] || { cat "$log" >&2; die "the emulator did not start"; }
  say "emulator at $EMULATOR_URL"
}
reset_emulator() {
  node -e 'fetch(process.argv[1] + "/__emulator/reset", { method: "POST" }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "$EMULATOR_URL" || die "emulator reset failed"
}

# pass <lang> <program output>: the program's last line must be "<lang> conformance: N checks passed".
pass() {
  local lang=$1 line
  line=$(tail -1 "$2")
  [[ $line =~ ^$lang\ conformance:\ ([0-9]+)\ checks\ passed$ ]] || { cat "$2" >&2; die "$lang: conformance program did not pass"; }
  say "$lang PASS (${BASH_REMATCH[1]} checks; $(($(date +%s) - T0))s since start)"
}

python_sdk() {
  generated python
  local venv="$WORK/venv"
  python3 -m venv "$venv" >"$WORK/venv.log" 2>&1 || { cat "$WORK/venv.log" >&2; die "python: python3 -m venv failed (apt-get install python3-venv)"; }
  run_quiet python "pip install (pinned requirements)" "$WORK/pip.log" \
    "$venv/bin/pip" install --disable-pip-version-check -q -r "$CASES/python/requirements.txt"
  run_quiet python "pip install of the generated package" "$WORK/pip-client.log" \
    "$venv/bin/pip" install --disable-pip-version-check -q --no-deps --no-build-isolation "$OUT/python"
  run_quiet python "pip check" "$WORK/pip-check.log" "$venv/bin/pip" check
  say "python: installed in a venv ($("$venv/bin/python" --version), pydantic $("$venv/bin/python" -c 'import pydantic; print(pydantic.VERSION)'))"
  reset_emulator
  "$venv/bin/python" "$CASES/python/conformance.py" "$EMULATOR_URL" >"$WORK/python-run.log" 2>&1 ||
    { cat "$WORK/python-run.log" >&2; die "python: conformance program failed"; }
  pass python "$WORK/python-run.log"
}

go_sdk() {
  generated go
  # Module versions come from the committed go.sum files; GOFLAGS=-mod=readonly refuses to change them.
  export GOFLAGS=-mod=readonly
  (cd "$OUT/go" && run_quiet go "go build ./..." "$WORK/go-build.log" go build ./...)
  (cd "$OUT/go" && run_quiet go "go vet ./..." "$WORK/go-vet.log" go vet ./...)
  say "go: client builds and vets ($(go version | cut -d' ' -f3))"
  # The conformance module's go.mod replaces the client with ../go-client: copy both side by side.
  rm -rf "$WORK/go-client" "$WORK/go-conformance"
  cp -R "$OUT/go" "$WORK/go-client"
  mkdir -p "$WORK/go-conformance"
  cp "$CASES"/go/go.mod "$CASES"/go/go.sum "$CASES"/go/*.go "$WORK/go-conformance/"
  (cd "$WORK/go-conformance" && run_quiet go "conformance build" "$WORK/go-conf-build.log" go build -o "$WORK/go-conformance.bin" .)
  (cd "$WORK/go-conformance" && run_quiet go "conformance vet" "$WORK/go-conf-vet.log" go vet .)
  reset_emulator
  "$WORK/go-conformance.bin" "$EMULATOR_URL" >"$WORK/go-run.log" 2>&1 || { cat "$WORK/go-run.log" >&2; die "go: conformance program failed"; }
  pass go "$WORK/go-run.log"
}

java_sdk() {
  generated java
  # The generated pom pins its dependencies and copies them into target/lib.
  (cd "$OUT/java" && run_quiet java "mvn -q package" "$WORK/mvn.log" mvn -q -B package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true)
  local cp="$OUT/java/target/classes:$OUT/java/target/lib/*"
  mkdir -p "$WORK/java-conformance"
  run_quiet java "javac Conformance.java" "$WORK/javac.log" javac -d "$WORK/java-conformance" -cp "$cp" "$CASES/java/Conformance.java"
  say "java: client packaged with Maven ($(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g' | cut -d' ' -f1-3), $(javac -version 2>&1))"
  reset_emulator
  java -cp "$WORK/java-conformance:$cp" Conformance "$EMULATOR_URL" >"$WORK/java-run.log" 2>&1 ||
    { cat "$WORK/java-run.log" >&2; die "java: conformance program failed"; }
  pass java "$WORK/java-run.log"
}

say "openapi-generator $GENERATOR_VERSION ($JAR), spec $SPEC"
T0=$(date +%s)
for lang in $LANGS; do
  case $lang in
    python) command -v python3 >/dev/null || die "python: python3 not found" ;;
    go) command -v go >/dev/null || die "go: go not found (apt-get install golang-go)" ;;
    java) for tool in mvn javac; do command -v $tool >/dev/null || die "java: $tool not found (apt-get install maven openjdk-17-jdk-headless)"; done ;;
    *) die "unknown language $lang (python, go, java)" ;;
  esac
done
for lang in $LANGS; do start_generating "$lang"; done
start_emulator
for lang in $LANGS; do
  case $lang in
    python) python_sdk ;;
    go) go_sdk ;;
    java) java_sdk ;;
  esac
done
say "ok: $LANGS${OTHER_SDKS_OUT:+ (clients kept in $OUT)}"
