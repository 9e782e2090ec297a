#!/usr/bin/env bash
# The README's "Run it": builds examples/hello for linux/amd64 and linux/arm64 with the local CLI into
# ./out/oci (an OCI image layout), stitches the multi-arch index and verifies it. Installs what is
# missing first (buildah and skopeo with apt-get when run as root on Debian/Ubuntu, otherwise it says
# what to install); when everything is there it only checks, then runs. Extra arguments go to `run`
# (for example --tag dev, or --push --images ghcr.io/you/hello).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../../.." && pwd)

fail() {
  echo "try.sh: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

have node || fail "Node.js 20 or later is needed (https://nodejs.org/en/download); then run this again"
major=$(node -p 'process.versions.node.split(".")[0]')
((major >= 20)) || fail "Node.js 20 or later is needed; this is $(node --version)"

# buildx only when its current builder answers: the plugin alone (Docker Desktop stopped, a client-only
# CI image) cannot build, and the CLI's auto engine then falls back to buildah too.
buildx=false
bounded=()
have timeout && bounded=(timeout 10) # coreutils; macOS has none, and a stopped Docker Desktop answers at once
if have docker && docker buildx version >/dev/null 2>&1 &&
  ${bounded[@]+"${bounded[@]}"} docker buildx inspect --bootstrap 2>/dev/null | grep -Eq '^Status:[[:space:]]+running'; then
  buildx=true
fi
missing=()
$buildx || have buildah || missing+=(buildah)
have skopeo || missing+=(skopeo)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]] && have apt-get; then
    echo "try.sh: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    fail "${missing[*]} missing. Install with: sudo apt-get install ${missing[*]} (Debian/Ubuntu) or sudo dnf install ${missing[*]} (Fedora); then run this again"
  fi
fi

# With buildah: the vfs driver and chroot isolation work everywhere, unprivileged containers included.
engine=()
$buildx || engine=(--storage-driver vfs --isolation chroot)
cd "$root"
exec node packages/cli/dist/index.js run --context examples/hello --platforms linux/amd64,linux/arm64 \
  ${engine[@]+"${engine[@]}"} "$@"
