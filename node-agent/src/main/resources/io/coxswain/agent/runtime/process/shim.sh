#!/bin/bash
# Coxswain container shim: supervises one container attempt and outlives the agent that started it.
#
# Usage: shim.sh <container dir> <log file>
#
# The agent starts it under setsid, with stdout a pipe that carries one handshake line and ends
# once the container is set up; everything else goes to files, so nothing here needs the agent to
# stay alive. Apart from one mkfifo it uses bash builtins only, so logging costs no fork per line.
#
# Reads from the container dir (written by the agent before the start):
#   cgroups  one cgroup directory per line for the container to join (empty without cgroups)
#   enter    NUL-separated command prefix that enters the pod's namespaces (empty on the host)
#   oom      the cgroup file whose "oom_kill N" line counts OOM kills (empty without cgroups)
# Writes there:
#   pid      "<shim pid> <shim start ticks> <container pid> <container start ticks> <started epoch>"
#   exit     "<exit code> <oom kills> <finished epoch>", once the container and its log are done
# Readers trust a file only once its line ends with a newline: each is written by one write().

set -u
dir=$1
log=$2
bin=${BASH_SOURCE%/*}
exec 3>&1 >>"$dir/shim.log" 2>&1 </dev/null

mapfile -t cgroups <"$dir/cgroups"
mapfile -d '' -t enter <"$dir/enter"
oom_file=
[[ -s $dir/oom ]] && IFS= read -r oom_file <"$dir/oom"

# One CRI log line per output line: "<RFC3339Nano UTC> <stream> F <text>". As in kubelet, a line
# longer than 16 KiB is cut into "P" (partial) chunks ending with an "F" one, so the shim never
# holds more than that. TZ=UTC and LC_ALL=C (lengths in bytes) come from the agent; the container
# gets its own environment through env -i in start.sh.
log_lines() {
  local line t tag
  while IFS= read -r -n 16384 line || [[ -n $line ]]; do
    t=$EPOCHREALTIME
    tag=F
    ((${#line} == 16384)) && tag=P
    printf '%(%Y-%m-%dT%H:%M:%S)T.%s000Z %s %s %s\n' "${t%.*}" "${t#*.}" "$1" "$tag" "$line"
  done >>"$log"
}

# Named pipes rather than process substitutions: the loggers are then ordinary jobs the shim can
# wait for, so the exit file is written only after the last log line.
mkfifo -m 600 "$dir/stdout.fifo" "$dir/stderr.fifo" || exit 125
log_lines stdout <"$dir/stdout.fifo" 3>&- &
out_pid=$!
log_lines stderr <"$dir/stderr.fifo" 3>&- &
err_pid=$!
exec 4>"$dir/stdout.fifo" 5>"$dir/stderr.fifo"

# TERM and INT go to the container's main process, as a runtime forwards them to PID 1.
child=
signalled=0
trap 'signalled=1; [[ -n $child ]] && kill -TERM "$child" 2>/dev/null' TERM
trap 'signalled=1; [[ -n $child ]] && kill -INT "$child" 2>/dev/null' INT

(
  for cg in "${cgroups[@]}"; do
    echo "$BASHPID" >"$cg/cgroup.procs" || { echo "coxswain: cannot join cgroup $cg" >&5; exit 128; }
  done
  # fd 3 (the handshake pipe) stays open until start.sh has set the container up: the agent reads
  # to its end, so "started" means namespaces, mounts and working directory are in place.
  exec 1>&4 2>&5 4>&- 5>&-
  # setsid keeps this pid (the subshell is no group leader) and gives the container its own
  # process group and session, so the shim can kill everything it started at the end.
  exec setsid "${enter[@]}" "$BASH" "$bin/start.sh" "$dir"
) &
child=$!
exec 4>&- 5>&-

start_ticks() {
  local stat fields
  ticks=0
  IFS= read -r stat <"/proc/$1/stat" 2>/dev/null || return
  stat=${stat##*) }
  read -r -a fields <<<"$stat"
  ticks=${fields[19]:-0}
}
start_ticks $$
shim_ticks=$ticks
start_ticks "$child"
printf -v handshake '%s %s %s %s %s\n' $$ "$shim_ticks" "$child" "$ticks" "$EPOCHREALTIME"
printf '%s' "$handshake" >"$dir/pid"
# The agent may be gone already; a broken handshake pipe must not kill the shim. Set only now, so
# the container (forked above) keeps the default SIGPIPE.
trap '' PIPE
printf '%s' "$handshake" >&3 2>/dev/null
exec 3>&-

# wait returns early when a trapped signal arrives; keep waiting until the job has ended (bash
# keeps a reaped job's status, so a late wait still answers it).
wait_for() {
  while :; do
    signalled=0
    wait "$1"
    status=$?
    ((signalled)) || return
  done
}
wait_for "$child"
rc=$status

# The container ends with its main process, as when PID 1 of a container exits: what it left
# behind is killed, so the loggers see end-of-file.
kill -KILL -- "-$child" 2>/dev/null
for cg in "${cgroups[@]}"; do
  while IFS= read -r pid; do kill -KILL "$pid" 2>/dev/null; done <"$cg/cgroup.procs"
done
wait_for "$out_pid"
wait_for "$err_pid"

oom_kills=0
if [[ -n $oom_file ]]; then
  while read -r key value; do
    [[ $key == oom_kill ]] && oom_kills=$value
  done <"$oom_file"
fi
printf -v result '%s %s %s\n' "$rc" "$oom_kills" "$EPOCHREALTIME"
printf '%s' "$result" >"$dir/exit"
exit "$rc"
