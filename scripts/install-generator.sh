#!/usr/bin/env bash
# Puts the pinned openapi-generator jar (generator-cli.version in openapitools.json) where the npm wrapper
# looks for it (generator-cli.storageDir, outside the repo), fetched once through Maven from Maven Central
# and accepted only if its SHA-256 equals the one committed in scripts/openapi-generator.sha256.
# Needs Java and Maven (Debian: openjdk-17-jdk-headless maven). Nothing else downloads the jar:
# `npm run generate` only runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/generator-jar.sh
say() { printf 'generator:install: %s\n' "$*"; }
die() { printf 'generator:install: FAILED: %s\n' "$*" >&2; exit 1; }

if [ -f "$GENERATOR_JAR" ]; then
  got=$(sha256sum "$GENERATOR_JAR" | cut -d' ' -f1)
  [ "$got" = "$GENERATOR_SHA256" ] ||
    die "$GENERATOR_JAR has SHA-256 $got, expected $GENERATOR_SHA256 (scripts/openapi-generator.sha256); delete it and run again"
  say "openapi-generator $GENERATOR_VERSION already at $GENERATOR_JAR (SHA-256 ok)"
  exit 0
fi

command -v mvn >/dev/null || die "mvn not found (Debian: apt-get install maven)"
command -v java >/dev/null || die "java not found (Debian: apt-get install openjdk-17-jdk-headless)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/experiments-api-generator.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
say "fetching org.openapitools:openapi-generator-cli:$GENERATOR_VERSION through Maven"
# The plugin version is pinned so the same Maven goal runs everywhere.
mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.openapitools:openapi-generator-cli:$GENERATOR_VERSION" -DoutputDirectory="$WORK" \
  >"$WORK/mvn.log" 2>&1 || { cat "$WORK/mvn.log" >&2; die "mvn dependency:copy failed (log above)"; }
fetched="$WORK/openapi-generator-cli-$GENERATOR_VERSION.jar"
[ -f "$fetched" ] || die "Maven did not produce $(basename "$fetched")"
got=$(sha256sum "$fetched" | cut -d' ' -f1)
if [ "$got" != "$GENERATOR_SHA256" ]; then
  printf 'generator:install: FAILED: CHECKSUM MISMATCH for openapi-generator-cli-%s.jar\n  got      %s\n  expected %s (scripts/openapi-generator.sha256)\nThe jar was not installed.\n' \
    "$GENERATOR_VERSION" "$got" "$GENERATOR_SHA256" >&2
  exit 1
fi
mkdir -p "$(dirname "$GENERATOR_JAR")"
# Copy then rename, so a half-written jar never sits at the path the wrapper trusts.
cp "$fetched" "$GENERATOR_JAR.tmp.$$" && mv "$GENERATOR_JAR.tmp.$$" "$GENERATOR_JAR"
say "installed openapi-generator $GENERATOR_VERSION at $GENERATOR_JAR (SHA-256 $GENERATOR_SHA256)"
