package io.coxswain.agent.service;

import io.coxswain.agent.runtime.process.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes ClusterIPs local addresses of the node, as kube-proxy in IPVS mode does with kube-ipvs0: an
 * interface of this agent's own holding each ClusterIP as a /32. Pods reach them through their
 * default route (the bridge gateway) because the node delivers to its local addresses whatever the
 * interface; the proxy then listens on them.
 *
 * <p>The interface is a dummy one, or, where the kernel has no dummy driver, a bridge without ports
 * (its addresses are just as local). Each agent has its own interface, named after its node: two
 * agents on one machine may both hold an address (Linux allows the same address on two interfaces),
 * and one agent removing its interface on stop leaves the other's addresses in place.
 */
public final class ClusterIPInterface implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterIPInterface.class);

  private final Host host;
  private final String name;
  private final Set<String> addresses = new TreeSet<>();

  private ClusterIPInterface(Host host, String name) {
    this.host = host;
    this.name = name;
  }

  /** The interface for this node, created if missing; empty (and why, logged) when this machine cannot. */
  static Optional<ClusterIPInterface> open(String nodeName) {
    Host host = new Host();
    String name = interfaceName(nodeName);
    if (!host.isLinux() || !host.isRoot()) {
      log.info("service proxy: not root on Linux, so ClusterIPs are not bound on this node; Services are reachable "
          + "through their NodePorts only");
      return Optional.empty();
    }
    try {
      if (Files.exists(Path.of("/sys/class/net", name))) {
        host.run(List.of("ip", "link", "del", name)); // left by an agent that was killed; start clean
      }
      String kind = "dummy";
      try {
        host.run(List.of("ip", "link", "add", name, "type", "dummy"));
      } catch (IOException noDummy) {
        kind = "bridge";
        host.run(List.of("ip", "link", "add", name, "type", "bridge"));
      }
      host.run(List.of("ip", "link", "set", name, "up"));
      log.info("service proxy: ClusterIPs are held by {} interface {}", kind, name);
      return Optional.of(new ClusterIPInterface(host, name));
    } catch (IOException e) {
      log.warn("service proxy: cannot create the ClusterIP interface {} ({}); Services are reachable through their "
          + "NodePorts only", name, e.getMessage());
      return Optional.empty();
    }
  }

  String name() {
    return name;
  }

  /** Adds the missing addresses and removes those no longer wanted, in one {@code ip -batch}. */
  void sync(Set<String> wanted) {
    StringBuilder batch = new StringBuilder();
    Set<String> added = new TreeSet<>(wanted);
    added.removeAll(addresses);
    Set<String> removed = new TreeSet<>(addresses);
    removed.removeAll(wanted);
    for (String ip : added) batch.append("addr replace ").append(ip).append("/32 dev ").append(name).append('\n');
    for (String ip : removed) batch.append("addr del ").append(ip).append("/32 dev ").append(name).append('\n');
    if (batch.isEmpty()) return;
    try {
      host.run(List.of("ip", "-force", "-batch", "-"), batch.toString());
    } catch (IOException e) {
      log.warn("service proxy: updating the addresses of {} failed: {}", name, e.getMessage());
    }
    addresses.clear();
    addresses.addAll(current());
    if (!added.isEmpty() || !removed.isEmpty()) {
      log.info("service proxy: {} now holds {} ClusterIP(s) (+{} -{})", name, addresses.size(), added.size(), removed.size());
    }
  }

  /** The IPv4 addresses the interface has now. */
  private Set<String> current() {
    Set<String> out = new TreeSet<>();
    try {
      for (String line : host.run(List.of("ip", "-o", "-4", "addr", "show", "dev", name)).lines().toList()) {
        String[] f = line.trim().split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
          if (f[i].equals("inet")) out.add(f[i + 1].replaceFirst("/.*", ""));
        }
      }
    } catch (IOException e) {
      log.warn("service proxy: cannot read the addresses of {}: {}", name, e.getMessage());
    }
    return out;
  }

  /** Removes the interface and with it every ClusterIP this agent held. */
  @Override
  public void close() {
    try {
      if (Files.exists(Path.of("/sys/class/net", name))) host.run(List.of("ip", "link", "del", name));
      log.info("service proxy: removed the ClusterIP interface {}", name);
    } catch (IOException e) {
      log.warn("service proxy: cannot remove {}: {}", name, e.getMessage());
    }
  }

  /**
   * The interface of a node's agent: within the kernel's 15 characters, distinct per node name. An
   * agent killed without stopping leaves it; the next start on the node replaces it.
   */
  public static String interfaceName(String nodeName) {
    return "cxsvc" + Integer.toHexString(nodeName.hashCode() & 0xfffffff);
  }
}
