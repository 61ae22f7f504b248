package io.coxswain.agent.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's dummy interface that holds Service addresses, as kube-proxy's IPVS mode keeps them on
 * {@code kube-ipvs0}: each address is a /32 (or /128) on it, so the node accepts traffic for it
 * from its own processes and from pod namespaces routed through the node, while no other machine
 * is told about it. Both the cluster DNS and the service proxy put their addresses here; adding an
 * address that is there already is harmless. Where the kernel has no dummy driver the interface
 * is a bridge without ports, which holds local addresses the same way. Needs root and {@code ip}
 * (iproute2).
 */
public final class ServiceInterface {
  /** The interface every agent on a machine shares (at most 15 characters). */
  public static final String DEFAULT_NAME = "coxswain-svc0";
  private static final Logger log = LoggerFactory.getLogger(ServiceInterface.class);

  private final String name;

  public ServiceInterface(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,15}")) {
      throw new IllegalArgumentException("interface name " + name + " must be 1 to 15 letters, digits, '_', '.' or '-'");
    }
    this.name = name;
  }

  /** Why this process cannot manage the interface (not root, no {@code ip}), or empty when it can. */
  public static java.util.Optional<String> unavailableReason() {
    try {
      boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.substring(4).trim().split("\\s+")[0].equals("0"));
      if (!root) return java.util.Optional.of("the agent does not run as root");
    } catch (IOException e) {
      return java.util.Optional.of("cannot tell whether the agent runs as root: " + e.getMessage());
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "ip"))) return java.util.Optional.empty();
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "ip"))) return java.util.Optional.empty();
    }
    return java.util.Optional.of("ip is not installed (iproute2)");
  }

  public String name() {
    return name;
  }

  /** Creates the interface if missing and adds the address; true when the address was not there before. */
  public synchronized boolean addAddress(String ip) throws IOException {
    boolean v6 = ip.contains(":");
    if (!Files.exists(Path.of("/sys/class/net", name))) {
      String type = "dummy";
      try {
        ip(List.of("link", "add", name, "type", "dummy"));
      } catch (IOException e) {
        // Kernels (or containers) without the dummy driver: a bridge with no ports holds local
        // addresses just as well.
        if (!e.getMessage().contains("Unknown device type")) throw e;
        type = "bridge";
        ip(List.of("link", "add", name, "type", "bridge"));
      }
      log.info("created the service interface {} ({})", name, type);
    }
    boolean present = hasAddress(ip);
    if (!present) ip(List.of("addr", "replace", ip + (v6 ? "/128" : "/32"), "dev", name));
    ip(List.of("link", "set", name, "up"));
    return !present;
  }

  /** Removes the address; the interface stays for the others. */
  public synchronized void removeAddress(String ip) throws IOException {
    if (hasAddress(ip)) ip(List.of("addr", "del", ip + (ip.contains(":") ? "/128" : "/32"), "dev", name));
  }

  public boolean hasAddress(String ip) throws IOException {
    if (!Files.exists(Path.of("/sys/class/net", name))) return false;
    String out = ip(List.of("-o", "addr", "show", "dev", name));
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if ((f[i].equals("inet") || f[i].equals("inet6")) && f[i + 1].split("/")[0].equals(ip)) return true;
      }
    }
    return false;
  }

  private static String ip(List<String> args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add("ip");
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish");
      }
      if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
