package io.coxswain.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.coxswain.actors.controller.ControlLoops;
import io.coxswain.actors.services.ClusterServices;
import io.coxswain.actors.services.ServiceNetwork;
import io.coxswain.actors.services.ServiceWrites;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.watch.WatchCaches;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.kinds.EndpointSliceStrategy;
import io.coxswain.actors.node.PodFeed;
import io.coxswain.actors.node.ServiceFeed;
import io.coxswain.agent.AgentLauncher;
import io.coxswain.agent.NodeAgents;
import org.apache.pekko.actor.typed.Props;
import io.coxswain.http.ApiServer;
import io.coxswain.http.Authenticator;
import io.coxswain.persistence.Journal;
import io.coxswain.persistence.audit.AuditReplay;
import io.coxswain.http.audit.AuditAccess;
import org.apache.pekko.stream.Materializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control-plane member, wired in a visible order: persistence,
 * cluster and sharding, watch caches, bootstrap objects, then the HTTP API.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  /** How many objects' histories a state-at-time of a kind reads at once: its pool has two connections. */
  private static final int AUDIT_PARALLELISM = 2;
  private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /**
   * What to start: where data lives and which ports to use (0 picks a free one).
   *
   * @param agentNode the node the member's own agent runs as, or null for no agent inside
   * @param journal where objects are stored
   * @param seedNodes cluster members (host:port) to join; empty forms a new cluster of this member
   */
  public record Settings(Path dataDir, String host, int apiPort, int clusterPort, String agentNode,
      Journal journal, List<String> seedNodes) {
    public Settings {
      seedNodes = List.copyOf(seedNodes);
    }

    /** A member on the embedded journal, forming its own cluster. */
    public Settings(Path dataDir, String host, int apiPort, int clusterPort, String agentNode) {
      this(dataDir, host, apiPort, clusterPort, agentNode, new Journal.Embedded(), List.of());
    }

    /** A control plane without a node agent inside (pods bound to nodes wait for agents that join). */
    public Settings(Path dataDir, String host, int apiPort, int clusterPort) {
      this(dataDir, host, apiPort, clusterPort, null);
    }

    public boolean agent() {
      return agentNode != null;
    }
  }

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final WatchCaches caches;
  private final Settings settings;
  private final NodeAgents agents;
  private final Cancellable keepServices;

  private ControlPlane(ActorSystem<Void> system, ServerBinding binding, WatchCaches caches, Settings settings,
      NodeAgents agents, Cancellable keepServices) {
    this.system = system;
    this.keepServices = keepServices;
    this.agents = agents;
    this.binding = binding;
    this.caches = caches;
    this.settings = settings;
  }

  public static ControlPlane start(Settings settings) {
    return start(settings, AuditAccess.anyAuthenticatedUser());
  }

  /** @param auditAccess who may read audit data (the audit API asks it on every request) */
  public static ControlPlane start(Settings settings, AuditAccess auditAccess) {
    Path dataDir = settings.dataDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(dataDir.resolve("journal"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    Config config = ConfigFactory.empty()
        .withValue("coxswain.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()))
        .withValue("coxswain.cluster.port", ConfigValueFactory.fromAnyRef(settings.clusterPort()))
        .withValue("coxswain.cluster.hostname", ConfigValueFactory.fromAnyRef(settings.host()))
        // With its agent inside, the member is also a node, the way a k3s server is.
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(
            settings.agent() ? List.of("control-plane", "node") : List.of("control-plane")))
        // -Dcoxswain.… in COXSWAIN_JAVA_OPTS overrides the shipped configuration
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(settings.journal().config())
        .withFallback(ConfigFactory.parseResources("coxswain-server.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "coxswain", config);
    try {
      // Persistence: the journal's tables exist before any entity recovers.
      settings.journal().prepare(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      // Cluster: without seed nodes a member forms the cluster by joining itself.
      Cluster cluster = Cluster.get(system);
      if (settings.seedNodes().isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      } else {
        cluster.manager().tell(new JoinSeedNodes(seedAddresses(system, settings.seedNodes())));
      }
      // Sharding: one entity type per kind.
      ResourceRegistry registry = ResourceRegistry.standard();
      WriteFence fence = new WriteFence(new HybridLogicalClock());
      // While the journal does not answer, writes get 503 at once rather than a timeout.
      ResourceStore store = ResourceStore.init(system, registry, fence, Clock.systemUTC())
          .failingFastWhileUnavailable(settings.journal().health(system));
      // Read side: watch caches replay the journal, then follow it.
      WatchCaches caches = WatchCaches.start(system, registry, settings.journal().changeFeed(system), fence);
      caches.ready().toCompletableFuture().get(10, TimeUnit.MINUTES);
      // Node agents learn their pods from a feed over this member's pod cache.
      system.systemActorOf(PodFeed.create(caches.cache(PodStrategy.TYPE)), "pod-feed", Props.empty());
      // ... and every Service with its EndpointSlices from one over the service and slice caches.
      system.systemActorOf(ServiceFeed.create(caches.cache(ServiceStrategy.TYPE), caches.cache(EndpointSliceStrategy.TYPE)),
          "service-feed", Props.empty());
      bootstrap(store);
      // Singletons: the controllers reconcile through this member's informers when it hosts them.
      PodStrategy.setDefaultTolerationSeconds(system.settings().config().getInt("coxswain.admission.default-toleration-seconds"));
      ControlLoops.start(system, store, caches, Clock.systemUTC());
      // Service writes allocate cluster IPs and node ports from the configured service network.
      ServiceWrites services = new ServiceWrites(store, caches, ServiceNetwork.from(config), Clock.systemUTC());
      // HTTP last, so the first request finds everything in place.
      ApiServer api = new ApiServer(system, registry, store, services, caches, fence.clock(),
          Authenticator.fixedAdmin(config.getString("coxswain.admin-user")),
          settings.host() + ":" + settings.apiPort(),
          new AuditReplay(settings.journal().audit(system), Materializer.matFromSystem(system), AUDIT_PARALLELISM),
          auditAccess);
      ServerBinding binding = api.bind(settings.host(), settings.apiPort()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      // default/kubernetes (pointing at this API server) and kube-system/kube-dns.
      ClusterServices clusterServices = new ClusterServices(store, services, settings.host(), binding.localAddress().getPort());
      ensureClusterServices(clusterServices);
      Cancellable keepServices = clusterServices.keep(system);
      api.markReady();
      NodeAgents agents = settings.agent()
          ? AgentLauncher.machineNode(system, store, new AgentLauncher.MachineNode(
              settings.agentNode(), dataDir.resolve("agent"), List.of(), List.of(), null))
          : null;
      return new ControlPlane(system, binding, caches, settings, agents, keepServices);
    } catch (Exception e) {
      system.terminate();
      awaitTermination(system);
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("the control plane did not start: " + cause.getMessage(), cause);
    }
  }

  /**
   * Members starting together race on the shared {@code kubernetes} Endpoints (a 409): try a few
   * times, then leave it to the periodic repair rather than fail the start.
   */
  private static void ensureClusterServices(ClusterServices clusterServices) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        clusterServices.ensure().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        if (attempt == 5) {
          log.warn("the cluster's own services are not in place yet ({}); the periodic repair will retry", e.toString());
          return;
        }
        Thread.sleep(200L * attempt);
      }
    }
  }

  /** Seed nodes as cluster addresses of this actor system ("host:port"). */
  static List<Address> seedAddresses(ActorSystem<?> system, List<String> seeds) {
    List<Address> addresses = new ArrayList<>();
    for (String seed : seeds) {
      int colon = seed.lastIndexOf(':');
      if (colon <= 0) throw new IllegalArgumentException("a seed node is host:port, not " + seed);
      addresses.add(new Address("pekko", system.name(), seed.substring(0, colon), Integer.parseInt(seed.substring(colon + 1))));
    }
    return addresses;
  }

  /** The namespaces every cluster has, created on first start. */
  private static void bootstrap(ResourceStore store) throws Exception {
    List<CompletableFuture<?>> creates = new ArrayList<>();
    for (String ns : SYSTEM_NAMESPACES) {
      var obj = Json.MAPPER.createObjectNode();
      obj.put("apiVersion", "v1");
      obj.put("kind", "Namespace");
      obj.putObject("metadata").put("name", ns);
      RequestInfo info = new RequestInfo("system:coxswain", "bootstrap", "create", false, "coxswain");
      creates.add(store.ask(NamespaceStrategy.TYPE, null, ns, r -> new ResourceEntity.Create(obj, info, r))
          .toCompletableFuture()
          .exceptionally(e -> {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof StatusException se && se.code() == 409) return null;
            throw new CompletionException(c);
          }));
    }
    CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  public int apiPort() {
    return binding.localAddress().getPort();
  }

  public String apiUrl() {
    return "http://" + settings.host() + ":" + apiPort();
  }

  /** This member's watch caches: what LIST and WATCH read. */
  public WatchCaches watchCaches() {
    return caches;
  }

  /** The node agent inside this member, or null when it runs without one. */
  public NodeAgents agents() {
    return agents;
  }

  public Settings settings() {
    return settings;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Clean shutdown: stop accepting requests, let in-flight ones finish, then leave the cluster. */
  @Override
  public void close() {
    try {
      binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP shutdown: {}", e.toString());
    }
    if (agents != null) agents.close();
    keepServices.cancel();
    caches.stop();
    system.terminate();
    awaitTermination(system);
  }

  private static void awaitTermination(ActorSystem<?> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("actor system did not terminate in time: {}", e.toString());
    }
  }
}
