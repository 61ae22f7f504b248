package io.coxswain.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the node agent needs from a container runtime, shaped after Kubernetes' CRI: a pod sandbox
 * holds the pod's shared network, containers run inside it. Methods may block (process start,
 * namespace set-up, waiting for a stop); callers run them off the actor threads.
 *
 * <p>Container ids are opaque strings chosen by the runtime and stable across agent restarts, so a
 * restarted agent can adopt what is still running ({@link #listPodSandboxes()}, {@link
 * #listContainers(String)}).
 */
public interface ContainerRuntime extends AutoCloseable {

  /** Short name reported on the Node ("process", "simulated"). */
  String name();

  /** Whether pods get their own network namespace and IP; false means they share the host network. */
  boolean isolatesNetwork();

  /** Whether volumes are real files the agent must write under {@link PodSandbox#directory()}. */
  boolean materialisesVolumes();

  /** Creates the pod's sandbox (directory, network namespace, IP), or returns the existing one. */
  PodSandbox runPodSandbox(SandboxConfig config) throws IOException;

  /** Stops every container of the pod (TERM, then KILL after the grace period) and releases its network. */
  void stopPodSandbox(String podUid, Duration grace);

  /** Removes what the sandbox left on disk, once it is stopped. */
  void removePodSandbox(String podUid);

  /** Every sandbox this runtime still knows, including those from before an agent restart. */
  List<PodSandbox> listPodSandboxes();

  /** Creates and starts one container in a running sandbox; returns its status right after start. */
  ContainerStatus startContainer(String podUid, ContainerConfig config) throws IOException;

  /** Completes with the container's final status when it exits (at once if it already has). */
  CompletionStage<ContainerStatus> awaitExit(String containerId);

  /** Sends TERM, then KILL after the grace period; returns once the container has exited. */
  ContainerStatus stopContainer(String containerId, Duration grace);

  /** Forgets an exited container (its logs stay until the sandbox is removed). */
  void removeContainer(String containerId);

  Optional<ContainerStatus> containerStatus(String containerId);

  /** Every container of the pod the runtime knows, newest attempt last per name. */
  List<ContainerStatus> listContainers(String podUid);

  /** Runs a command inside the container's namespaces to completion (exec probes, hooks). */
  ExecResult execSync(String containerId, List<String> command, Duration timeout) throws IOException;

  /** Starts an interactive command inside the container (kubectl exec). */
  ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException;

  /**
   * The container's log in the CRI format kubelet writes, one line per output line:
   * {@code <RFC3339Nano time> <stdout|stderr> F <text>}. Empty if the runtime keeps no logs.
   */
  Optional<Path> logFile(String containerId);

  @Override
  void close();
}
