#!/bin/bash
# Runs a command inside a running container (kubectl exec, exec probes and hooks): joins the
# container's cgroups and namespaces and takes its environment and working directory, so the
# command sees what the container sees and is killed with it.
#
# Usage: exec.sh <container dir> <container pid> <command> [args...]
# Reads: cgroups, env, workdir (see shim.sh and start.sh), nsenter (one nsenter flag per line,
# naming the namespaces the container has apart from the host's).

set -u
dir=$1
pid=$2
shift 2

mapfile -t cgroups <"$dir/cgroups"
for cg in "${cgroups[@]}"; do
  echo "$$" >"$cg/cgroup.procs" || { echo "coxswain: cannot join cgroup $cg" >&2; exit 126; }
done
mapfile -d '' -t env <"$dir/env"
IFS= read -r -d '' workdir <"$dir/workdir"
mapfile -t namespaces <"$dir/nsenter"

if ((${#namespaces[@]})); then
  exec nsenter -t "$pid" "${namespaces[@]}" -- env -i --default-signal -C "$workdir" -- "${env[@]}" "$@"
fi
exec env -i --default-signal -C "$workdir" -- "${env[@]}" "$@"
