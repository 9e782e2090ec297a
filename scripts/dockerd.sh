#!/usr/bin/env bash
# A private Docker engine for the buildx tests: containerd on its own socket, and dockerd with the
# containerd image store (multi-platform images, attestations, registry cache export with the
# `docker` buildx driver), its own data root, exec root, pidfile and socket, and no iptables.
# Needs root, containerd, dockerd and runc (scripts/lib/deps.sh unpacks Debian trixie's).
#
#   scripts/dockerd.sh start DIR   starts both; prints DOCKER_HOST=unix://DIR/docker.sock and writes
#                                  DIR/env (DOCKER_HOST, MBP_DOCKERD_DIR, MBP_DOCKERD_BRIDGE, and
#                                  DOCKER_CONFIG and BUILDX_CONFIG of its own in DIR/docker-config:
#                                  buildx run against this daemon with the owner's config would
#                                  switch the owner's current builder to it)
#   scripts/dockerd.sh stop DIR    stops both by pid, removes the bridge and DIR
#   scripts/dockerd.sh check       exits 1, saying why, where no daemon can start
#
# DIR must be short (unix socket paths hold 107 bytes): mktemp -d /tmp/mbp-dockerd.XXXXXX.
# RUN steps get a network through a bridge of our own (mbp<pid>, no NAT: loopback only); when no
# bridge can be made, dockerd runs with --bridge=none and RUN steps need `--network=none`.
set -euo pipefail
# shellcheck source=lib/docker-config.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib/docker-config.sh"

cache=${MBP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mbp}
[[ -d $cache/trixie/bin ]] && PATH="$cache/trixie/bin:$PATH"

fail() {
  echo "dockerd.sh: $*" >&2
  exit 1
}

# Waits for a pid to exit (up to $2 seconds), then kills it.
stop_pid() {
  local pid=$1 wait=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# Whether dockerd answers /_ping on its socket.
ping() {
  node -e '
    const req = require("node:http").get({ socketPath: process.argv[1], path: "/_ping", timeout: 2000 },
      (res) => process.exit(res.statusCode === 200 ? 0 : 1));
    req.on("error", () => process.exit(1));
    req.on("timeout", () => process.exit(1));' "$1"
}

# Whether a daemon can start here at all; fails with the reason.
check() {
  local tool
  [[ $(id -u) -eq 0 ]] || fail "dockerd needs root (this is uid $(id -u))"
  for tool in containerd containerd-shim-runc-v2 dockerd runc; do
    command -v "$tool" >/dev/null 2>&1 || fail "no $tool on PATH (scripts/test.sh unpacks Debian trixie's as root on Debian/Ubuntu)"
  done
  runc --version >/dev/null 2>&1 || fail "runc does not run here: $(runc --version 2>&1 | head -n 1)"
}

start() {
  local dir=$1 bridge=none subnet
  check
  ((${#dir} < 60)) || fail "$dir is too long for unix socket paths; use mktemp -d /tmp/mbp-dockerd.XXXXXX"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)

  cat >"$dir/containerd.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/containerd/opt"
EOF
  containerd --config "$dir/containerd.toml" --log-level warn >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  # Up to a minute (two, for dockerd below): seconds on an idle machine, many more on a busy one;
  # a daemon that gives up too early makes the buildx tests skip.
  for ((i = 0; i < 600; i++)); do
    [[ -S $dir/containerd.sock ]] && break
    kill -0 "$(cat "$dir/containerd.pid")" 2>/dev/null || fail "containerd exited: $(tail -n 5 "$dir/containerd.log")"
    sleep 0.1
  done
  [[ -S $dir/containerd.sock ]] || fail "containerd did not open $dir/containerd.sock: $(tail -n 5 "$dir/containerd.log")"

  # A bridge of our own, so RUN steps (and buildx's SBOM scanner) get a network namespace; no NAT.
  local name="mbp$$"
  name=${name:0:15}
  for ((i = 0; i < 20; i++)); do
    subnet="10.213.$(((RANDOM % 250) + 1))"
    ip -4 route 2>/dev/null | grep -q "^$subnet\." || break
  done
  if command -v ip >/dev/null 2>&1 && ip link add "$name" type bridge 2>/dev/null; then
    if ip addr add "$subnet.1/24" dev "$name" && ip link set "$name" up; then
      bridge=$name
    else
      ip link del "$name" 2>/dev/null || true
    fi
  fi
  echo "$bridge" >"$dir/bridge"

  echo '{"features":{"containerd-snapshotter":true}}' >"$dir/daemon.json"
  dockerd --config-file "$dir/daemon.json" --containerd "$dir/containerd.sock" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pidfile" \
    --host "unix://$dir/docker.sock" --iptables=false --ip-masq=false --ip-forward=false \
    --bridge="$bridge" --userland-proxy=false --log-level warn >"$dir/dockerd.log" 2>&1 &
  echo $! >"$dir/dockerd.pid"
  for ((i = 0; i < 1200; i++)); do
    [[ -S $dir/docker.sock ]] && ping "$dir/docker.sock" && break
    kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null || break
    sleep 0.1
  done
  if ! ping "$dir/docker.sock"; then
    local log
    log=$(tail -n 5 "$dir/dockerd.log")
    stop "$dir"
    fail "dockerd did not start: $log"
  fi
  mbp_private_docker_config "$dir/docker-config"
  cat >"$dir/env" <<EOF
DOCKER_HOST=unix://$dir/docker.sock
DOCKER_CONFIG=$dir/docker-config
BUILDX_CONFIG=$dir/docker-config/buildx
MBP_DOCKERD_DIR=$dir
MBP_DOCKERD_BRIDGE=$bridge
EOF
  echo "DOCKER_HOST=unix://$dir/docker.sock"
}

stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  [[ -f $dir/dockerd.pid ]] && stop_pid "$(cat "$dir/dockerd.pid")" 20
  [[ -f $dir/containerd.pid ]] && stop_pid "$(cat "$dir/containerd.pid")" 10
  local bridge
  bridge=$(cat "$dir/bridge" 2>/dev/null || echo none)
  [[ $bridge == none ]] || ip link del "$bridge" 2>/dev/null || true
  # Snapshot mounts a killed daemon may have left behind, then the directory.
  grep -F " $dir/" /proc/self/mounts | awk '{ print $2 }' | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$dir"
}

case ${1:-} in
check) check ;;
start) start "${2:?usage: dockerd.sh start DIR}" ;;
stop) stop "${2:?usage: dockerd.sh stop DIR}" ;;
*) fail "usage: dockerd.sh check | start DIR | stop DIR" ;;
esac
