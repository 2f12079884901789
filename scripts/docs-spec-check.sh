#!/usr/bin/env bash
# The spec's reference page: `npm run docs:spec` renders openapi.yaml into docs/spec/index.html (Redoc,
# inlined, offline), then scripts/docs-spec-check.js opens it in headless Chromium and checks that every
# operation and every semantic-patch instruction kind renders, with a negative control.
# Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH); installed with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_TELEMETRY=off
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "chromium missing: installing Debian's chromium package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
export CHROMIUM_PATH
"$CHROMIUM_PATH" --version 2>/dev/null | grep -v '^/' || true
npm run --silent docs:spec 2>&1 | grep -E 'bundled|rror' || true
[ -s docs/spec/index.html ] || { echo "docs-spec-check: npm run docs:spec wrote no docs/spec/index.html" >&2; exit 1; }
node scripts/docs-spec-check.js docs/spec/index.html
