#!/usr/bin/env bash
# Regenerates generated/ from openapi.yaml + templates/, offline and byte-for-byte reproducibly.
# The jar ships inside the pinned npm package, so no step downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=node_modules/@openapitools/openapi-generator-cli/bin/openapi-generator.jar
OUT=generated
EXPECTED=5.0.0-beta2
command -v java >/dev/null || { echo "generate: java not found (install openjdk-17-jre-headless)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "generate: $JAR missing; run npm ci" >&2; exit 1; }
version=$(java -jar "$JAR" version)
[ "$version" = "$EXPECTED" ] || { echo "generate: generator is $version, expected $EXPECTED" >&2; exit 1; }
# The generator never deletes files it no longer produces, so start from nothing.
rm -rf "$OUT"
# `default` is a legal TS property name; without the mapping the generator renames it `_default`.
java -jar "$JAR" generate -i openapi.yaml -g typescript-fetch -t templates/typescript-fetch \
  -c generator-config.json --reserved-words-mappings default=default -o "$OUT" >.generate.log 2>&1 || { cat .generate.log >&2; rm -f .generate.log; exit 1; }
rm -f .generate.log

cat >"$OUT/README.md" <<'MD'
# generated/ (do not edit)

Produced by `npm run generate` from `openapi.yaml`, `generator-config.json` and `templates/`
(openapi-generator 5.0.0-beta2, `typescript-fetch`). Edits here are lost and fail CI's drift check:
change the spec or a template override instead.
MD
