package io.coxswain.agent.streams;

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
 * A unit-test double for the code around a container runtime: containers are records the test
 * starts and ends, each with a CRI log file the test writes; exec runs a real local process
 * through ProcessBuilder (no namespaces), so stdin, stdout, stderr and exit codes are real.
 */
final class LocalTestRuntime implements ContainerRuntime {
  private final Path dir;
  private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();
  private final Map<String, Entry> containers = new ConcurrentHashMap<>();
  final List<LocalExec> execs = new CopyOnWriteArrayList<>();

  private record Entry(ContainerStatus status, CompletableFuture<ContainerStatus> exit, Path log) {}

  LocalTestRuntime(Path dir) {
    this.dir = dir;
  }

  /** Starts the next attempt of a container in the pod; returns its id. */
  synchronized String start(String podUid, String namespace, String pod, String name) {
    sandboxes.computeIfAbsent(podUid, uid -> new PodSandbox(uid, namespace, pod, "127.0.0.1", false, dir, Instant.now()));
    int attempt = (int) containers.values().stream()
        .filter(e -> e.status().podUid().equals(podUid) && e.status().name().equals(name)).count();
    String id = podUid + "-" + name + "-" + attempt;
    Path log = dir.resolve(id + ".log");
    try {
      Files.createDirectories(dir);
      Files.write(log, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ContainerStatus running = new ContainerStatus(id, podUid, name, attempt, "test", ContainerStatus.State.RUNNING,
        Instant.now(), null, 0, null, null, 0);
    containers.put(id, new Entry(running, new CompletableFuture<>(), log));
    return id;
  }

  /** Appends a complete output line, as the runtime's log writer would. */
  void log(String id, String stream, String text) {
    append(id, Instant.now() + " " + stream + " F " + text + "\n");
  }

  /** Appends raw bytes to the container's log file. */
  void append(String id, String raw) {
    try {
      Files.writeString(containers.get(id).log(), raw, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends a running container with this exit code. */
  void exit(String id, int code) {
    Entry e = containers.get(id);
    ContainerStatus s = e.status();
    ContainerStatus exited = new ContainerStatus(s.id(), s.podUid(), s.name(), s.attempt(), s.image(),
        ContainerStatus.State.EXITED, s.startedAt(), Instant.now(), code, code == 0 ? "Completed" : "Error", null, 0);
    containers.put(id, new Entry(exited, e.exit(), e.log()));
    e.exit().complete(exited);
  }

  @Override
  public String name() {
    return "local-test";
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
    throw new UnsupportedOperationException("tests start containers with start()");
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
    throw new UnsupportedOperationException("tests start containers with start()");
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
    return Optional.ofNullable(containers.get(containerId)).map(Entry::status);
  }

  @Override
  public List<ContainerStatus> listContainers(String podUid) {
    List<ContainerStatus> out = new ArrayList<>();
    for (Entry e : containers.values()) if (e.status().podUid().equals(podUid)) out.add(e.status());
    out.sort(Comparator.comparing(ContainerStatus::name).thenComparingInt(ContainerStatus::attempt));
    return out;
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException {
    if (!containers.containsKey(containerId)) throw new IOException("no container " + containerId);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(tty);
    LocalExec exec = new LocalExec(pb.start(), tty);
    execs.add(exec);
    return exec;
  }

  @Override
  public Optional<Path> logFile(String containerId) {
    return Optional.ofNullable(containers.get(containerId)).map(Entry::log);
  }

  @Override
  public void close() {
    execs.forEach(LocalExec::kill);
  }

  /** A real local process standing in for a command run inside a container. */
  static final class LocalExec implements ExecProcess {
    final Process process;
    private final boolean tty;
    private final CompletableFuture<Integer> exitCode;
    final List<int[]> resizes = new CopyOnWriteArrayList<>();
    volatile boolean killed;

    LocalExec(Process process, boolean tty) {
      this.process = process;
      this.tty = tty;
      this.exitCode = process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public OutputStream stdin() {
      return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
      return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
      return tty ? InputStream.nullInputStream() : process.getErrorStream();
    }

    @Override
    public CompletionStage<Integer> exitCode() {
      return exitCode;
    }

    @Override
    public void resize(int columns, int rows) {
      resizes.add(new int[] {columns, rows});
    }

    @Override
    public void kill() {
      killed = true;
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
