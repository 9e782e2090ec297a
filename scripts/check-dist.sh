#!/usr/bin/env bash
# Rebuilds every action bundle and fails when the committed dist/ differs from what the sources
# produce (a stale bundle means users run old code). A build turbo already ran from the same sources
# (pnpm test builds every bundle) is restored from its cache instead of bundled again.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm exec turbo run build --output-logs=errors-only
if ! git diff --quiet -- 'packages/*/dist/*' || [[ -n $(git ls-files --others --exclude-standard -- 'packages/*/dist/*') ]]; then
  echo "::error::dist/ is out of date with the sources; run 'pnpm build' and commit packages/*/dist" >&2
  git status --short -- 'packages/*/dist/*' >&2
  exit 1
fi
echo "dist/ is up to date"
