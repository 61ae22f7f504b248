package io.coxswain.agent.lifecycle;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.ExecResult;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import io.coxswain.agent.runtime.simulated.SimulatedRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated runtime with every call written to a journal shared with the other test doubles,
 * so tests can assert what the worker did and in which order. Starts can be made to fail.
 */
final class RecordingRuntime implements ContainerRuntime {
  final SimulatedRuntime simulated;
  private final Journal journal;
  private final Map<String, String> failingStarts = new ConcurrentHashMap<>();

  RecordingRuntime(SimulatedRuntime simulated, Journal journal) {
    this.simulated = simulated;
    this.journal = journal;
  }

  /** Makes startContainer fail for this container until cleared (message null). */
  void failStarts(String container, String message) {
    if (message == null) failingStarts.remove(container);
    else failingStarts.put(container, message);
  }

  private static String nameOf(String containerId) {
    String[] parts = containerId.split("/");
    return parts.length >= 2 ? parts[1] : containerId;
  }

  @Override public String name() {
    return simulated.name();
  }

  @Override public boolean isolatesNetwork() {
    return simulated.isolatesNetwork();
  }

  @Override public boolean materialisesVolumes() {
    return simulated.materialisesVolumes();
  }

  @Override public PodSandbox runPodSandbox(SandboxConfig config) {
    journal.add("runPodSandbox " + config.hostname() + (config.hostNetwork() ? " hostNetwork" : ""));
    return simulated.runPodSandbox(config);
  }

  @Override public void stopPodSandbox(String podUid, Duration grace) {
    journal.add("stopPodSandbox");
    simulated.stopPodSandbox(podUid, grace);
  }

  @Override public void removePodSandbox(String podUid) {
    journal.add("removePodSandbox");
    simulated.removePodSandbox(podUid);
  }

  @Override public List<PodSandbox> listPodSandboxes() {
    return simulated.listPodSandboxes();
  }

  @Override public ContainerStatus startContainer(String podUid, ContainerConfig config) throws IOException {
    String failure = failingStarts.get(config.name());
    journal.add("startContainer " + config.name() + " " + config.attempt() + " " + config.image() + (failure != null ? " failed" : ""));
    if (failure != null) throw new IOException(failure);
    return simulated.startContainer(podUid, config);
  }

  @Override public CompletionStage<ContainerStatus> awaitExit(String containerId) {
    return simulated.awaitExit(containerId);
  }

  @Override public ContainerStatus stopContainer(String containerId, Duration grace) {
    journal.add("stopContainer " + nameOf(containerId) + " " + grace.toMillis());
    return simulated.stopContainer(containerId, grace);
  }

  @Override public void removeContainer(String containerId) {
    simulated.removeContainer(containerId);
  }

  @Override public Optional<ContainerStatus> containerStatus(String containerId) {
    return simulated.containerStatus(containerId);
  }

  @Override public List<ContainerStatus> listContainers(String podUid) {
    return simulated.listContainers(podUid);
  }

  @Override public ExecResult execSync(String containerId, List<String> command, Duration timeout) throws IOException {
    journal.add("execSync " + nameOf(containerId) + " " + String.join(" ", command));
    return simulated.execSync(containerId, command, timeout);
  }

  @Override public ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException {
    return simulated.exec(containerId, command, tty);
  }

  @Override public Optional<Path> logFile(String containerId) {
    return simulated.logFile(containerId);
  }

  @Override public void close() {
    simulated.close();
  }
}
