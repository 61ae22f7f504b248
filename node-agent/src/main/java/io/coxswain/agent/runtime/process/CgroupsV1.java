package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cgroup v1: one hierarchy per controller (memory at /sys/fs/cgroup/memory, cpu at
 * /sys/fs/cgroup/cpu or cpu,cpuacct). A container gets a directory in the memory and the cpu
 * hierarchy; memory.oom_control counts its OOM kills.
 */
record CgroupsV1(Optional<Path> memoryParent, Optional<Path> cpuParent, int parentDepth) implements Cgroups {
  /** The CFS period the kernel defaults to; quotas are expressed against it. */
  static final long CFS_PERIOD_MICROS = 100_000;

  /**
   * Finds the memory and cpu hierarchies in /proc/self/mountinfo and the agent's own place in them
   * in /proc/self/cgroup, and creates the parent directories.
   */
  static Cgroups detect(String mountinfo, String selfCgroup, String parent) throws IOException {
    Map<String, Path> mounts = hierarchyMounts(mountinfo);
    Map<String, String> own = ownCgroups(selfCgroup);
    Optional<Path> memory = parentIn("memory", mounts, own, parent);
    Optional<Path> cpu = parentIn("cpu", mounts, own, parent);
    if (memory.isEmpty() && cpu.isEmpty()) {
      return new Cgroups.Unavailable("neither cgroup v2 nor a cgroup v1 memory or cpu hierarchy is mounted");
    }
    for (Path dir : List.of(memory, cpu).stream().flatMap(Optional::stream).toList()) {
      Files.createDirectories(dir);
    }
    return new CgroupsV1(memory, cpu, Cgroups.depthOf(parent));
  }

  private static Optional<Path> parentIn(String controller, Map<String, Path> mounts, Map<String, String> own, String parent) {
    Path mount = mounts.get(controller);
    if (mount == null) {
      return Optional.empty();
    }
    String base = parent.startsWith("/") ? "" : own.getOrDefault(controller, "/");
    return Optional.of(mount.resolve(stripSlashes(base)).resolve(stripSlashes(parent)).normalize());
  }

  /** Controller name to mount point, for every cgroup (v1) line of mountinfo. */
  static Map<String, Path> hierarchyMounts(String mountinfo) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (String line : mountinfo.split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3 || !right[0].equals("cgroup")) {
        continue;
      }
      for (String option : right[2].split(",")) {
        mounts.putIfAbsent(option, Path.of(left[4]));
      }
    }
    return mounts;
  }

  /** Controller name to the agent's cgroup path, from lines like "4:memory:/some/path". */
  static Map<String, String> ownCgroups(String selfCgroup) {
    Map<String, String> own = new LinkedHashMap<>();
    for (String line : selfCgroup.split("\n")) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && !parts[1].isEmpty()) {
        Arrays.stream(parts[1].split(",")).forEach(controller -> own.put(controller, parts[2]));
      }
    }
    return own;
  }

  private static String stripSlashes(String path) {
    String stripped = path;
    while (stripped.startsWith("/")) {
      stripped = stripped.substring(1);
    }
    return stripped;
  }

  @Override
  public String description() {
    List<String> parts = new ArrayList<>();
    memoryParent.ifPresent(dir -> parts.add("memory under " + dir));
    cpuParent.ifPresent(dir -> parts.add("cpu under " + dir));
    return "cgroup v1 (" + String.join(", ", parts) + ")";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Placement create(String containerId, long memoryLimitBytes, long cpuLimitMillis) throws IOException {
    List<Path> dirs = new ArrayList<>();
    Optional<Path> oomCounter = Optional.empty();
    try {
      if (memoryParent.isPresent()) {
        Path dir = memoryParent.get().resolve(containerId);
        Files.createDirectories(dir);
        dirs.add(dir);
        if (memoryLimitBytes > 0) {
          Cgroups.write(dir.resolve("memory.limit_in_bytes"), Long.toString(memoryLimitBytes));
          // Memory plus swap at the same limit: the container cannot swap its way past the limit.
          Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
          if (Files.exists(memsw)) {
            Cgroups.write(memsw, Long.toString(memoryLimitBytes));
          }
        }
        oomCounter = Optional.of(dir.resolve("memory.oom_control"));
      }
      if (cpuParent.isPresent()) {
        Path dir = cpuParent.get().resolve(containerId);
        Files.createDirectories(dir);
        dirs.add(dir);
        if (cpuLimitMillis > 0) {
          long quota = Math.max(1000, cpuLimitMillis * CFS_PERIOD_MICROS / 1000);
          Cgroups.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_MICROS));
          Cgroups.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
      }
    } catch (IOException e) {
      Cgroups.remove(new Placement(dirs, Optional.empty()));
      throw e;
    }
    return new Placement(List.copyOf(dirs), oomCounter);
  }

  @Override
  public void removeParent() {
    memoryParent.ifPresent(dir -> Cgroups.removeEmptyAncestry(dir, parentDepth));
    cpuParent.ifPresent(dir -> Cgroups.removeEmptyAncestry(dir, parentDepth));
  }
}
