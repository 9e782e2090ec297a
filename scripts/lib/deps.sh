# Installs what this repository's scripts need. Sourced (not run) by scripts/test.sh (the README's
# "Test it") and packages/cli/bin/try.sh (the README's "Run it"); every function is idempotent and
# only checks when everything is already there.
#
# As root on Debian or Ubuntu it installs with apt-get; elsewhere it stops and prints the exact
# command to run. Set MBP_SCRIPT (the name in messages) before sourcing.
#
# The Docker engine for the buildx tests (containerd 1.7, dockerd 26, the buildx 0.13 plugin, and
# the docker CLI when there is none) comes from Debian trixie's packages, unpacked with a private
# apt configuration into a cache directory (nothing is installed system-wide but a buildx plugin
# link, and only where `docker buildx` finds none).

MBP_SCRIPT=${MBP_SCRIPT:-$(basename -- "$0")}
MBP_CACHE=${MBP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mbp}

mbp_log() { printf '%s: %s\n' "$MBP_SCRIPT" "$*" >&2; }
mbp_fail() {
  printf '%s: %s\n' "$MBP_SCRIPT" "$*" >&2
  exit 1
}
mbp_have() { command -v "$1" >/dev/null 2>&1; }
mbp_can_apt() { [[ $(id -u) -eq 0 ]] && mbp_have apt-get && mbp_have dpkg; }

# Node.js 20 or later.
mbp_require_node() {
  mbp_have node || mbp_fail "Node.js 20 or later is needed (https://nodejs.org/en/download); then run this again"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || mbp_fail "Node.js 20 or later is needed; this is $(node --version)"
}

