#!/usr/bin/env bash
# Fails when generated/ is not exactly what openapi.yaml + templates/ + generator-config.json produce:
# a spec change that was not regenerated, a hand edit, or a stale or extra file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/generate.sh
if ! git diff --quiet -- generated || [ -n "$(git status --porcelain --untracked-files=all -- generated)" ]; then
  echo "drift: generated/ differs from what openapi.yaml and templates/ produce:" >&2
  git status --short --untracked-files=all -- generated >&2
  git --no-pager diff --stat -- generated >&2
  echo "Run 'npm run generate' and commit the result; never edit generated/ by hand." >&2
  exit 1
fi
echo "drift: generated/ is up to date"
