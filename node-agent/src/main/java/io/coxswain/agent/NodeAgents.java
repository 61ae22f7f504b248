package io.coxswain.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.agent.dns.ClusterDns;
import io.coxswain.agent.lifecycle.PodInputs;
import io.coxswain.agent.service.ClusterServices;
import io.coxswain.agent.streams.NodeAgentEndpoint;
import io.coxswain.agent.streams.PodLocator;
import io.coxswain.agent.lifecycle.PodWorkerContext;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.service.ServiceFeedClient;
import io.coxswain.agent.service.ServiceProxy;
import io.coxswain.agent.service.ServiceView;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The node agents of one JVM: one {@link NodeAgent} per node (one for a real machine, many for
 * hollow nodes), shared subscriptions to the pod and service feeds, the service proxy when its
 * nodes run real processes, and the pool that runtime calls block on.
 */
public final class NodeAgents implements AutoCloseable {

  /**
   * One node this JVM runs.
   *
   * @param hostIP the node's address, reported as the pods' status.hostIP
   * @param servesStreams whether the node answers logs and exec (hollow nodes have nothing to show)
   */
  public record NodeSpec(
      String name, NodeRegistration registration, ContainerRuntime runtime, PodInputs inputs, AgentStore store,
      String hostIP, boolean servesStreams) {}

  /** Timings; hollow nodes use slower ones so that thousands of them cost no CPU while idle. */
  public record Settings(NodeAgent.Timing timing, PodWorkerContext.Settings worker, Duration feedResync) {

    /** From {@code coxswain.agent}; hollow nodes take the {@code hollow} overrides. */
    public static Settings fromConfig(com.typesafe.config.Config config, boolean hollow) {
      com.typesafe.config.Config agent = config.getConfig("coxswain.agent");
      com.typesafe.config.Config c = hollow ? agent.getConfig("hollow").withFallback(agent) : agent;
      return new Settings(
          new NodeAgent.Timing(c.getDuration("node-check-interval"), c.getDuration("register-retry"),
              c.getDuration("pod-sync-interval")),
          new PodWorkerContext.Settings(c.getDuration("back-off-initial"), c.getDuration("back-off-max"),
              c.getDuration("back-off-reset"), c.getDuration("worker-resync")),
          c.getDuration("feed-resync-interval"));
    }
  }

  /** The only message the agents' guardian takes. */
  private enum Stop { INSTANCE }

  /**
   * Service discovery for the pods of this JVM: the view of the cluster's Services that the cluster
   * DNS and the pods' Service variables read, and the DNS server (one per JVM, none for hollow nodes).
   */
  public record Discovery(ClusterServices services, ClusterDns dns) {}

  private final ActorRef<Stop> guardian;
  private final ExecutorService blocking;
  private final List<NodeSpec> nodes;
  private final Discovery discovery;
  private final ServiceView services;
  private final ServiceProxy proxy;

  private NodeAgents(ActorRef<Stop> guardian, ExecutorService blocking, List<NodeSpec> nodes, Discovery discovery,
      ServiceView services, ServiceProxy proxy) {
    this.guardian = guardian;
    this.blocking = blocking;
    this.nodes = nodes;
    this.discovery = discovery;
    this.services = services;
    this.proxy = proxy;
  }

  /** A pool for runtime calls and pod inputs, which may block; {@link #close} shuts it down. */
  public static ExecutorService blockingPool() {
    return Executors.newCachedThreadPool(daemonThreads("coxswain-runtime"));
  }

  public static NodeAgents start(
      ActorSystem<?> system, List<NodeSpec> nodes, Settings settings, ExecutorService blocking, String name) {
    return start(system, nodes, settings, blocking, name, null, null);
  }

