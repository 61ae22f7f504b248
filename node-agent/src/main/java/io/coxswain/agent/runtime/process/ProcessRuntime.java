package io.coxswain.agent.runtime.process;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.ExecResult;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process container runtime: each container is an OS process running the container's command
 * on the node's own filesystem (there are no images), with exactly the container's environment.
 *
 * <p>Containers outlive the agent: each runs under a small shell shim (see shim.sh) that writes the
 * CRI log and the exit code to files, and all state lives under the root directory. A new runtime
 * on the same root directory adopts what runs and never starts an attempt twice: {@link
 * #startContainer} for an existing attempt returns that attempt's status.
 *
 * <p>What isolation a container gets depends on the host, and the runtime says what it could not do:
 *
 * <ul>
 *   <li>network: as root with {@code ip}, each pod has its own network namespace on a node bridge;
 *       otherwise pods share the host network ({@link #networkFallbackReason()});
 *   <li>mounts: as root, each container has a private mount namespace where volumes are bind-mounted
 *       at their container paths; otherwise each mount is announced as an environment variable
 *       COXSWAIN_MOUNT_&lt;PATH&gt; (see {@link #mountsIsolated()});
 *   <li>limits: memory and CPU limits through cgroups v2 or v1 ({@link #cgroupsUnavailableReason()}).
 * </ul>
 *
 * <p>Beyond the interface: a stopped sandbox stays listed until removed, with a null podIP (its
 * address is released); an exited container that nobody removed keeps its attempt, so starting the
 * same attempt again answers the old status, and a restart needs the next attempt number. The
 * container's image is recorded but not used; {@code tty} and {@code stdin} of a container are
 * ignored (its stdin is /dev/null; exec has both). The environment is exactly the configured one,
 * so the agent supplies PATH (without it, env(1) searches /bin:/usr/bin).
 *
 * <p>Only one runtime may use a root directory at a time. {@link #close()} leaves containers running.
 */
public final class ProcessRuntime implements ContainerRuntime {
  private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);

  /**
   * @param podCidr the node's pod CIDR (IPv4), e.g. "10.244.0.0/24"; its first address is the gateway
   * @param bridgeName the node bridge (at most 15 characters); also names the pods' namespaces
   * @param nodeIP the pods' address when they share the host network
   * @param forceHostNetwork give every pod the host network even where namespaces would work
   * @param cgroupParent where container cgroups go: relative to the agent's own cgroup, or absolute
   */
  public record Settings(String podCidr, String bridgeName, String nodeIP, boolean forceHostNetwork, String cgroupParent) {
    public Settings {
      Objects.requireNonNull(podCidr, "podCidr");
      Objects.requireNonNull(nodeIP, "nodeIP");
      Objects.requireNonNull(cgroupParent, "cgroupParent");
      if (bridgeName == null || !bridgeName.matches("[A-Za-z0-9_.-]{1,15}")) {
        throw new IllegalArgumentException("bridge name " + bridgeName + " must be 1 to 15 letters, digits, '_', '.' or '-'");
      }
      if (!cgroupParent.matches("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || cgroupParent.contains("..")) {
        throw new IllegalArgumentException("cgroup parent " + cgroupParent + " must be a plain path like coxswain/node-1");
      }
    }

    /** Isolated networking; container cgroups under "coxswain/&lt;bridge&gt;" beneath the agent's cgroup. */
    public static Settings of(String podCidr, String bridgeName, String nodeIP) {
      return new Settings(podCidr, bridgeName, nodeIP, false, "coxswain/" + bridgeName);
    }

    public Settings withForceHostNetwork(boolean force) {
      return new Settings(podCidr, bridgeName, nodeIP, force, cgroupParent);
    }

    public Settings withCgroupParent(String parent) {
      return new Settings(podCidr, bridgeName, nodeIP, forceHostNetwork, parent);
    }
  }

  private final Settings settings;
  private final RuntimeLayout layout;
  private final PodNetwork network;
  private final Optional<String> networkFallbackReason;
  private final boolean mountsIsolated;
  private final Cgroups cgroups;
  private final PodSandboxes sandboxes;
  private final ProcessContainers containers;
  private final ProcessExec exec;
  private final ScheduledExecutorService watchdog;
  private final ExecutorService stopper;
  private final Map<String, Object> podLocks = new ConcurrentHashMap<>();

  public ProcessRuntime(Path rootDir, Settings settings) throws IOException {
    this.settings = settings;
    Host host = new Host();
    if (!host.isLinux()) {
      throw new IOException("the process runtime needs Linux (/proc, setsid, bash)");
    }
    for (String command : List.of("bash", "setsid", "env", "mkfifo")) {
      host.require(command);
    }
    this.layout = new RuntimeLayout(rootDir.toAbsolutePath().normalize());
    Files.createDirectories(layout.pods());
    this.network = new PodNetwork(host, settings.bridgeName(), new PodAddressPool(layout.addresses(settings.bridgeName()), settings.podCidr()));
    this.networkFallbackReason = prepareNetwork(host);
    this.mountsIsolated = host.isRoot() && host.find("unshare").isPresent() && host.find("mount").isPresent();
    this.cgroups = Cgroups.detect(host, settings.cgroupParent());
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("coxswain-shim-watchdog"));
    this.stopper = Executors.newCachedThreadPool(daemon("coxswain-container-stop"));
    ContainerShim shim = new ContainerShim(host, layout.bin(), watchdog);
    this.sandboxes = new PodSandboxes(layout, network, networkFallbackReason.isEmpty(), new PodHostname(host), settings.nodeIP());
    this.containers = new ProcessContainers(layout, shim, cgroups, new ProcessContainers.Isolation(host, mountsIsolated));
    this.exec = new ProcessExec(host, shim.execScript());
    log.info("Process runtime in {}: network {}, mounts {}, {}", layout.root(),
        networkFallbackReason.map(reason -> "shared with the host (" + reason + ")").orElse("isolated on bridge " + settings.bridgeName() + " " + settings.podCidr()),
        mountsIsolated ? "in private mount namespaces" : "as COXSWAIN_MOUNT_* variables", cgroups.description());
  }

  /** Sets up the bridge, or says why pods will share the host network. */
  private Optional<String> prepareNetwork(Host host) {
    if (settings.forceHostNetwork()) {
      return Optional.of("host network forced by the agent's configuration");
    }
    if (!host.isRoot()) {
      return Optional.of("the agent does not run as root, so it cannot create network namespaces");
    }
    for (String command : List.of("ip", "nsenter")) {
      if (host.find(command).isEmpty()) {
        return Optional.of(command + " is not installed (" + Host.packageOf(command) + ")");
      }
    }
    try {
      network.ensureBridge();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("the bridge " + settings.bridgeName() + " could not be set up: " + e.getMessage());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Why pods share the host network (for the Node's conditions), or empty when they do not. */
  public Optional<String> networkFallbackReason() {
    return networkFallbackReason;
  }

  /** Why containers run without memory and CPU limits, or empty when cgroups enforce them. */
  public Optional<String> cgroupsUnavailableReason() {
    return cgroups.unavailableReason();
  }

  /** Whether volumes appear at their container paths (else only as COXSWAIN_MOUNT_* variables). */
  public boolean mountsIsolated() {
    return mountsIsolated;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public boolean isolatesNetwork() {
    return networkFallbackReason.isEmpty();
  }

  @Override
  public boolean materialisesVolumes() {
    return true;
  }

  private Object lock(String podUid) {
    return podLocks.computeIfAbsent(podUid, uid -> new Object());
  }

  @Override
  public PodSandbox runPodSandbox(SandboxConfig config) throws IOException {
    synchronized (lock(config.podUid())) {
      return sandboxes.run(config);
    }
  }

  /** Stops the containers in parallel, so the pod takes one grace period, not one per container. */
  @Override
  public void stopPodSandbox(String podUid, Duration grace) {
    synchronized (lock(podUid)) {
      List<CompletableFuture<ContainerStatus>> stops = containers.list(podUid).stream()
          .filter(ContainerStatus::running)
          .map(status -> CompletableFuture.supplyAsync(() -> stopContainer(status.id(), grace), stopper))
          .toList();
      stops.forEach(CompletableFuture::join);
      sandboxes.release(podUid);
    }
  }

  @Override
  public void removePodSandbox(String podUid) {
    synchronized (lock(podUid)) {
      stopPodSandbox(podUid, Duration.ZERO);
      containers.list(podUid).forEach(status -> containers.remove(status.id()));
      sandboxes.delete(podUid);
    }
    podLocks.remove(podUid);
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return sandboxes.list();
  }

  @Override
  public ContainerStatus startContainer(String podUid, ContainerConfig config) throws IOException {
    synchronized (lock(podUid)) {
      SandboxRecord sandbox = sandboxes.find(podUid)
          .filter(SandboxRecord::ready)
          .orElseThrow(() -> new IOException("pod sandbox " + podUid + " is not running; run it before starting containers"));
      return containers.start(sandbox, config);
    }
  }

  @Override
  public CompletionStage<ContainerStatus> awaitExit(String containerId) {
    try {
      return containers.awaitExit(containers.existing(containerId));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public ContainerStatus stopContainer(String containerId, Duration grace) {
    return containers.stop(containers.existing(containerId), grace);
  }

  @Override
  public void removeContainer(String containerId) {
    containers.remove(containerId);
  }

  @Override
  public Optional<ContainerStatus> containerStatus(String containerId) {
    ContainerDirectory dir = containers.directory(ContainerId.parse(containerId));
    return dir.exists() ? Optional.of(containers.status(dir)) : Optional.empty();
  }

  @Override
  public List<ContainerStatus> listContainers(String podUid) {
    return containers.list(podUid);
  }

  @Override
  public ExecResult execSync(String containerId, List<String> command, Duration timeout) throws IOException {
    ContainerDirectory dir = running(containerId, command);
    return exec.run(dir, containers.status(dir).pid(), command, timeout);
  }

  @Override
  public ExecProcess exec(String containerId, List<String> command, boolean tty) throws IOException {
    ContainerDirectory dir = running(containerId, command);
    return exec.start(dir, containers.status(dir).pid(), command, tty);
  }

  private ContainerDirectory running(String containerId, List<String> command) throws IOException {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("exec needs a command");
    }
    ContainerDirectory dir;
    try {
      dir = containers.existing(containerId);
    } catch (NoSuchElementException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!containers.status(dir).running()) {
      throw new IOException("container " + containerId + " is not running");
    }
    return dir;
  }

  /** The attempt's log, kept after the container is removed and until its sandbox is. */
  @Override
  public Optional<Path> logFile(String containerId) {
    Path file = layout.logFile(ContainerId.parse(containerId));
    return Files.exists(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Removes what the runtime set up for the node as a whole: the bridge and the cgroup parent. For
   * decommissioning a node and for tests; call it once every sandbox is removed.
   */
  public void tearDownNode() throws IOException {
    if (!listPodSandboxes().isEmpty()) {
      throw new IllegalStateException("pod sandboxes remain: " + listPodSandboxes().stream().map(PodSandbox::podUid).toList());
    }
    if (isolatesNetwork()) {
      network.deleteBridge();
    }
    cgroups.removeParent();
  }

  /** Stops the runtime's own threads; containers keep running, to be adopted by the next runtime. */
  @Override
  public void close() {
    watchdog.shutdownNow();
    stopper.shutdownNow();
  }
}
