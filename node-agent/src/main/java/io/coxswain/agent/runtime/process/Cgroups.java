package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Per-container cgroups: memory and CPU limits, OOM-kill counting, and a list of every process a
 * container started (so a stop can kill all of them). Version 2 (unified hierarchy) or version 1
 * (one hierarchy per controller) is detected; without either, or without root, containers run
 * without limits and {@link #unavailableReason()} says why.
 *
 * <p>Container cgroups sit under a parent: a relative parent is placed beneath the agent's own
 * cgroup (so containers are accounted within whatever limits the agent's service has), an absolute
 * one beneath the hierarchy root (so stopping the agent's service does not touch containers).
 */
sealed interface Cgroups permits CgroupsV1, CgroupsV2, Cgroups.Unavailable {

  /** Where one container's processes go: the directories it joins and its OOM-kill counter file. */
  record Placement(List<Path> directories, Optional<Path> oomCounter) {}

  /** e.g. "cgroup v1 (memory, cpu) under /sys/fs/cgroup/memory/coxswain"; for logs and the Node. */
  String description();

  /** Why containers run without limits, or empty when cgroups work. */
  Optional<String> unavailableReason();

  /** Creates the container's cgroups with its limits (0 means none). */
  Placement create(String containerId, long memoryLimitBytes, long cpuLimitMillis) throws IOException;

  /** Removes the parent directories this runtime created, if no container cgroup is left in them. */
  void removeParent();

  /** Removes a container's cgroups once its processes are gone; retries briefly while they drain. */
  static void remove(Placement placement) {
    for (Path dir : placement.directories()) {
      removeDirectory(dir);
    }
  }

  static Cgroups detect(Host host, String parent) {
    if (!host.isLinux()) {
      return new Unavailable("cgroups exist on Linux only");
    }
    if (!host.isRoot()) {
      return new Unavailable("the agent does not run as root, so it cannot create cgroups");
    }
    try {
      if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
        return CgroupsV2.detect(Path.of("/sys/fs/cgroup"), parent);
      }
      return CgroupsV1.detect(
          Files.readString(Path.of("/proc/self/mountinfo")), Files.readString(Path.of("/proc/self/cgroup")), parent);
    } catch (IOException | RuntimeException e) {
      return new Unavailable("cgroups could not be set up: " + e.getMessage());
    }
  }

  /**
   * A cgroup directory is removed with rmdir (its control files are not real files); the kernel
   * refuses while a process is still leaving, so a few short retries cover that moment.
   */
  static boolean removeDirectory(Path dir) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return true;
      } catch (IOException e) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /** Removes {@code dir} and then up to {@code depth - 1} of its ancestors, stopping at one in use. */
  static void removeEmptyAncestry(Path dir, int depth) {
    Path current = dir;
    for (int level = 0; level < depth && current != null; level++) {
      try {
        Files.deleteIfExists(current);
      } catch (IOException inUse) {
        return;
      }
      current = current.getParent();
    }
  }

  /** How many directory levels a parent like "coxswain/node-1" adds. */
  static int depthOf(String parent) {
    return (int) java.util.Arrays.stream(parent.split("/")).filter(part -> !part.isEmpty()).count();
  }

  /** Writes one value to a cgroup control file. */
  static void write(Path file, String value) throws IOException {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
    }
  }

  /** No cgroups: containers run unlimited, and nothing tracks their descendants. */
  record Unavailable(String reason) implements Cgroups {
    @Override
    public String description() {
      return "no cgroups (" + reason + ")";
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.of(reason);
    }

    @Override
    public Placement create(String containerId, long memoryLimitBytes, long cpuLimitMillis) {
      return new Placement(List.of(), Optional.empty());
    }

    @Override
    public void removeParent() {}
  }
}
