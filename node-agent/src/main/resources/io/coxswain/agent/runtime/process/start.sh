#!/bin/bash
# Runs inside the container's namespaces (started by shim.sh): makes each volume visible at its
# container path, then becomes the container's command with exactly the container's environment.
#
# Usage: start.sh <container dir>
# Reads: argv, env (NUL-separated), workdir (NUL-terminated), mounts (NUL-separated triples
# "<source> <container path> <rw|ro>", empty when mounts are not made).
# A failure here exits 128, the code runtimes report for a container that could not start.

set -u
dir=$1

fail() {
  echo "coxswain: $*" >&2
  exit 128
}

mapfile -d '' -t argv <"$dir/argv"
mapfile -d '' -t env <"$dir/env"
IFS= read -r -d '' workdir <"$dir/workdir"

# The shim put us in a private mount namespace, so these mounts are seen by this container only.
while IFS= read -r -d '' source && IFS= read -r -d '' target && IFS= read -r -d '' mode; do
  if [[ ! -e $target ]]; then
    if [[ -d $source ]]; then
      mkdir -p -- "$target" || fail "cannot create mount point $target"
    else
      parent=${target%/*}
      mkdir -p -- "${parent:-/}" && : >"$target" || fail "cannot create mount point $target"
    fi
  fi
  mount --bind -- "$source" "$target" || fail "cannot mount $source at $target"
  if [[ $mode == ro ]]; then
    mount -o remount,bind,ro -- "$target" || fail "cannot make $target read-only"
  fi
done <"$dir/mounts"

[[ -d $workdir ]] || mkdir -p -- "$workdir" || fail "cannot create working directory $workdir"
# Closing the shim's handshake pipe tells the agent the container is set up (see shim.sh).
exec 3>&-
# env -i: nothing of the agent's or the shim's environment leaks in; --default-signal: undo the
# ignored signals a shell leaves on background jobs, so the command starts as from a clean exec.
exec env -i --default-signal -C "$workdir" -- "${env[@]}" "${argv[@]}"
