#!/usr/bin/env bash
# The README's "Test it", from nothing but Node.js 20+: installs pnpm at the pinned version, the
# Debian packages the integration tests start (as root on Debian/Ubuntu; elsewhere it says what to
# install), Debian trixie's Docker engine into a cache directory; starts a private containerd and
# dockerd for the buildx tests (stopped by pid on exit); then `pnpm install --frozen-lockfile` and
# `pnpm test`. Every docker and buildx command of the run uses a Docker config of its own; the
# owner's (DOCKER_CONFIG, else ~/.docker; and BUILDX_CONFIG when set) must be as it was at the end,
# or the run fails naming what changed; so must the temp directory (no mbp-testkit-* left behind).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
MBP_SCRIPT=test.sh
# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"
# shellcheck source=lib/docker-config.sh
source "$root/scripts/lib/docker-config.sh"

run_dir=$(mktemp -d /tmp/mbp-test.XXXXXX)
dockerd_dir=""
on_exit() {
  if [[ -n $dockerd_dir ]]; then bash "$root/scripts/dockerd.sh" stop "$dockerd_dir"; fi
  rm -rf "$run_dir"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The owner's Docker config (and buildx state, when BUILDX_CONFIG puts it elsewhere), fingerprinted
# before anything runs; then a config of this run's own for everything that follows.
watched=("$(mbp_owner_docker_config)")
[[ -n ${BUILDX_CONFIG:-} ]] && watched+=("$BUILDX_CONFIG")
for i in "${!watched[@]}"; do
  mbp_docker_fingerprint "${watched[$i]}" >"$run_dir/before-$i"
  cp "${watched[$i]}/buildx/current" "$run_dir/current-$i" 2>/dev/null || true
done
mbp_private_docker_config "$run_dir/docker-config"
# What the tests make in the temp directory must be gone at the end: a marker to tell theirs apart.
tmp_root=${TMPDIR:-/tmp}
touch "$run_dir/started"
export DOCKER_CONFIG=$run_dir/docker-config BUILDX_CONFIG=$run_dir/docker-config/buildx

mbp_require_node
mbp_require_tools "${MBP_TEST_TOOLS[@]}"
mbp_register_binfmt
mbp_require_docker_engine
mbp_require_pnpm "$root"

# A private Docker engine for the buildx tests, unless the caller started one (MBP_DOCKERD_DIR).
# Where it cannot start, the tests that need it skip with this reason.
if [[ -z ${MBP_DOCKERD_DIR:-} ]]; then
  dockerd_dir=$(mktemp -d /tmp/mbp-dockerd.XXXXXX)
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
status=0
pnpm test || status=$?

left=$(find "$tmp_root" -maxdepth 1 -name 'mbp-testkit-*' -newer "$run_dir/started" 2>/dev/null | sort)
if [[ -n $left ]]; then
  mbp_log "the tests left $(wc -l <<<"$left") temporary directories in $tmp_root (each test file must remove what it makes):"
  sed -E 's/-[A-Za-z0-9]{6}$//' <<<"$left" | sort | uniq -c | while IFS= read -r line; do mbp_log "  $line"; done
  status=1
fi
for i in "${!watched[@]}"; do
  if ! mbp_docker_check "${watched[$i]}" "$run_dir/before-$i" "$run_dir/current-$i" >"$run_dir/changes"; then
    while IFS= read -r line; do mbp_log "$line"; done <"$run_dir/changes"
    status=1
  fi
done
exit "$status"
