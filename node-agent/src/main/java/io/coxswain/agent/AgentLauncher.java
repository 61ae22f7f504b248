package io.coxswain.agent;

import com.typesafe.config.Config;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.agent.dns.ClusterDns;
import io.coxswain.agent.dns.ClusterDnsSettings;
import io.coxswain.agent.node.MachineFacts;
import io.coxswain.agent.pod.PodNameFiles;
import io.coxswain.agent.service.ClusterServices;
import io.coxswain.agent.node.NodeLabels;
import io.coxswain.agent.node.NodeSettings;
import io.coxswain.agent.node.Taint;
import io.coxswain.agent.runtime.process.ProcessRuntime;
import io.coxswain.agent.runtime.simulated.SimulatedRuntime;
import io.coxswain.agent.service.ServiceProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.typed.ActorSystem;

/** Assembles node agents: one for this machine with the process runtime, or many hollow ones. */
public final class AgentLauncher {
  public static final String RUNTIME_VERSION = "0.1.0";
  /** Says on the Node how its pods are networked (own namespaces, or the host's and why). */
  public static final String POD_NETWORK_ANNOTATION = "coxswain.io/pod-network";

  private AgentLauncher() {}

  /**
   * This machine as a node.
   *
   * @param podCidr null to derive one from the node name (10.244.N.0/24)
   */
  public record MachineNode(String name, Path dataDir, List<String> labels, List<String> taints, String podCidr) {}

  public static NodeAgents machineNode(ActorSystem<?> system, ResourceStore resources, MachineNode node) {
    Config config = system.settings().config();
    MachineFacts machine = MachineFacts.read(node.dataDir());
    String podCidr = node.podCidr() != null ? node.podCidr() : derivedPodCidr(node.name());
    ProcessRuntime runtime;
    try {
      runtime = new ProcessRuntime(node.dataDir().resolve("runtime"),
          ProcessRuntime.Settings.of(podCidr, bridgeName(node.name()), machine.internalIP()));
    } catch (IOException e) {
      throw new IllegalStateException("the process runtime cannot start: " + e.getMessage(), e);
    }
    Map<String, String> annotations = new HashMap<>();
    annotations.put(POD_NETWORK_ANNOTATION, runtime.networkFallbackReason()
        .map(reason -> "host network: " + reason)
        .orElse("own network namespace per pod on bridge " + runtime.settings().bridgeName() + ", " + podCidr));
    runtime.cgroupsUnavailableReason().ifPresent(r -> annotations.put("coxswain.io/resource-limits", "not enforced: " + r));
    NodeSettings settings = NodeSettings.of(node.name(), runtime.name(), RUNTIME_VERSION)
        .withLabels(labels(node.labels()))
        .withTaints(taints(node.taints()))
        .withPodCIDR(podCidr)
        .withAnnotations(annotations);
    DescribedNode registration = new DescribedNode(settings, () -> machine.withUsage(MachineFacts.readUsage(node.dataDir())));
    AgentStore store = new AgentStore(resources, node.name(), Clock.systemUTC(), true);
    ExecutorService blocking = NodeAgents.blockingPool();
    NodeAgents.Discovery discovery = discovery(system, config);
    ClusterDnsSettings dns = discovery.dns().settings();
    // The pod's own resolv.conf and hosts file need a mount namespace per container (root).
    PodNameFiles nameFiles = new PodNameFiles(runtime.mountsIsolated(), dns.clusterIP(), dns.domain(), dns.resolvConf(),
        Path.of("/etc/hosts"));
    StorePodInputs inputs = new StorePodInputs(store, blocking, List.of(machine.internalIP()), registration::allocatable,
        discovery.services(), nameFiles);
    NodeAgents.NodeSpec spec = new NodeAgents.NodeSpec(node.name(), registration, runtime, inputs, store, machine.internalIP(), true);
    return NodeAgents.start(system, List.of(spec), NodeAgents.Settings.fromConfig(config, false), blocking, "node-agents",
        discovery, proxySettings(config, node.name()));
  }

  /** The JVM's view of the Services and its cluster DNS, which follows that view. */
  private static NodeAgents.Discovery discovery(ActorSystem<?> system, Config config) {
    ClusterServices services = new ClusterServices();
    ClusterDns dns = ClusterDns.start(system, ClusterDnsSettings.fromConfig(config));
    services.onChange(dns::update);
    return new NodeAgents.Discovery(services, dns);
  }

