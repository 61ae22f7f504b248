/**
 * The process container runtime: {@link io.coxswain.agent.runtime.process.ProcessRuntime} runs each
 * container as an OS process supervised by a shell shim, so containers outlive the agent and a
 * restarted agent adopts them.
 *
 * <p>Who does what:
 *
 * <ul>
 *   <li>{@code ProcessRuntime} — the {@code ContainerRuntime} facade; decides at start-up what
 *       isolation the host allows (network, mounts, cgroups) and says why when it falls back.
 *   <li>{@code PodSandboxes}, {@code SandboxRecord} — pod sandboxes and their persisted record.
 *   <li>{@code PodNetwork}, {@code PodAddressPool} — bridge, network namespaces, veth pairs, pod
 *       addresses claimed as files; {@code PodHostname} — the pod's UTS namespace.
 *   <li>{@code ProcessContainers} — the container lifecycle (start, await, stop, remove).
 *   <li>{@code ContainerShim} and the scripts {@code shim.sh}, {@code start.sh}, {@code exec.sh} —
 *       launching, supervising, CRI logging, exit codes; {@code ContainerDirectory} — one attempt's
 *       state files and its status; {@code ContainerId}, {@code RuntimeLayout} — ids and paths.
 *   <li>{@code Cgroups}, {@code CgroupsV1}, {@code CgroupsV2} — limits, OOM counting, clean-up.
 *   <li>{@code ProcessExec}, {@code ExecSession} — exec probes and kubectl exec, with a pty.
 *   <li>{@code ProcIdentity}, {@code ProcessKiller}, {@code Host}, {@code FileTree} — processes by
 *       (boot, pid, start time), killing groups and cgroups, the host's commands, deletion.
 * </ul>
 *
 * <p>External commands, all in Debian bookworm: bash (bash); setsid, nsenter, unshare
 * (util-linux); script (bsdutils); mount, umount (mount); ip (iproute2); env, mkfifo, mkdir, stty
 * (coreutils). Without root the runtime needs only bash, setsid, env, mkfifo, mkdir (and script,
 * stty for exec with a terminal).
 */
package io.coxswain.agent.runtime.process;
