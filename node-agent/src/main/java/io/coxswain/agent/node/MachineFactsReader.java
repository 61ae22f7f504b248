package io.coxswain.agent.node;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@link MachineFacts} from the files Linux exposes them in (/proc, /sys, /etc), the same
 * sources kubelet's cAdvisor reads. Each fact has a fallback from the JVM or an empty value, so a
 * machine that hides one (a container without /sys, macOS) still describes itself.
 *
 * <p>The file system root is a parameter so tests can point the reader at a fake tree.
 */
final class MachineFactsReader {
  private final Path root;

  MachineFactsReader(Path root) {
    this.root = root;
  }

  static MachineFactsReader forThisMachine() {
    return new MachineFactsReader(Path.of("/"));
  }

  MachineFacts read(Path dataDir) {
    MachineFacts.Usage u = usage(dataDir);
    String javaOs = System.getProperty("os.name", "");
    return new MachineFacts(
        cpuCores(),
        meminfoBytes("MemTotal").orElseGet(MachineFactsReader::jvmTotalMemory),
        u.diskTotalBytes(),
        hostname(),
        internalIP(),
        firstLine("etc/machine-id").or(() -> firstLine("var/lib/dbus/machine-id")).orElse(""),
        // Readable by root only on most machines; kubelet reports "" too when cAdvisor cannot read it.
        firstLine("sys/class/dmi/id/product_uuid").orElse(""),
        firstLine("proc/sys/kernel/random/boot_id").orElse(""),
        firstLine("proc/sys/kernel/osrelease").orElse(System.getProperty("os.version", "")),
        osImage().orElse(javaOs),
        MachineFacts.goOs(javaOs),
        MachineFacts.goArch(System.getProperty("os.arch", "")),
        u);
  }

  /** The current load; cheap enough to call on every status computation. */
  MachineFacts.Usage usage(Path dataDir) {
    long memAvailable = meminfoBytes("MemAvailable").orElseGet(MachineFactsReader::jvmFreeMemory);
    long diskFree = 0;
    long diskTotal = 0;
    try {
      FileStore store = Files.getFileStore(existingAncestor(dataDir));
      diskFree = store.getUsableSpace();
      diskTotal = store.getTotalSpace();
    } catch (IOException e) {
      // Unknown: reported as zero, which the pressure check treats as "no information".
    }
    return new MachineFacts.Usage(memAvailable, diskFree, diskTotal, processes(), pidMax());
  }

  /** Logical CPUs of the machine (cAdvisor's NumCores), not the JVM's possibly limited share. */
  private int cpuCores() {
    try {
      long n = Files.readAllLines(root.resolve("proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("processor") && l.contains(":")).count();
      if (n > 0) return (int) n;
    } catch (IOException e) {
      // fall through
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** A /proc/meminfo field in bytes (the file says kB and means KiB). */
  Optional<Long> meminfoBytes(String field) {
    try {
      for (String line : Files.readAllLines(root.resolve("proc/meminfo"))) {
        if (!line.startsWith(field + ":")) continue;
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        return Optional.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return Optional.empty();
  }

  /** Kubelet uses os.Hostname() lower-cased; uname's nodename is in /proc/sys/kernel/hostname. */
  private String hostname() {
    Optional<String> h = firstLine("proc/sys/kernel/hostname");
    if (h.isEmpty()) h = Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank());
    if (h.isEmpty()) {
      try {
        h = Optional.of(InetAddress.getLocalHost().getHostName());
      } catch (IOException e) {
        h = Optional.of("localhost");
      }
    }
    return h.get().trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The IPv4 address of the interface holding the default route, as kubelet's ChooseHostInterface
   * picks it; else the first non-loopback IPv4 of an interface that is up; else 127.0.0.1.
   */
  private String internalIP() {
    try {
      Optional<String> routeInterface = defaultRouteInterface();
      if (routeInterface.isPresent()) {
        NetworkInterface ni = NetworkInterface.getByName(routeInterface.get());
        Optional<String> ip = ni == null ? Optional.empty() : ipv4(ni);
        if (ip.isPresent()) return ip.get();
      }
      List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
      all.sort(Comparator.comparingInt(NetworkInterface::getIndex));
      for (NetworkInterface ni : all) {
        if (!ni.isUp() || ni.isLoopback()) continue;
        Optional<String> ip = ipv4(ni);
        if (ip.isPresent()) return ip.get();
      }
    } catch (SocketException e) {
      // fall through
    }
    return "127.0.0.1";
  }

  private static Optional<String> ipv4(NetworkInterface ni) {
    return Collections.list(ni.getInetAddresses()).stream()
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .map(InetAddress::getHostAddress)
        .findFirst();
  }

  /** /proc/net/route: the interface whose destination and mask are 0.0.0.0. */
  Optional<String> defaultRouteInterface() {
    try {
      for (String line : Files.readAllLines(root.resolve("proc/net/route"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000")) return Optional.of(f[0]);
      }
    } catch (IOException e) {
      // fall through
    }
    return Optional.empty();
  }

  /** PRETTY_NAME of os-release(5), unquoted. */
  private Optional<String> osImage() {
    for (String file : List.of("etc/os-release", "usr/lib/os-release")) {
      try {
        for (String line : Files.readAllLines(root.resolve(file))) {
          if (!line.startsWith("PRETTY_NAME=")) continue;
          String v = line.substring("PRETTY_NAME=".length()).trim();
          if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) && v.endsWith(v.substring(0, 1))) {
            v = v.substring(1, v.length() - 1);
          }
          return Optional.of(v);
        }
      } catch (IOException e) {
        // try the next one
      }
    }
    return Optional.empty();
  }

  /**
   * Tasks in use, from the fourth field of /proc/loadavg ("running/total"), which kubelet prefers
   * because sysinfo(2) truncates large counts; else the number of process directories in /proc.
   */
  private long processes() {
    Optional<String> loadavg = firstLine("proc/loadavg");
    if (loadavg.isPresent()) {
      String[] f = loadavg.get().split("\\s+");
      if (f.length > 3 && f[3].contains("/")) {
        try {
          return Long.parseLong(f[3].substring(f[3].indexOf('/') + 1));
        } catch (NumberFormatException e) {
          // fall through
        }
      }
    }
    try (var s = Files.list(root.resolve("proc"))) {
      return s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private long pidMax() {
    try {
      return Long.parseLong(firstLine("proc/sys/kernel/pid_max").orElse("").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Optional<String> firstLine(String relative) {
    try {
      List<String> lines = Files.readAllLines(root.resolve(relative));
      return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(lines.get(0).trim());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static Path existingAncestor(Path p) {
    Path q = p.toAbsolutePath();
    while (q != null && !Files.exists(q)) q = q.getParent();
    return q == null ? p.toAbsolutePath().getRoot() : q;
  }

  private static long jvmTotalMemory() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
  }

  private static long jvmFreeMemory() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getFreeMemorySize() : Runtime.getRuntime().freeMemory();
  }
}
