#!/usr/bin/env bash
# The README's "Run it": builds examples/hello for linux/amd64 and linux/arm64 with the local CLI into
# ./out/oci (an OCI image layout), stitches the multi-arch index and verifies it. Installs what is
# missing first (buildah and skopeo with apt-get when run as root on Debian/Ubuntu, otherwise it says
# what to install); when everything is there it only checks, then runs. Extra arguments go to `run`
# (for example --tag dev, or --push --images ghcr.io/you/hello).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd)

MBP_SCRIPT=try.sh
# shellcheck source=../../../scripts/lib/deps.sh
source "$root/scripts/lib/deps.sh"
mbp_require_node

# buildx only when its current builder answers: the plugin alone (Docker Desktop stopped, a client-only
# CI image) cannot build, and the CLI's auto engine then falls back to buildah too.
buildx=false
bounded=()
mbp_have timeout && bounded=(timeout 8) # as long as the CLI waits (BUILDER_CHECK_MS); coreutils; macOS has none, and a stopped Docker Desktop answers at once
if mbp_have docker && docker buildx version >/dev/null 2>&1 &&
  ${bounded[@]+"${bounded[@]}"} docker buildx inspect --bootstrap 2>/dev/null | grep -Eq '^Status:[[:space:]]+running'; then
  buildx=true
fi
tools=(skopeo:skopeo)
$buildx || tools=(buildah:buildah "${tools[@]}")
mbp_require_tools "${tools[@]}"

# With buildah: the vfs driver and chroot isolation work everywhere, unprivileged containers included.
engine=()
$buildx || engine=(--storage-driver vfs --isolation chroot)
cd "$root"
exec node packages/cli/dist/index.js run --context examples/hello --platforms linux/amd64,linux/arm64 \
  ${engine[@]+"${engine[@]}"} "$@"
