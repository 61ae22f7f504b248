package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ContainerStatus.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container lifecycle: start through the shim, await, stop (TERM, grace, KILL), remove. Every
 * answer comes from the container's directory, so containers started by an earlier agent are
 * handled exactly like this one's; the only memory kept is the JDK Process of shims started here,
 * whose onExit() is exact where a foreign process's is polled.
 */
final class ProcessContainers {
  private static final Logger log = LoggerFactory.getLogger(ProcessContainers.class);
  /** How long a killed container may take to be reaped and have its log drained. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /** How containers enter their pod: decided once per runtime from what the host allows. */
  record Isolation(Host host, boolean mounts) {}

  private final RuntimeLayout layout;
  private final ContainerShim shim;
  private final Cgroups cgroups;
  private final Isolation isolation;
  private final Map<String, Process> shims = new ConcurrentHashMap<>();

  ProcessContainers(RuntimeLayout layout, ContainerShim shim, Cgroups cgroups, Isolation isolation) {
    this.layout = layout;
    this.shim = shim;
    this.cgroups = cgroups;
    this.isolation = isolation;
  }

  ContainerDirectory directory(ContainerId id) {
    return new ContainerDirectory(layout.container(id));
  }

  /** The container's directory, or NoSuchElementException when the runtime does not know it. */
  ContainerDirectory existing(String containerId) {
    ContainerDirectory dir = directory(ContainerId.parse(containerId));
    if (!dir.exists()) {
      throw new NoSuchElementException("no container " + containerId);
    }
    return dir;
  }