# mbp_require_tools COMMAND:DEBIAN_PACKAGE[:FEDORA_PACKAGE]...: installs the packages of the
# missing commands (the Fedora name, when it differs, only goes into the message).
mbp_require_tools() {
  local entry cmd deb rpm missing=() fedora=()
  for entry in "$@"; do
    IFS=: read -r cmd deb rpm <<<"$entry"
    mbp_have "$cmd" && continue
    missing+=("$deb")
    fedora+=("${rpm:-$deb}")
  done
  ((${#missing[@]} > 0)) || return 0
  if mbp_can_apt; then
    mbp_log "installing ${missing[*]} with apt-get"
    mbp_apt_get update -qq
    mbp_apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    mbp_fail "${missing[*]} missing. Install with: sudo apt-get install ${missing[*]} (Debian/Ubuntu) or sudo dnf install ${fedora[*]} (Fedora); then run this again"
  fi
}

mbp_apt_get() { DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

# Everything the test suite runs: registries, buildah, skopeo, htpasswd, QEMU and binfmt, openssl.
MBP_TEST_TOOLS=(docker-registry:docker-registry:distribution buildah:buildah skopeo:skopeo
  htpasswd:apache2-utils:httpd-tools qemu-aarch64-static:qemu-user-static:qemu-user-static-aarch64
  update-binfmts:binfmt-support:qemu-user-binfmt openssl:openssl)

# QEMU user emulation for foreign-architecture RUN steps (tests skip them, saying why, without it).
mbp_register_binfmt() {
  [[ $(id -u) -eq 0 ]] || return 0
  if [[ -d /proc/sys/fs/binfmt_misc && ! -e /proc/sys/fs/binfmt_misc/register ]]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
  fi
  if [[ -e /proc/sys/fs/binfmt_misc/register && ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
    update-binfmts --enable qemu-aarch64 2>/dev/null || true
  fi
}

# pnpm at the version package.json pins (packageManager), on PATH. Uses an installed pnpm of that
# version, else installs it once into the cache with npm (corepack may not reach its registry).
mbp_require_pnpm() {
  local root=$1 version prefix
  version=$(node -p "require('$root/package.json').packageManager.split('@')[1]")
  [[ $(pnpm --version 2>/dev/null || true) == "$version" ]] && return 0
  prefix=$MBP_CACHE/pnpm-$version
  if [[ ! -x $prefix/node_modules/.bin/pnpm ]]; then
    mbp_log "installing pnpm $version into $prefix"
    npm install --silent --no-audit --no-fund --prefix "$prefix" "pnpm@$version" >/dev/null ||
      mbp_fail "could not install pnpm $version with npm; install it yourself: npm install -g pnpm@$version"
  fi
  export PATH="$prefix/node_modules/.bin:$PATH"
}

# The Debian mirror this system already uses (deb.debian.org when it uses none, e.g. on Ubuntu).
mbp_debian_mirror() {
  local uri=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $uri && -r /etc/apt/sources.list ]]; then
    uri=$(awk '/^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list |
      grep -v -e security -e ubuntu | head -n 1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# The machine's Debian architecture (amd64, arm64) and the other one the tests build for.
mbp_arch() { dpkg --print-architecture 2>/dev/null || { [[ $(uname -m) == aarch64 ]] && echo arm64 || echo amd64; }; }
mbp_foreign_arch() { [[ $(mbp_arch) == arm64 ]] && echo amd64 || echo arm64; }

# Debian trixie's Docker engine unpacked into $MBP_CACHE/trixie: MBP_TOOLS_BIN (containerd, dockerd,
# runc, docker when the system has none) goes first on PATH, and `docker buildx` finds the plugin.
# Also busybox-static for both architectures ($MBP_CACHE/trixie/busybox-<arch>), for FROM scratch
# test images with RUN steps. Root on Debian/Ubuntu only; elsewhere it says what to install.
mbp_require_docker_engine() {
  local dir=$MBP_CACHE/trixie arch foreign
  arch=$(mbp_arch)
  foreign=$(mbp_foreign_arch)
  MBP_TOOLS_BIN=$dir/bin
  if [[ ! -e $dir/.complete ]]; then
    if ! mbp_can_apt; then
      mbp_log "no Docker engine for the buildx tests (they skip, saying why); to run them, as root on Debian/Ubuntu run this again, or install containerd 1.7+, dockerd 25+ and docker-buildx yourself"
      return 0
    fi
    mbp_unpack_trixie "$dir" "$arch" "$foreign" || {
      mbp_log "could not unpack trixie's Docker packages into $dir; the buildx tests will skip"
      return 0
    }
  fi
  export PATH="$MBP_TOOLS_BIN:$PATH" MBP_BUSYBOX_DIR=$dir
  mbp_require_buildx_plugin "$dir/root/usr/libexec/docker/cli-plugins/docker-buildx"
}

mbp_unpack_trixie() {
  local dir=$1 arch=$2 foreign=$3 mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg deb
  [[ -r $keyring ]] || mbp_apt_get install -y -qq --no-install-recommends debian-archive-keyring >/dev/null
  mirror=$(mbp_debian_mirror)
  mbp_log "unpacking Debian trixie's containerd, docker.io, docker-buildx and busybox-static ($mirror) into $dir"
  rm -rf "$dir"
  mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs" "$dir/root" "$dir/bin"
  echo "deb [signed-by=$keyring] $mirror trixie main" >"$dir/apt/sources.list"
  cat >"$dir/apt/apt.conf" <<EOF
Dir::Etc::SourceList "$dir/apt/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$dir/apt/lists";
Dir::Cache "$dir/apt/cache";
Dir::State::status "$dir/apt/status";
APT::Architecture "$arch";
APT::Architectures { "$arch"; "$foreign"; };
APT::Sandbox::User "root";
EOF
  : >"$dir/apt/status"
  export APT_CONFIG=$dir/apt/apt.conf
  local packages=(containerd docker.io docker-buildx runc busybox-static "busybox-static:$foreign")
  mbp_have docker || packages+=(docker-cli)
  if ! { mbp_apt_get update -qq && (cd "$dir/debs" && apt-get download -qq "${packages[@]}" >/dev/null); }; then
    unset APT_CONFIG
    return 1
  fi
  unset APT_CONFIG
  for deb in "$dir"/debs/*.deb; do
    case $deb in
    *busybox-static_*"_$foreign.deb") mbp_extract_busybox "$deb" "$dir/busybox-$foreign" ;;
    *busybox-static_*) mbp_extract_busybox "$deb" "$dir/busybox-$arch" ;;
    *) dpkg -x "$deb" "$dir/root" ;;
    esac
  done
  local tool
  for tool in containerd containerd-shim-runc-v2 ctr docker; do
    [[ -x $dir/root/usr/bin/$tool ]] && ln -sf "$dir/root/usr/bin/$tool" "$dir/bin/$tool"
  done
  ln -sf "$dir/root/usr/sbin/dockerd" "$dir/bin/dockerd"
  # trixie's runc needs glibc 2.38; on an older system (bookworm: 2.36) use the system's runc.
  if "$dir/root/usr/sbin/runc" --version >/dev/null 2>&1; then
    ln -sf "$dir/root/usr/sbin/runc" "$dir/bin/runc"
  else
    mbp_log "trixie's runc does not run here (older glibc); using the system's runc"
    mbp_require_tools runc:runc
  fi
  rm -rf "$dir/debs" "$dir/apt"
  touch "$dir/.complete"
}

# The static busybox of a busybox-static package (/bin or, merged, /usr/bin).
mbp_extract_busybox() {
  local deb=$1 dest=$2 tmp
  tmp=$(mktemp -d)
  dpkg -x "$deb" "$tmp" && find "$tmp" -name busybox -type f -exec mv {} "$dest" \;
  rm -rf "$tmp"
  [[ -x $dest ]]
}

# `docker buildx` finds the plugin: left alone when it already works (a developer's own install),
# else linked where the docker CLI looks for plugins that no package manages.
mbp_require_buildx_plugin() {
  local plugin=$1 target
  docker buildx version >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]]; then target=/usr/local/libexec/docker/cli-plugins
  else target=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins; fi
  [[ -e $target/docker-buildx ]] && return 0
  mkdir -p "$target" && ln -s "$plugin" "$target/docker-buildx"
  mbp_log "linked the buildx plugin into $target"
}
