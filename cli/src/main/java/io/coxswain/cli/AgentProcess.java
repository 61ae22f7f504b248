package io.coxswain.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.agent.AgentLauncher;
import io.coxswain.agent.NodeAgents;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.ResourceRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node agent JVM: an actor system with the role "node" that joins the control plane through its
 * seed nodes, reaches the resource entities through sharding proxies, and runs its node agents.
 */
public final class AgentProcess implements AutoCloseable {

  public record Options(
      List<String> join, String nodeName, Path dataDir, List<String> labels, List<String> taints,
      String host, int clusterPort, String podCidr, int simulatedNodes) {}

  private final ActorSystem<Void> system;
  private final NodeAgents agents;

  private AgentProcess(ActorSystem<Void> system, NodeAgents agents) {
    this.system = system;
    this.agents = agents;
  }

  public static AgentProcess start(Options options, Consumer<String> out) {
    String nodeName = options.nodeName() != null ? options.nodeName() : hostName();
    List<String> seeds = new ArrayList<>();
    for (String hp : options.join()) {
      if (!hp.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException("--join takes HOST:PORT (a control plane's --cluster-port), got \"" + hp + "\"");
      }
      seeds.add("pekko://coxswain@" + hp);
    }
    Path dataDir = (options.dataDir() != null ? options.dataDir() : Path.of(".coxswain-agent-" + nodeName))
        .toAbsolutePath().normalize();
    Config config = ConfigFactory.empty()
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue("coxswain.cluster.port", ConfigValueFactory.fromAnyRef(options.clusterPort()))
        .withValue("coxswain.cluster.hostname", ConfigValueFactory.fromAnyRef(options.host()))
        .withValue("coxswain.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()))
        .withFallback(ConfigFactory.parseResources("coxswain-agent.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "coxswain", config);
    try {
      out.accept("coxswain agent: joining the cluster at " + String.join(", ", options.join()) + " as " + nodeName);
      awaitUp(system, options.join(), out);
      ResourceRegistry registry = ResourceRegistry.standard();
      // Entities live on control-plane members; here sharding only routes to them.
      ResourceStore store = ResourceStore.init(system, registry, new WriteFence(new HybridLogicalClock()), Clock.systemUTC());
      NodeAgents agents = options.simulatedNodes() > 0
          ? AgentLauncher.hollowNodes(system, store, nodeName, options.simulatedNodes(), options.labels(), options.taints())
          : AgentLauncher.machineNode(system, store, new AgentLauncher.MachineNode(
              nodeName, dataDir, options.labels(), options.taints(), options.podCidr()));
      AgentLauncher.describe(agents).forEach(out);
      return new AgentProcess(system, agents);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Waits until this member is Up, saying what it waits for while it does. */
  private static void awaitUp(ActorSystem<?> system, List<String> join, Consumer<String> out) {
    Cluster cluster = Cluster.get(system);
    long started = System.nanoTime();
    long nextNotice = 5;
    while (cluster.selfMember().status() != MemberStatus.up()) {
      long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      if (waited >= nextNotice) {
        out.accept("coxswain agent: still joining after " + waited + " s; is `coxswain server` running with --cluster-port "
            + join.get(0).substring(join.get(0).lastIndexOf(':') + 1) + " on " + join.get(0).substring(0, join.get(0).lastIndexOf(':')) + "?");
        nextNotice += 10;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while joining the cluster");
      }
    }
    out.accept(String.format("coxswain agent: joined the cluster in %.1f s", (System.nanoTime() - started) / 1e9));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public NodeAgents agents() {
    return agents;
  }

  @Override
  public void close() {
    agents.close();
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(org.apache.pekko.cluster.typed.Leave.create(cluster.selfMember().address()));
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Leaving is best effort: the control plane also notices the member is gone.
    }
  }
}