  /** The service proxy of a machine node, from {@code coxswain.agent.service-proxy}; null when disabled. */
  static ServiceProxy.Settings proxySettings(Config config, String nodeName) {
    Config c = config.getConfig("coxswain.agent.service-proxy");
    if (!c.getBoolean("enabled")) return null;
    return new ServiceProxy.Settings(nodeName, c.getBoolean("cluster-ips"), c.getInt("event-loop-threads"));
  }

  /** {@code count} hollow nodes named prefix-0 … prefix-(count-1), sharing nothing but this JVM. */
  public static NodeAgents hollowNodes(
      ActorSystem<?> system, ResourceStore resources, String prefix, int count, List<String> labels, List<String> taints) {
    Config config = system.settings().config();
    ExecutorService blocking = NodeAgents.blockingPool();
    List<NodeAgents.NodeSpec> specs = new ArrayList<>(count);
    Map<String, String> labelMap = labels(labels);
    List<Taint> taintList = taints(taints);
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      String ip = "10.255." + (i / 250) + "." + (i % 250 + 1);
      SimulatedRuntime runtime = new SimulatedRuntime(Clock.systemUTC(), 100 + i % 150);
      NodeSettings settings = NodeSettings.of(name, runtime.name(), RUNTIME_VERSION)
          .withLabels(labelMap).withTaints(taintList)
          .withAnnotations(Map.of(POD_NETWORK_ANNOTATION, "simulated (hollow node, no processes)"));
      MachineFacts facts = MachineFacts.hollow(name, ip);
      DescribedNode registration = new DescribedNode(settings, () -> facts);
      AgentStore store = new AgentStore(resources, name, Clock.systemUTC(), false);
      StorePodInputs inputs = new StorePodInputs(store, blocking, List.of(ip), registration::allocatable);
      specs.add(new NodeAgents.NodeSpec(name, registration, runtime, inputs, store, ip, false));
    }
    return NodeAgents.start(system, specs, NodeAgents.Settings.fromConfig(config, true), blocking, "hollow-node-agents");
  }

  /** Lines for the start-up output: which nodes run here and how their pods are networked. */
  public static List<String> describe(NodeAgents agents) {
    List<NodeAgents.NodeSpec> nodes = agents.nodes();
    if (nodes.size() != 1) {
      return List.of("running " + nodes.size() + " hollow nodes (" + nodes.get(0).name() + " … "
          + nodes.get(nodes.size() - 1).name() + "): simulated containers, no processes");
    }
    NodeAgents.NodeSpec n = nodes.get(0);
    List<String> lines = new ArrayList<>();
    agents.discovery().ifPresent(d -> lines.add("node agent: cluster DNS for " + d.dns().settings().domain() + " "
        + d.dns().address().map(a -> "on " + a.getAddress().getHostAddress() + ":" + a.getPort())
            .orElse("not served here (see the log)")));
    lines.add("node agent: node " + n.name() + " runs pods as processes (" + n.runtime().name() + " runtime, node IP " + n.hostIP() + ")");
    if (n.runtime() instanceof ProcessRuntime p) {
      lines.add("node agent: pod network: " + p.networkFallbackReason().map(r -> "shared with the host (" + r + ")")
          .orElse("own namespace per pod on bridge " + p.settings().bridgeName() + " " + p.settings().podCidr()));
      p.cgroupsUnavailableReason().ifPresent(r -> lines.add("node agent: memory and CPU limits are not enforced: " + r));
    }
    return lines;
  }

  public static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName().toLowerCase();
      return name.isEmpty() ? "localhost" : name;
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** 10.244.N.0/24 with N from the node name, so agents on one machine rarely collide. */
  static String derivedPodCidr(String nodeName) {
    return "10.244." + Math.floorMod(nodeName.hashCode(), 250) + ".0/24";
  }

  /** A bridge name within the kernel's 15 characters, distinct per node name. */
  static String bridgeName(String nodeName) {
    return "cx" + Integer.toHexString(nodeName.hashCode() & 0xfffffff);
  }

  private static Map<String, String> labels(List<String> specs) {
    return specs.isEmpty() ? Map.of() : NodeLabels.parse(String.join(",", specs));
  }

  private static List<Taint> taints(List<String> specs) {
    return specs.isEmpty() ? List.of() : Taint.parseList(String.join(",", specs));
  }
}
