package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process as the kernel knows it: the boot, its pid, and its start time in clock ticks since boot
 * (field 22 of /proc/&lt;pid&gt;/stat). Pids are recycled and tick counts restart with each boot;
 * the triple is unique, so a restarted agent never mistakes an unrelated process for a container
 * it started before, not even after a reboot.
 */
record ProcIdentity(String bootId, long pid, long startTicks) {
  private static final String CURRENT_BOOT = readBootId();

  /** The identity of a live process, or empty when there is none with that pid. */
  static Optional<ProcIdentity> of(long pid) {
    return Stat.read(pid).map(stat -> new ProcIdentity(CURRENT_BOOT, pid, stat.startTicks()));
  }

  /** The kernel's random id of this boot. */
  static String currentBootId() {
    return CURRENT_BOOT;
  }

  private static String readBootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Whether this very process still runs (a zombie has finished, whatever /proc still shows). */
  boolean isAlive() {
    return bootId.equals(CURRENT_BOOT)
        && Stat.read(pid).filter(stat -> stat.startTicks() == startTicks && stat.state() != 'Z').isPresent();
  }

  /** A handle to this process if it still runs, for onExit() and signals. */
  Optional<ProcessHandle> handle() {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    return isAlive() ? handle : Optional.empty();
  }

  /** The fields of /proc/&lt;pid&gt;/stat the runtime needs. */
  record Stat(char state, long processGroup, long startTicks) {

    static Optional<Stat> read(long pid) {
      String line;
      try {
        line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
      return parse(line);
    }

    /** The command name (field 2) may hold spaces and parentheses, so fields count from its last ')'. */
    static Optional<Stat> parse(String line) {
      int end = line.lastIndexOf(')');
      if (end < 0 || end + 2 >= line.length()) {
        return Optional.empty();
      }
      String[] fields = line.substring(end + 2).trim().split(" ");
      // fields[0] is field 3 (state); process group is field 5, start time field 22.
      if (fields.length < 20) {
        return Optional.empty();
      }
      OptionalLong group = parseLong(fields[2]);
      OptionalLong start = parseLong(fields[19]);
      if (fields[0].isEmpty() || group.isEmpty() || start.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Stat(fields[0].charAt(0), group.getAsLong(), start.getAsLong()));
    }

    private static OptionalLong parseLong(String text) {
      try {
        return OptionalLong.of(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }
}
