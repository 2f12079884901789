#!/usr/bin/env bash
# Regenerates generated/ from openapi.yaml + templates/ + generator-config.json, offline and byte-for-byte
# reproducibly, through the pinned npm wrapper (@openapitools/openapi-generator-cli) running the pinned
# generator jar (openapitools.json). This script never downloads: the jar is put in place once by
# `npm run generator:install`, and its SHA-256 is checked here on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/generator-jar.sh
OUT=generated
fail() { printf 'generate: %s\n' "$*" >&2; exit 1; }
[ -f "$GENERATOR_JAR" ] || fail "openapi-generator $GENERATOR_VERSION is not installed ($GENERATOR_JAR missing): run npm run generator:install"
command -v java >/dev/null || fail "java not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
got=$(sha256sum "$GENERATOR_JAR" | cut -d' ' -f1)
[ "$got" = "$GENERATOR_SHA256" ] || fail "$GENERATOR_JAR has SHA-256 $got, not the committed $GENERATOR_SHA256: delete it and run npm run generator:install"
# The generator never deletes files it no longer produces, so start from nothing.
rm -rf "$OUT"
# OPENAPI_GENERATOR_CLI_SEARCH_URL=DEFAULT: the wrapper never asks Maven Central for versions (it does not
# anyway while openapitools.json pins one, and it only downloads a jar that is missing, checked above).
# apiDocs/modelDocs=false: no docs/*.md next to the code. `default` is a legal TS property name; without the
# mapping the generator renames it `_default`.
OPENAPI_GENERATOR_CLI_SEARCH_URL=DEFAULT node_modules/.bin/openapi-generator-cli generate \
  -i openapi.yaml -g typescript-fetch -t templates/typescript-fetch -c generator-config.json \
  --global-property apiDocs=false,modelDocs=false --reserved-words-mappings default=default \
  -o "$OUT" >.generate.log 2>&1 || { cat .generate.log >&2; rm -f .generate.log; exit 1; }
rm -f .generate.log

cat >"$OUT/README.md" <<MD
# generated/ (do not edit)

Produced by \`npm run generate\` from \`openapi.yaml\`, \`generator-config.json\` and \`templates/\`
(openapi-generator $GENERATOR_VERSION, \`typescript-fetch\`, run through the npm wrapper pinned in
\`package.json\`). Edits here are lost and fail CI's drift check: change the spec or a template override instead.
MD
