package io.coxswain.cli;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.ExecResult;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A container runtime double for driving the node agent's stream endpoint from kubectl: the test
 * starts and ends containers itself and writes their CRI log files; exec runs a real local process
 * (ProcessBuilder, no namespaces). The process runtime proper is tested on its own.
 */
final class AgentTestRuntime implements ContainerRuntime {
  private final Path dir;
  private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();
  private final Map<String, Container> containers = new ConcurrentHashMap<>();
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  private record Container(ContainerStatus status, CompletableFuture<ContainerStatus> exit, Path log) {}

  AgentTestRuntime(Path dir) {
    this.dir = dir;
  }

  /** Starts the next attempt of a pod's container; returns its id. */
  synchronized String start(String podUid, String namespace, String pod, String name) {
    sandboxes.computeIfAbsent(podUid, uid -> new PodSandbox(uid, namespace, pod, "127.0.0.1", false, dir, Instant.now()));
    int attempt = (int) containers.values().stream()
        .filter(c -> c.status().podUid().equals(podUid) && c.status().name().equals(name)).count();
    String id = podUid + "-" + name + "-" + attempt;
    Path log = dir.resolve(id + ".log");
    try {
      Files.createDirectories(dir);
      Files.write(log, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    containers.put(id, new Container(new ContainerStatus(id, podUid, name, attempt, "test",
        ContainerStatus.State.RUNNING, Instant.now(), null, 0, null, null, 0), new CompletableFuture<>(), log));
    return id;
  }

  /** Appends output lines to the container's CRI log, as a runtime's log writer would. */
  void log(String id, String stream, String... lines) {
    logAt(id, Instant.now(), stream, lines);
  }

  /** Appends output lines written at the given time. */
  void logAt(String id, Instant time, String stream, String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) sb.append(time).append(' ').append(stream).append(" F ").append(line).append('\n');
    try {
      Files.writeString(containers.get(id).log(), sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process of the newest exec. */
  Process lastExec() {
    return processes.get(processes.size() - 1);
  }

  void exit(String id, int code) {
    Container c = containers.get(id);
    ContainerStatus s = c.status();
    ContainerStatus exited = new ContainerStatus(s.id(), s.podUid(), s.name(), s.attempt(), s.image(),
        ContainerStatus.State.EXITED, s.startedAt(), Instant.now(), code, code == 0 ? "Completed" : "Error", null, 0);
    containers.put(id, new Container(exited, c.exit(), c.log()));
    c.exit().complete(exited);
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public boolean isolatesNetwork() {
    return false;
  }

  @Override
  public boolean materialisesVolumes() {
    return false;
  }

  @Override
  public PodSandbox runPodSandbox(SandboxConfig config) {
    throw new UnsupportedOperationException("the test starts containers itself");
  }

  @Override
  public void stopPodSandbox(String podUid, Duration grace) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removePodSandbox(String podUid) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return List.copyOf(sandboxes.values());
  }

  @Override
  public ContainerStatus startContainer(String podUid, ContainerConfig config) {
    throw new UnsupportedOperationException("the test starts containers itself");
  }

  @Override
  public CompletionStage<ContainerStatus> awaitExit(String containerId) {
    return containers.get(containerId).exit();
  }

  @Override
  public ContainerStatus stopContainer(String containerId, Duration grace) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeContainer(String containerId) {
    containers.remove(containerId);
  }

  @Override
  public Optional<ContainerStatus> containerStatus(String containerId) {
    return Optional.ofNullable(containers.get(containerId)).map(Container::status);
  }

  @Override
  public List<ContainerStatus> listContainers(String podUid) {
    List<ContainerStatus> out = new ArrayList<>();
    for (Container c : containers.values()) if (c.status().podUid().equals(podUid)) out.add(c.status());
    out.sort(Comparator.comparing(ContainerStatus::name).thenComparingInt(ContainerStatus::attempt));
    return out;
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(tty).start();
    processes.add(p);
    CompletableFuture<Integer> exitCode = p.onExit().thenApply(Process::exitValue);
    return new ExecProcess() {
      @Override
      public OutputStream stdin() {
        return p.getOutputStream();
      }

      @Override
      public InputStream stdout() {
        return p.getInputStream();
      }

      @Override
      public InputStream stderr() {
        return tty ? InputStream.nullInputStream() : p.getErrorStream();
      }

      @Override
      public CompletionStage<Integer> exitCode() {
        return exitCode;
      }

      @Override
      public void resize(int columns, int rows) {}

      @Override
      public void kill() {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    };
  }

  @Override
  public Optional<Path> logFile(String containerId) {
    return Optional.ofNullable(containers.get(containerId)).map(Container::log);
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