  /**
   * As {@link #start(ActorSystem, List, Settings, ExecutorService, String)}, with Service discovery
   * (DNS, Service variables) and a service proxy over the process's {@link ServiceView} when given
   * (only agents that run real processes; hollow nodes must bind nothing).
   *
   * @param discovery null for agents without Service discovery (hollow nodes)
   * @param proxy null for agents without a service proxy
   */
  public static NodeAgents start(ActorSystem<?> system, List<NodeSpec> nodes, Settings settings, ExecutorService blocking,
      String name, Discovery discovery, ServiceProxy.Settings proxy) {
    ServiceView services = new ServiceView();
    if (discovery != null) {
      // DNS and Service variables follow the same feed as the proxy.
      services.subscribe(table -> {
        List<ObjectNode> svcs = new java.util.ArrayList<>();
        List<ObjectNode> slices = new java.util.ArrayList<>();
        for (var entry : table.services()) {
          svcs.add(entry.service());
          slices.addAll(entry.endpointSlices());
        }
        discovery.services().replaceServices(svcs);
        discovery.services().replaceEndpointSlices(slices);
      });
    }
    Behavior<Stop> guardian = Behaviors.setup(ctx -> {
      Map<String, ActorRef<NodeAgent.Command>> agents = new LinkedHashMap<>();
      for (NodeSpec spec : nodes) {
        PodWorkerContext workerContext = new PodWorkerContext(spec.runtime(), blocking, spec.store(), spec.store(),
            spec.inputs(), spec.name(), spec.hostIP(), Clock.systemUTC(), settings.worker());
        NodeRegistration registration = spec.registration().withAnnotations(Map.of(NodeAgentProtocol.MEMBER_ANNOTATION,
            Cluster.get(ctx.getSystem()).selfMember().address().toString()));
        if (spec.servesStreams()) {
          // kubectl logs and exec reach this node through the endpoint its Node names.
          ActorRef<NodeAgentProtocol.Command> endpoint = ctx.spawn(
              NodeAgentEndpoint.create(PodLocator.fromSandboxes(spec.runtime()), spec.runtime()), "endpoint-" + spec.name());
          registration = registration.withAnnotations(Map.of(NodeAgentProtocol.ENDPOINT_ANNOTATION,
              NodeAgentEndpoint.annotationValue(ctx.getSystem(), endpoint)));
        }
        agents.put(spec.name(), ctx.spawn(
            NodeAgent.create(spec.store(), registration, workerContext, settings.timing()), "node-" + spec.name()));
      }
      ctx.spawn(PodFeedClient.create(agents, settings.feedResync()), "pod-feed-client");
      // One subscription for the whole process, however many nodes it runs.
      ctx.spawn(ServiceFeedClient.create(services, settings.feedResync()), "service-feed-client");
      return Behaviors.receiveMessage(stop -> Behaviors.stopped());
    });
    ActorRef<Stop> ref = system.systemActorOf(guardian, name, Props.empty());
    ServiceProxy serviceProxy = proxy == null ? null : ServiceProxy.start(services, proxy);
    return new NodeAgents(ref, blocking, List.copyOf(nodes), discovery, services, serviceProxy);
  }

  public List<NodeSpec> nodes() {
    return nodes;
  }

  /** Where a feed of Services and EndpointSlices goes, and the cluster DNS; empty for hollow nodes. */
  public java.util.Optional<Discovery> discovery() {
    return java.util.Optional.ofNullable(discovery);
  }

  /** Every Service and its EndpointSlices as this process knows them (see {@link ServiceView} for the contract). */
  public ServiceView services() {
    return services;
  }

  /** The service proxy of this process, or null where it runs none (hollow nodes). */
  public ServiceProxy proxy() {
    return proxy;
  }

  /** Stops the agents; pods keep running (a restarted agent adopts them), as kubelet leaves them. */
  @Override
  public void close() {
    if (proxy != null) proxy.close();
    guardian.tell(Stop.INSTANCE);
    if (discovery != null) discovery.dns().close();
    blocking.shutdown();
    for (NodeSpec n : nodes) n.runtime().close();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
