package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills everything a container or an exec started: its process group (the shim gives each its own
 * with setsid), its cgroups (which also hold what left the group), and a process's descendants.
 * All with SIGKILL, so nothing can refuse; the JDK sends it without an external kill command.
 */
final class ProcessKiller {
  private ProcessKiller() {}

  /** SIGKILL to every process whose process group is {@code processGroup}; returns how many. */
  static int killGroup(long processGroup) {
    if (processGroup <= 1) {
      return 0; // never the whole machine
    }
    int killed = 0;
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : proc) {
        long pid;
        try {
          pid = Long.parseLong(entry.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        boolean member = ProcIdentity.Stat.read(pid).filter(s -> s.processGroup() == processGroup).isPresent();
        if (member && ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed++;
        }
      }
    } catch (IOException e) {
      return killed;
    }
    return killed;
  }

  /** SIGKILL to every process in the cgroups (each a directory with cgroup.procs); returns how many. */
  static int killCgroups(List<Path> cgroupDirs) {
    int killed = 0;
    for (Path dir : cgroupDirs) {
      for (long pid : pidsIn(dir)) {
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed++;
        }
      }
    }
    return killed;
  }

  static List<Long> pidsIn(Path cgroupDir) {
    List<Long> pids = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(cgroupDir.resolve("cgroup.procs"))) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return pids;
    }
    return pids;
  }

  /** SIGKILL to a process and all its descendants, children first found, then the process. */
  static void killTree(ProcessHandle root) {
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }
}
