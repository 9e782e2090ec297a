# The Docker configuration of a test run, and proof that the owner's was left alone. Sourced (not
# run) by scripts/test.sh and scripts/dockerd.sh.
#
# The docker CLI and buildx write into their config directory as they go: `docker buildx ls` or
# `inspect` under a DOCKER_HOST other than the current builder's rewrites buildx/current (the
# builder the owner chose with `docker buildx use`), builds add buildx/activity and buildx/refs.
# So every docker and buildx command of a test run uses a directory of its own (DOCKER_CONFIG, and
# BUILDX_CONFIG for buildx's state), and scripts/test.sh fingerprints the owner's before and after.

# The owner's Docker config directory, as the docker CLI finds it.
mbp_owner_docker_config() { echo "${DOCKER_CONFIG:-$HOME/.docker}"; }

# mbp_private_docker_config DIR: makes DIR a Docker config directory of its own (an empty
# config.json, buildx state in DIR/buildx) that still finds the CLI plugins of the current one
# (Docker Desktop and manual installs keep buildx in ~/.docker/cli-plugins): each is linked, so
# nothing run with DIR can write into the owner's directory through it.
mbp_private_docker_config() {
  local dir=$1 plugins plugin
  plugins=$(mbp_owner_docker_config)/cli-plugins
  mkdir -p "$dir/cli-plugins" "$dir/buildx"
  chmod 700 "$dir"
  [[ -e $dir/config.json ]] || echo '{}' >"$dir/config.json"
  if [[ -d $plugins ]]; then
    for plugin in "$plugins"/docker-*; do
      [[ -e $plugin && ! -e $dir/cli-plugins/${plugin##*/} ]] && ln -s "$plugin" "$dir/cli-plugins/${plugin##*/}"
    done
  fi
  return 0
}

# mbp_docker_fingerprint DIR: one line per entry under DIR (path, a tab, then type, mode, and the
# sha256 of a file or the target of a link), sorted; `(absent)` when DIR does not exist.
mbp_docker_fingerprint() {
  local dir=$1 type mode path sum
  if [[ ! -e $dir ]]; then
    echo "(absent)"
    return 0
  fi
  (
    cd "$dir" || exit 1
    find . -mindepth 1 -printf '%y %m %p\n' | while read -r type mode path; do
      case $type in
      f)
        sum=$(sha256sum <"$path" 2>/dev/null | cut -d' ' -f1) || sum=""
        printf '%s\tfile %s %s\n' "${path#./}" "$mode" "${sum:-unreadable}"
        ;;
      l) printf '%s\tlink %s\n' "${path#./}" "$(readlink "$path")" ;;
      *) printf '%s\t%s %s\n' "${path#./}" "$type" "$mode" ;;
      esac
    done | LC_ALL=C sort
  )
}

# mbp_docker_changes BEFORE AFTER: what differs between two fingerprints, one line each
# (`added: PATH`, `removed: PATH`, `changed: PATH`); nothing when they are equal.
mbp_docker_changes() {
  awk -F '\t' '
    NR == FNR { before[$1] = $0; next }
    { after[$1] = $0 }
    END {
      for (p in after) if (!(p in before)) print "added: " p
      for (p in before) if (!(p in after)) print "removed: " p
      for (p in after) if ((p in before) && before[p] != after[p]) print "changed: " p
    }' "$1" "$2" | LC_ALL=C sort -t ' ' -k2
}

# mbp_docker_check DIR BEFORE_FILE [CURRENT_BEFORE_FILE]: fails naming every change to DIR since
# BEFORE_FILE was written by mbp_docker_fingerprint; for buildx/current, also what it named before
# and names now (a builder key, no secret). Prints nothing when DIR is as it was.
mbp_docker_check() {
  local dir=$1 before=$2 current_before=${3:-} after changes
  after=$(mktemp)
  mbp_docker_fingerprint "$dir" >"$after"
  changes=$(mbp_docker_changes "$before" "$after")
  rm -f "$after"
  [[ -z $changes ]] && return 0
  echo "the test run changed $dir (or something else wrote to it meanwhile):"
  sed 's/^/  /' <<<"$changes"
  if grep -qx '[a-z]*: buildx/current' <<<"$changes"; then
    echo "  buildx/current named: $([[ -n $current_before && -s $current_before ]] && cat "$current_before" || echo nothing)"
    echo "  buildx/current names: $(cat "$dir/buildx/current" 2>/dev/null || echo nothing)"
  fi
  return 1
}
