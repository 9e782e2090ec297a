#!/usr/bin/env bash
# The README's "Test it", from nothing but Node.js 20+: installs pnpm at the pinned version, the
# Debian packages the integration tests start (as root on Debian/Ubuntu; elsewhere it says what to
# install), Debian trixie's Docker engine into a cache directory; starts a private containerd and
# dockerd for the buildx tests (stopped by pid on exit); then `pnpm install --frozen-lockfile` and
# `pnpm test`.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
MBP_SCRIPT=test.sh
# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"

mbp_require_node
mbp_require_tools "${MBP_TEST_TOOLS[@]}"
mbp_register_binfmt
mbp_require_docker_engine
mbp_require_pnpm "$root"

# A private Docker engine for the buildx tests, unless the caller started one (MBP_DOCKERD_DIR).
# Where it cannot start, the tests that need it skip with this reason.
if [[ -z ${MBP_DOCKERD_DIR:-} ]]; then
  dockerd_dir=$(mktemp -d /tmp/mbp-dockerd.XXXXXX)
  stop_dockerd() { bash "$root/scripts/dockerd.sh" stop "$dockerd_dir"; }
  trap stop_dockerd EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if reason=$(bash "$root/scripts/dockerd.sh" start "$dockerd_dir" 2>&1 >/dev/null); then
    set -a
    # shellcheck source=/dev/null
    source "$dockerd_dir/env"
    set +a
    mbp_log "dockerd for the buildx tests: $DOCKER_HOST"
  else
    export MBP_DOCKERD_UNAVAILABLE=${reason#dockerd.sh: }
    mbp_log "no dockerd (${MBP_DOCKERD_UNAVAILABLE}); the buildx tests skip"
  fi
fi

cd "$root"
mbp_log "node $(node --version), pnpm $(pnpm --version), $(buildah --version | cut -d' ' -f1-3), $(skopeo --version), $(docker --version 2>/dev/null || echo 'no docker CLI')"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm install --frozen-lockfile --reporter=silent
pnpm test
