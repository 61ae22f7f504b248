package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * cgroup v2: one unified hierarchy. A container gets one directory with memory.max (and
 * memory.swap.max 0, so it cannot swap past the limit) and cpu.max; memory.events counts its OOM
 * kills. The memory and cpu controllers must be enabled in the subtree_control of every ancestor;
 * the kernel refuses that for a cgroup holding processes, which is why an agent in a systemd
 * service's cgroup needs an absolute parent (tried as a fallback here).
 */
record CgroupsV2(Path parent, int parentDepth) implements Cgroups {
  private static final List<String> CONTROLLERS = List.of("memory", "cpu");

  static Cgroups detect(Path mount, String parent) throws IOException {
    String own = ownCgroup(Files.readString(Path.of("/proc/self/cgroup")));
    List<Path> candidates = new ArrayList<>();
    if (!parent.startsWith("/")) {
      candidates.add(resolve(mount, own + "/" + parent));
    }
    candidates.add(resolve(mount, parent));
    IOException last = null;
    for (Path candidate : candidates) {
      try {
        enableControllers(mount, candidate);
        return new CgroupsV2(candidate, Cgroups.depthOf(parent));
      } catch (IOException e) {
        Cgroups.removeEmptyAncestry(candidate, Cgroups.depthOf(parent));
        last = e;
      }
    }
    return new Cgroups.Unavailable("cgroup v2 controllers could not be enabled for " + candidates + ": " + last.getMessage());
  }

  /** The path of the "0::/path" line of /proc/self/cgroup. */
  static String ownCgroup(String selfCgroup) {
    for (String line : selfCgroup.split("\n")) {
      if (line.startsWith("0::")) {
        return line.substring(3).trim();
      }
    }
    return "/";
  }

  private static Path resolve(Path mount, String relative) {
    return mount.resolve(relative.replaceAll("^/+", "")).normalize();
  }

  /** Enables memory and cpu top-down from the hierarchy root to {@code dir}, creating what is missing. */
  private static void enableControllers(Path mount, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> chain = new ArrayList<>();
    for (Path current = dir; current != null && current.startsWith(mount); current = current.getParent()) {
      chain.add(0, current);
    }
    for (Path level : chain) {
      String enabled = Files.readString(level.resolve("cgroup.subtree_control"));
      for (String controller : CONTROLLERS) {
        if (!List.of(enabled.trim().split(" ")).contains(controller)) {
          Cgroups.write(level.resolve("cgroup.subtree_control"), "+" + controller);
        }
      }
    }
  }

  @Override
  public String description() {
    return "cgroup v2 (memory, cpu under " + parent + ")";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Optional.empty();
  }

  @Override
  public Placement create(String containerId, long memoryLimitBytes, long cpuLimitMillis) throws IOException {
    Path dir = parent.resolve(containerId);
    Files.createDirectories(dir);
    try {
      if (memoryLimitBytes > 0) {
        Cgroups.write(dir.resolve("memory.max"), Long.toString(memoryLimitBytes));
        if (Files.exists(dir.resolve("memory.swap.max"))) {
          Cgroups.write(dir.resolve("memory.swap.max"), "0");
        }
      }
      if (cpuLimitMillis > 0) {
        long quota = Math.max(1000, cpuLimitMillis * CgroupsV1.CFS_PERIOD_MICROS / 1000);
        Cgroups.write(dir.resolve("cpu.max"), quota + " " + CgroupsV1.CFS_PERIOD_MICROS);
      }
    } catch (IOException e) {
      Cgroups.removeDirectory(dir);
      throw e;
    }
    return new Placement(List.of(dir), Optional.of(dir.resolve("memory.events")));
  }

  @Override
  public void removeParent() {
    Cgroups.removeEmptyAncestry(parent, parentDepth);
  }
}
