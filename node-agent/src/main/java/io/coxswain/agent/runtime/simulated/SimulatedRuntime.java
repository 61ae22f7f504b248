package io.coxswain.agent.runtime.simulated;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.ExecResult;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Hollow containers, as kubemark and KWOK have them: they "run" without processes, cost a few
 * objects each and no CPU, and succeed every probe. A container keeps running until it is stopped
 * or {@link #exit} ends it (tests use that to play crashes). Pod IPs come from a 10.x range.
 */
public final class SimulatedRuntime implements ContainerRuntime {
  private final Clock clock;
  private final int ipBase;
  private final AtomicInteger nextIp = new AtomicInteger(1);
  private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();
  private final Map<String, Hollow> containers = new ConcurrentHashMap<>();
  /** Null for the hollow default: every command succeeds. */
  private volatile BiFunction<ContainerStatus, List<String>, ExecResult> execResponder;

  /** A running or exited hollow container and the future its exit completes. */
  private record Hollow(ContainerStatus status, CompletableFuture<ContainerStatus> exit) {}

  /** @param ipBlock selects a distinct /16 for this runtime's pod IPs (10.ipBlock.x.y) */
  public SimulatedRuntime(Clock clock, int ipBlock) {
    this.clock = clock;
    this.ipBase = (10 << 24) | ((ipBlock & 0xff) << 16);
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public boolean isolatesNetwork() {
    return true;
  }

  @Override
  public boolean materialisesVolumes() {
    return false;
  }

  @Override
  public PodSandbox runPodSandbox(SandboxConfig config) {
    return sandboxes.computeIfAbsent(config.podUid(), uid -> new PodSandbox(
        uid, config.namespace(), config.name(), ip(nextIp.getAndIncrement()), true, null, clock.instant()));
  }

  @Override
  public void stopPodSandbox(String podUid, Duration grace) {
    for (ContainerStatus c : listContainers(podUid)) stopContainer(c.id(), grace);
  }

  @Override
  public void removePodSandbox(String podUid) {
    sandboxes.remove(podUid);
    containers.values().removeIf(h -> h.status().podUid().equals(podUid));
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return List.copyOf(sandboxes.values());
  }

  @Override
  public ContainerStatus startContainer(String podUid, ContainerConfig config) throws IOException {
    if (!sandboxes.containsKey(podUid)) throw new IOException("no sandbox for pod " + podUid);
    String id = podUid + "/" + config.name() + "/" + config.attempt();
    ContainerStatus running = new ContainerStatus(id, podUid, config.name(), config.attempt(), config.image(),
        ContainerStatus.State.RUNNING, clock.instant(), null, 0, null, null, 0);
    containers.put(id, new Hollow(running, new CompletableFuture<>()));
    return running;
  }

  @Override
  public CompletionStage<ContainerStatus> awaitExit(String containerId) {
    Hollow h = containers.get(containerId);
    return h == null ? CompletableFuture.failedFuture(new IOException("no container " + containerId)) : h.exit();
  }

  /** Ends a running hollow container as if its process had exited with this code. */
  public Optional<ContainerStatus> exit(String containerId, int exitCode, String reason) {
    Hollow h = containers.get(containerId);
    if (h == null) return Optional.empty();
    if (!h.status().running()) return Optional.of(h.status());
    ContainerStatus s = h.status();
    ContainerStatus exited = new ContainerStatus(s.id(), s.podUid(), s.name(), s.attempt(), s.image(),
        ContainerStatus.State.EXITED, s.startedAt(), clock.instant(), exitCode,
        reason != null ? reason : exitCode == 0 ? "Completed" : "Error", null, 0);
    containers.put(containerId, new Hollow(exited, h.exit()));
    h.exit().complete(exited);
    return Optional.of(exited);
  }

  @Override
  public ContainerStatus stopContainer(String containerId, Duration grace) {
    return exit(containerId, 137, "Error").orElse(null);
  }

  @Override
  public void removeContainer(String containerId) {
    containers.remove(containerId);
  }

  @Override
  public Optional<ContainerStatus> containerStatus(String containerId) {
    return Optional.ofNullable(containers.get(containerId)).map(Hollow::status);
  }

  @Override
  public List<ContainerStatus> listContainers(String podUid) {
    List<ContainerStatus> out = new ArrayList<>();
    for (Hollow h : containers.values()) if (h.status().podUid().equals(podUid)) out.add(h.status());
    out.sort(Comparator.comparing(ContainerStatus::name).thenComparingInt(ContainerStatus::attempt));
    return out;
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) throws IOException {
    BiFunction<ContainerStatus, List<String>, ExecResult> responder = execResponder;
    if (responder == null) return new ExecResult(0, "", false);
    Hollow h = containers.get(containerId);
    if (h == null) throw new IOException("no container " + containerId);
    return responder.apply(h.status(), command);
  }

  /**
   * Decides what exec probes and hooks get from now on (tests use it to play unhealthy containers);
   * null restores the default of succeeding every command.
   */
  public void respondToExec(BiFunction<ContainerStatus, List<String>, ExecResult> responder) {
    this.execResponder = responder;
  }

  @Override
  public ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException {
    throw new IOException("simulated containers have no processes to exec into");
  }

  @Override
  public Optional<Path> logFile(String containerId) {
    return Optional.empty();
  }

  @Override
  public void close() {}

  private String ip(int n) {
    int v = ipBase | (n & 0xffff);
    return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
  }
}
