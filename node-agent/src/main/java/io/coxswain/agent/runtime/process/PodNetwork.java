package io.coxswain.agent.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod networking on one node, the way a CNI bridge plugin does it: a Linux bridge holding the
 * gateway (first address of the pod CIDR), and per pod a network namespace (kept by {@code ip
 * netns}, so it lives without any process in it) joined to the bridge by a veth pair, with the
 * pod's address on its eth0 and a default route via the gateway.
 *
 * <p>Names derive from the bridge name and the pod uid, so two agents with different bridges on
 * one machine never touch each other's interfaces.
 */
final class PodNetwork {
  private static final Logger log = LoggerFactory.getLogger(PodNetwork.class);
  /** Where {@code ip netns} keeps its namespaces. */
  static final Path NETNS_DIR = Path.of("/var/run/netns");

  /** A pod's place on the network. */
  record Attachment(String netns, String hostVeth, String podIP) {
    Path netnsPath() {
      return NETNS_DIR.resolve(netns);
    }
  }

  private final Host host;
  private final String bridge;
  private final PodAddressPool addresses;

  PodNetwork(Host host, String bridge, PodAddressPool addresses) {
    this.host = host;
    this.bridge = bridge;
    this.addresses = addresses;
  }

  String bridge() {
    return bridge;
  }

  PodAddressPool addresses() {
    return addresses;
  }

  /** Creates the bridge with the gateway address if missing; harmless when it exists. */
  void ensureBridge() throws IOException {
    StringBuilder batch = new StringBuilder();
    if (!interfaceExists(bridge)) {
      batch.append("link add ").append(bridge).append(" type bridge\n");
    }
    batch.append("addr replace ").append(addresses.gateway()).append('/').append(addresses.prefixLength()).append(" dev ").append(bridge).append('\n');
    batch.append("link set ").append(bridge).append(" up\n");
    host.run(List.of("ip", "-batch", "-"), batch.toString());
  }

  /**
   * Gives the pod its namespace, veth pair and address; undoes a partial set-up on failure. A pod
   * that still holds an address (its namespace was lost, say to a reboot) gets the same one again.
   */
  Attachment attach(String podUid) throws IOException {
    removeInterfaces(podUid); // a crash mid-way may have left pieces; start clean
    String podIP = addresses.allocate(podUid);
    Attachment attachment = new Attachment(netnsName(bridge, podUid), vethName(bridge, podUid), podIP);
    try {
      host.run(List.of("ip", "-batch", "-"),
          "netns add " + attachment.netns() + "\n"
              // the peer is created inside the namespace, so "eth0" never clashes with the host's
              + "link add " + attachment.hostVeth() + " type veth peer name eth0 netns " + attachment.netns() + "\n"
              + "link set " + attachment.hostVeth() + " master " + bridge + "\n"
              + "link set " + attachment.hostVeth() + " up\n");
      host.run(List.of("ip", "-netns", attachment.netns(), "-batch", "-"),
          "link set lo up\n"
              + "addr add " + podIP + "/" + addresses.prefixLength() + " dev eth0\n"
              + "link set eth0 up\n"
              + "route add default via " + addresses.gateway() + "\n");
    } catch (IOException e) {
      detach(podUid);
      throw e;
    }
    log.info("Pod {} attached to {} as {} (netns {})", podUid, bridge, podIP, attachment.netns());
    return attachment;
  }

  /** Removes the pod's namespace and veth pair and frees its address; idempotent. */
  void detach(String podUid) {
    try {
      removeInterfaces(podUid);
      addresses.release(podUid);
    } catch (IOException e) {
      log.warn("Could not fully remove the network of pod {}: {}", podUid, e.getMessage());
    }
  }

  /** Whether the pod's namespace and its end of the veth pair both exist. */
  boolean isAttached(String podUid) {
    return Files.exists(NETNS_DIR.resolve(netnsName(bridge, podUid))) && interfaceExists(vethName(bridge, podUid));
  }

  private void removeInterfaces(String podUid) throws IOException {
    String veth = vethName(bridge, podUid);
    String netns = netnsName(bridge, podUid);
    if (interfaceExists(veth)) {
      try {
        host.run(List.of("ip", "link", "del", veth));
      } catch (IOException e) {
        // a namespace deleted a moment ago takes its veth pair with it asynchronously
        if (interfaceExists(veth)) {
          throw e;
        }
      }
    }
    if (Files.exists(NETNS_DIR.resolve(netns))) {
      host.run(List.of("ip", "netns", "del", netns));
    }
  }

  /** Removes the bridge (when the node is decommissioned or a test ends). */
  void deleteBridge() throws IOException {
    if (interfaceExists(bridge)) {
      host.run(List.of("ip", "link", "del", bridge));
    }
  }

  static boolean interfaceExists(String name) {
    return Files.exists(Path.of("/sys/class/net", name));
  }

  static String netnsName(String bridge, String podUid) {
    return bridge + "-" + digest(podUid).substring(0, 12);
  }

  /** Interface names have at most 15 characters: "veth" and 11 hex digits of bridge and uid. */
  static String vethName(String bridge, String podUid) {
    return "veth" + digest(bridge + "/" + podUid).substring(0, 11);
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
