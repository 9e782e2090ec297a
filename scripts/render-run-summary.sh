#!/usr/bin/env bash
# Draws the gantt chart of docs/run-summary-example.md into docs/images/run-summary.png, with
# mermaid-cli from npm (a pinned version, run with npx: not a dependency of this repository) driving
# Debian's chromium instead of puppeteer's own browser download:
#
#   apt-get install chromium && scripts/render-run-summary.sh
#
# CHROMIUM names another browser binary. Run it again whenever the example changes.
set -euo pipefail

MERMAID_CLI=@mermaid-js/mermaid-cli@11.17.0 # the last release that runs on Node 20
root=$(cd "$(dirname "$0")/.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || {
  echo "render-run-summary.sh: no $chromium; apt-get install chromium, or set CHROMIUM" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first ```mermaid block of the example.
awk '/^```mermaid$/ { on = 1; next } /^```$/ { if (on) exit } on' "$root/docs/run-summary-example.md" >"$work/chart.mmd"
[[ -s $work/chart.mmd ]] || {
  echo "render-run-summary.sh: no mermaid block in docs/run-summary-example.md" >&2
  exit 1
}
printf '{"executablePath":"%s","args":["--no-sandbox"]}\n' "$chromium" >"$work/puppeteer.json"
mkdir -p "$root/docs/images"
cd "$work"
PUPPETEER_SKIP_DOWNLOAD=1 npx --yes "$MERMAID_CLI" \
  --input chart.mmd --output "$root/docs/images/run-summary.png" \
  --puppeteerConfigFile puppeteer.json --width 1200 --backgroundColor white --scale 2