  /** Starts the attempt unless it exists already: one attempt never gets a second process. */
  ContainerStatus start(SandboxRecord sandbox, ContainerConfig config) throws IOException {
    if (config.argv() == null || config.argv().isEmpty()) {
      throw new IllegalArgumentException("container " + config.name() + " has no command");
    }
    ContainerId id = new ContainerId(sandbox.podUid(), config.name(), config.attempt());
    ContainerDirectory dir = directory(id);
    if (dir.exists()) {
      return dir.status();
    }
    Cgroups.Placement placement = cgroups.create(id.toString(), config.memoryLimitBytes(), config.cpuLimitMillis());
    try {
      ContainerDirectory.Launch launch = launch(sandbox, config, placement, layout.logFile(id));
      dir.create(id, config, launch);
      ContainerShim.Started started = shim.launch(dir, launch.logFile());
      shims.put(id.toString(), started.shim());
    } catch (IOException | RuntimeException e) {
      // nothing runs: leave no trace, so the same attempt can be started again
      Cgroups.remove(placement);
      try {
        FileTree.delete(dir.dir());
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    ContainerStatus status = dir.status();
    log.info("Container {} started (pid {})", id, status.pid());
    return status;
  }

  private ContainerDirectory.Launch launch(SandboxRecord sandbox, ContainerConfig config, Cgroups.Placement placement, Path logFile)
      throws IOException {
    List<String> enter = new ArrayList<>();
    List<String> nsenterFlags = new ArrayList<>();
    if (sandbox.ownNetwork()) {
      enter.addAll(List.of(isolation.host().require("nsenter"), "--net=" + PodNetwork.NETNS_DIR.resolve(sandbox.netns())));
      nsenterFlags.add("-n");
      if (sandbox.ownHostname()) {
        enter.add("--uts=" + layout.utsNamespace(sandbox.podUid()));
        nsenterFlags.add("-u");
      }
    }
    Map<String, String> env = new LinkedHashMap<>(config.env() == null ? Map.of() : config.env());
    List<ContainerConfig.Mount> mounts = config.mounts() == null ? List.of() : config.mounts();
    for (ContainerConfig.Mount mount : mounts) {
      checkMount(mount);
    }
    if (isolation.mounts()) {
      enter.addAll(List.of(isolation.host().require("unshare"), "--mount", "--propagation", "private"));
      nsenterFlags.add("-m");
      // parents before children, so a mount inside another mount's path lands on top of it
      mounts = mounts.stream().sorted(Comparator.comparingInt(m -> Path.of(m.containerPath()).getNameCount())).toList();
    } else {
      // Without root there is no mount namespace: the container is told where each volume is.
      for (ContainerConfig.Mount mount : mounts) {
        env.putIfAbsent(mountVariable(mount.containerPath()), mount.source().toAbsolutePath().toString());
      }
      mounts = List.of();
    }
    String workingDir = config.workingDir() == null || config.workingDir().isBlank() ? "/" : config.workingDir();
    return new ContainerDirectory.Launch(enter, nsenterFlags, mounts, env, workingDir, placement, logFile);
  }

  private static void checkMount(ContainerConfig.Mount mount) throws IOException {
    if (!mount.containerPath().startsWith("/") || Path.of(mount.containerPath()).getNameCount() == 0) {
      throw new IllegalArgumentException("mount path " + mount.containerPath() + " must be absolute and not /");
    }
    if (!Files.exists(mount.source())) {
      throw new IOException("volume source " + mount.source() + " for " + mount.containerPath() + " does not exist");
    }
  }

  /** "/etc/app-config" becomes COXSWAIN_MOUNT_ETC_APP_CONFIG. */
  static String mountVariable(String containerPath) {
    String name = containerPath.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    return "COXSWAIN_MOUNT_" + name;
  }

  ContainerStatus status(ContainerDirectory dir) {
    try {
      return dir.status();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read container state in " + dir.dir(), e);
    }
  }

  List<ContainerStatus> list(String podUid) {
    List<ContainerStatus> statuses = new ArrayList<>();
    Path containers = layout.containers(podUid);
    if (!Files.isDirectory(containers)) {
      return statuses;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(containers)) {
      for (Path path : dirs) {
        ContainerDirectory dir = new ContainerDirectory(path);
        if (dir.exists()) {
          statuses.add(dir.status());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the containers of pod " + podUid, e);
    }
    statuses.sort(Comparator.comparing(ContainerStatus::name).thenComparingInt(ContainerStatus::attempt));
    return statuses;
  }

  /** Completes when the shim has exited (and so written the exit code), or at once if it has. */
  CompletableFuture<ContainerStatus> awaitExit(ContainerDirectory dir) {
    ContainerStatus status = status(dir);
    Optional<ContainerDirectory.Pids> pids = dir.pids();
    if (status.state() == State.EXITED || pids.isEmpty()) {
      return CompletableFuture.completedFuture(status);
    }
    return onExit(status.id(), pids.get()).thenApply(ignored -> status(dir));
  }

  /**
   * The end of the container as the JDK can watch it: the shim this agent started (exact), or an
   * adopted shim or, if the shim is gone, the container's main process (ProcessHandle.onExit, which
   * the JDK polls for processes that are not its children).
   */
  private CompletableFuture<?> onExit(String containerId, ContainerDirectory.Pids pids) {
    Process started = shims.get(containerId);
    if (started != null) {
      return started.onExit();
    }
    return supervisor(pids).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null));
  }

  /** Whom to signal: the shim, which forwards to the container, or the container if the shim is gone. */
  private static Optional<ProcessHandle> supervisor(ContainerDirectory.Pids pids) {
    return pids.shim().handle().or(() -> pids.container().handle());
  }

  /** TERM, up to {@code grace} to exit, then KILL to everything the container started. */
  ContainerStatus stop(ContainerDirectory dir, Duration grace) {
    ContainerStatus status = status(dir);
    Optional<ContainerDirectory.Pids> pids = dir.pids();
    if (status.state() != State.RUNNING || pids.isEmpty()) {
      return status;
    }
    CompletableFuture<?> exited = onExit(status.id(), pids.get());
    supervisor(pids.get()).ifPresent(ProcessHandle::destroy);
    if (!await(exited, grace)) {
      log.info("Container {} did not stop within {} s of TERM; killing it", status.id(), grace.toSeconds());
      kill(dir, pids.get());
      if (!await(exited, KILL_WAIT)) {
        log.warn("Container {} shim did not finish after KILL; killing the shim", status.id());
        pids.get().shim().handle().ifPresent(ProcessKiller::killTree);
        await(exited, KILL_WAIT);
      }
    }
    ContainerStatus stopped = status(dir);
    log.info("Container {} stopped: exit code {} ({})", stopped.id(), stopped.exitCode(), stopped.reason());
    return stopped;
  }

  /** SIGKILL to the container's process group and cgroups; the shim stays to record the exit code. */
  private void kill(ContainerDirectory dir, ContainerDirectory.Pids pids) {
    // The group is the container's only while its main process lives: a recycled pid may lead another.
    if (pids.container().isAlive()) {
      ProcessKiller.killGroup(pids.container().pid());
    }
    try {
      ProcessKiller.killCgroups(dir.cgroups().directories());
    } catch (IOException e) {
      log.warn("Cannot read the cgroups of {}: {}", dir.dir(), e.getMessage());
    }
  }

  private static boolean await(CompletableFuture<?> exited, Duration timeout) {
    try {
      exited.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return exited.isDone();
    }
  }

  /** Forgets the container (stopping it first if it still runs); its log file stays. */
  void remove(String containerId) {
    ContainerDirectory dir = directory(ContainerId.parse(containerId));
    if (!dir.exists()) {
      return;
    }
    stop(dir, Duration.ZERO);
    try {
      Cgroups.Placement placement = dir.cgroups();
      ProcessKiller.killCgroups(placement.directories());
      Cgroups.remove(placement);
      FileTree.delete(dir.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove container " + containerId, e);
    }
    shims.remove(containerId);
    log.info("Container {} removed", containerId);
  }
}
