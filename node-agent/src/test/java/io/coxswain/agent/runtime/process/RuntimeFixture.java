package io.coxswain.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process runtime on its own bridge, CIDR, cgroup parent and temporary root directory, for one
 * test class; {@link #close()} removes everything it may have left, even after a failed test:
 * processes, namespaces, interfaces, cgroups, mounts and files.
 */
final class RuntimeFixture implements AutoCloseable {
  /** What a container needs to find python3, sleep and friends: the runtime adds nothing. */
  static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/bin:/bin");
  /** A guard against hangs, never a timing assertion. */
  static final long WAIT_SECONDS = 30;

  final Path root;
  final ProcessRuntime.Settings settings;
  ProcessRuntime runtime;

  /**
   * Bridge "cxt&lt;n&gt;&lt;4 random hex digits&gt;" and a free 10.250-254.x.0/24: the class number
   * keeps the classes of one run apart, the random part keeps apart runs from several checkouts
   * on one machine (which happens: another worktree may run these tests at the same time).
   */
  RuntimeFixture(int n) throws IOException {
    this(n, false);
  }

  RuntimeFixture(int n, boolean forceHostNetwork) throws IOException {
    String bridge = "cxt" + n + String.format("%04x", RANDOM.nextInt(0x10000));
    this.root = Files.createTempDirectory("coxswain-runtime-test-" + n + "-");
    this.settings = ProcessRuntime.Settings.of(freeCidr(), bridge, "127.0.0.1")
        .withForceHostNetwork(forceHostNetwork)
        .withCgroupParent("coxswain-test/" + bridge);
    this.runtime = new ProcessRuntime(root, settings);
  }

  private static final java.util.Random RANDOM = new java.security.SecureRandom();

  /** A /24 in 10.250.0.0-10.254.255.0 that no address or route on this machine uses yet. */
  private static String freeCidr() throws IOException {
    Host host = new Host();
    String used = host.run(List.of("ip", "-4", "route", "show", "table", "all")) + "\n" + host.run(List.of("ip", "-4", "-o", "addr"));
    for (int attempt = 0; attempt < 100; attempt++) {
      String prefix = "10." + (250 + RANDOM.nextInt(5)) + "." + RANDOM.nextInt(256) + ".";
      if (!used.contains(prefix)) {
        return prefix + "0/24";
      }
    }
    throw new IOException("no free 10.250-254.x.0/24 for a test bridge");
  }

  String bridge() {
    return settings.bridgeName();
  }

  /** "10.250.7." for 10.250.7.0/24. */
  String cidrPrefix() {
    return settings.podCidr().substring(0, settings.podCidr().lastIndexOf('.') + 1);
  }

  /** Fails (rather than skips) when the machine cannot run the full runtime. */
  RuntimeFixture requireFullIsolation() {
    assertTrue(new Host().isRoot(), "these tests need root (they create namespaces, bridges and cgroups)");
    assertTrue(runtime.isolatesNetwork(), "pods must get their own network: " + runtime.networkFallbackReason().orElse(""));
    assertTrue(runtime.mountsIsolated(), "mount namespaces must work (unshare and mount from util-linux)");
    assertTrue(runtime.cgroupsUnavailableReason().isEmpty(), "cgroups must work: " + runtime.cgroupsUnavailableReason().orElse(""));
    return this;
  }

  /** A new runtime object on the same root, as a restarted agent would create. */
  ProcessRuntime restart() throws IOException {
    runtime = new ProcessRuntime(root, settings);
    return runtime;
  }

  PodSandbox sandbox(String podUid) throws IOException {
    return runtime.runPodSandbox(new SandboxConfig(podUid, "default", podUid, false, podUid));
  }

  static ContainerConfig container(String name, int attempt, String... argv) {
    return new ContainerConfig(name, attempt, "none", List.of(argv), BASE_ENV, null, List.of(), 0, 0, false, false);
  }

  static ContainerConfig shell(String name, int attempt, String script) {
    return container(name, attempt, "bash", "-c", script);
  }

  ContainerStatus awaitExit(String containerId) throws Exception {
    return runtime.awaitExit(containerId).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  List<String> logLines(String containerId) throws IOException {
    return Files.readAllLines(runtime.logFile(containerId).orElseThrow());
  }

  /** Waits until the container has logged a line containing {@code text} (it signals readiness so). */
  void awaitLog(String containerId, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (logLines(containerId).stream().anyMatch(line -> line.contains(text))) {
        return;
      }
      ContainerStatus status = runtime.containerStatus(containerId).orElseThrow();
      if (!status.running()) {
        fail("container " + containerId + " exited (" + status.exitCode() + ") before logging '" + text + "': " + logLines(containerId));
      }
      Thread.sleep(20);
    }
    fail("container " + containerId + " did not log '" + text + "' within " + WAIT_SECONDS + " s: " + logLines(containerId));
  }

  /** Removes every sandbox through the runtime: what each test does at its end. */
  void removeAllSandboxes() {
    for (PodSandbox sandbox : runtime.listPodSandboxes()) {
      try {
        runtime.removePodSandbox(sandbox.podUid());
      } catch (RuntimeException e) {
        System.err.println("cleanup: could not remove sandbox " + sandbox.podUid() + ": " + e);
      }
    }
  }

  @Override
  public void close() {
    removeAllSandboxes();
    try {
      runtime.tearDownNode();
    } catch (IOException | RuntimeException e) {
      System.err.println("cleanup: tearDownNode failed: " + e);
    }
    runtime.close();
    forceCleanup();
  }

  /** Whatever the runtime could not remove: found by name, killed and deleted directly. */
  private void forceCleanup() {
    killShims();
    for (Path cgroup : cgroupParents()) {
      killAndRemoveCgroups(cgroup);
    }
    try (DirectoryStream<Path> namespaces = Files.newDirectoryStream(PodNetwork.NETNS_DIR, settings.bridgeName() + "-*")) {
      for (Path netns : namespaces) {
        run("ip", "netns", "del", netns.getFileName().toString());
      }
    } catch (IOException ignored) {
      // no namespace directory: nothing to remove
    }
    if (PodNetwork.interfaceExists(settings.bridgeName())) {
      run("ip", "link", "del", settings.bridgeName());
    }
    for (String mountPoint : mountsUnder(root)) {
      run("umount", "-l", mountPoint);
    }
    try {
      FileTree.delete(root);
    } catch (IOException e) {
      System.err.println("cleanup: could not delete " + root + ": " + e);
    }
  }

  /** Shims and their loggers name the root directory on their command line. */
  private void killShims() {
    ProcessHandle.allProcesses()
        .filter(process -> process.info().arguments().map(args -> Arrays.stream(args).anyMatch(arg -> arg.startsWith(root.toString()))).orElse(false))
        .forEach(ProcessKiller::killTree);
  }

  private List<Path> cgroupParents() {
    try {
      Map<String, Path> mounts = CgroupsV1.hierarchyMounts(Files.readString(Path.of("/proc/self/mountinfo")));
      Map<String, String> own = CgroupsV1.ownCgroups(Files.readString(Path.of("/proc/self/cgroup")));
      List<Path> parents = new ArrayList<>();
      for (String controller : List.of("memory", "cpu")) {
        if (mounts.containsKey(controller)) {
          String base = own.getOrDefault(controller, "/").replaceAll("^/+", "");
          parents.add(mounts.get(controller).resolve(base).resolve(settings.cgroupParent()));
        }
      }
      return parents;
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void killAndRemoveCgroups(Path parent) {
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, Files::isDirectory)) {
      for (Path child : children) {
        ProcessKiller.killCgroups(List.of(child));
        Cgroups.removeDirectory(child);
      }
    } catch (IOException ignored) {
      // gone already
    }
    Cgroups.removeEmptyAncestry(parent, 2);
  }

  private static List<String> mountsUnder(Path root) {
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && fields[4].startsWith(root.toString())) {
          mounts.add(fields[4]);
        }
      }
    } catch (IOException ignored) {
      // no mountinfo, no mounts
    }
    return mounts;
  }

  private static void run(String... argv) {
    try {
      new Host().run(List.of(argv));
    } catch (IOException e) {
      System.err.println("cleanup: " + e.getMessage());
    }
  }

  static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new LinkedHashMap<>(BASE_ENV);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
