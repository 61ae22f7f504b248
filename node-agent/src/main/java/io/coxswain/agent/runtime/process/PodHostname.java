package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pod's own UTS namespace, so {@code hostname} in its containers prints the pod's hostname. Like
 * the network namespace it outlives every process: {@code unshare --uts=<file>} bind-mounts it on a
 * file in the pod directory, and containers join it with {@code nsenter --uts=<file>}. One
 * unshare per pod is all it costs.
 */
final class PodHostname {
  private final Host host;

  PodHostname(Host host) {
    this.host = host;
  }

  /** Creates the namespace at {@code file} with the hostname (cut to a DNS label's 63 characters). */
  void create(Path file, String hostname) throws IOException {
    remove(file);
    Files.createFile(file);
    String name = hostname.length() > 63 ? hostname.substring(0, 63) : hostname;
    try {
      host.run(List.of("unshare", "--uts=" + file, "bash", "-c", "printf '%s' \"$1\" >/proc/sys/kernel/hostname", "bash", name));
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Unmounts and deletes the namespace file; idempotent. Running containers keep their namespace. */
  void remove(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    if (isMountPoint(file)) {
      host.run(List.of("umount", file.toString()));
    }
    Files.deleteIfExists(file);
  }

  /** Whether the namespace is in place (after a reboot only the empty file is left). */
  static boolean exists(Path file) {
    try {
      return Files.exists(file) && isMountPoint(file);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isMountPoint(Path file) throws IOException {
    String target = file.toAbsolutePath().normalize().toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // the fifth field is the mount point (spaces in it would be escaped as \040)
      String[] fields = line.split(" ");
      if (fields.length > 4 && fields[4].equals(target)) {
        return true;
      }
    }
    return false;
  }
}
