package io.coxswain.actors.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.kinds.EndpointSliceStrategy;
import io.coxswain.core.kinds.EndpointsStrategy;
import io.coxswain.core.kinds.IpAddress;
import io.coxswain.core.kinds.ServiceAddresses;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Services every Kubernetes cluster has, kept in place by the API server as its bootstrap
 * controller does: {@code default/kubernetes} on the first address of the range, pointing at this
 * API server through Endpoints and an EndpointSlice it writes itself, and {@code
 * kube-system/kube-dns} on the cluster DNS address, which every node agent answers itself (the
 * served-by annotation tells the service proxy to leave it alone).
 */
public final class ClusterServices {
  private static final Logger log = LoggerFactory.getLogger(ClusterServices.class);
  /** Marks a Service whose address the node agents serve themselves instead of proxying. */
  public static final String SERVED_BY = "coxswain.io/served-by";
  public static final String NODE_AGENT = "node-agent";
  private static final String USER = "system:apiserver";
  private static final Duration RECHECK = Duration.ofMinutes(1);

  private final ResourceStore store;
  private final ServiceWrites services;
  private final String address;
  private final int port;

  /**
   * @param apiHost the host the API server listens on; a wildcard or a name is replaced by 127.0.0.1
   * @param apiPort the port it listens on
   */
  public ClusterServices(ResourceStore store, ServiceWrites services, String apiHost, int apiPort) {
    this.store = store;
    this.services = services;
    this.address = IpAddress.isIPv4(apiHost) && !apiHost.equals("0.0.0.0") ? apiHost : "127.0.0.1";
    this.port = apiPort;
  }

  /** Makes sure of them every minute from now on (a failed attempt only delays). */
  public Cancellable keep(ActorSystem<?> system) {
    return system.scheduler().scheduleWithFixedDelay(RECHECK, RECHECK,
        () -> ensure().whenComplete((v, e) -> {
          if (e != null) log.warn("could not ensure the cluster's own services: {}", e.toString());
        }), system.executionContext());
  }

  public CompletionStage<Void> ensure() {
    return ensureService(kubernetesService())
        .thenCompose(v -> ensureService(dnsService()))
        .thenCompose(v -> ensureEndpoints(EndpointsStrategy.TYPE, endpoints()))
        .thenCompose(v -> ensureEndpoints(EndpointSliceStrategy.TYPE, endpointSlice()));
  }

  private ObjectNode kubernetesService() {
    ObjectNode svc = object("v1", "Service", "default", "kubernetes");
    ObjectNode labels = Metadata.of(svc).putObject("labels");
    labels.put("component", "apiserver");
    labels.put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", services.network().apiServerServiceIp());
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
    return svc;
  }

  private ObjectNode dnsService() {
    ObjectNode svc = object("v1", "Service", "kube-system", "kube-dns");
    ObjectNode meta = Metadata.of(svc);
    ObjectNode labels = meta.putObject("labels");
    labels.put("k8s-app", "kube-dns");
    labels.put("kubernetes.io/cluster-service", "true");
    labels.put("kubernetes.io/name", "CoreDNS");
    meta.putObject("annotations").put(SERVED_BY, NODE_AGENT);
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", services.network().clusterDns());
    spec.putObject("selector").put("k8s-app", "kube-dns");
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP").put("targetPort", 53);
    ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP").put("targetPort", 53);
    ports.addObject().put("name", "metrics").put("port", 9153).put("protocol", "TCP").put("targetPort", 9153);
    return svc;
  }

  /** Creates the Service if it is missing; an existing one is left as it is (a user may have changed it). */
  private CompletionStage<Void> ensureService(ObjectNode svc) {
    String ns = Metadata.namespace(svc);
    String name = Metadata.name(svc);
    String wanted = svc.path("spec").path("clusterIP").asText();
    return store.ask(ServiceStrategy.TYPE, ns, name, ResourceEntity.Get::new)
        .<Void>thenApply(existing -> {
          String ip = ServiceAddresses.clusterIp(existing.object());
          if (!ip.equals(wanted)) log.warn("service {}/{} has cluster IP {}, not {} as configured", ns, name, ip, wanted);
          return null;
        })
        .exceptionallyCompose(e -> {
          if (Allocator.statusCode(e) != 404) return CompletableFuture.failedFuture(e);
          return services.create(svc, request("create")).<Void>thenApply(res -> {
            log.info("created service {}/{} on {}", ns, name, wanted);
            return null;
          }).exceptionally(err -> {
            if (Allocator.statusCode(err) == 409) return null;
            throw err instanceof CompletionException ce ? ce : new CompletionException(err);
          });
        });
  }

  private ObjectNode endpoints() {
    ObjectNode ep = object("v1", "Endpoints", "default", "kubernetes");
    // The slice is written here too; the mirroring controller must not make a second one.
    Metadata.of(ep).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    return ep;
  }

  private ObjectNode endpointSlice() {
    ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", "default", "kubernetes");
    Metadata.of(slice).putObject("labels").put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    return slice;
  }

  /** Creates or corrects the API server's endpoints; other members' addresses already listed stay. */
  private CompletionStage<Void> ensureEndpoints(ResourceType type, ObjectNode desired) {
    String ns = Metadata.namespace(desired);
    String name = Metadata.name(desired);
    return store.ask(type, ns, name, ResourceEntity.Get::new)
        .thenCompose(existing -> {
          ObjectNode merged = withOtherAddresses(desired, existing.object());
          // Compared as stored, defaults filled in, so an unchanged object is not written every minute.
          ResourceRegistry.standard().byKind(type.group(), type.kind()).orElseThrow().strategy().applyDefaults(merged);
          if (sameContent(existing.object(), merged)) return CompletableFuture.<Void>completedFuture(null);
          Metadata.of(merged).put("resourceVersion", Metadata.resourceVersion(existing.object()));
          return store.ask(type, ns, name, r -> new ResourceEntity.Update(merged, Subresource.MAIN, request("update"), r))
              .<Void>thenApply(res -> null);
        })
        .exceptionallyCompose(e -> {
          if (Allocator.statusCode(e) != 404) return CompletableFuture.failedFuture(e);
          return store.ask(type, ns, name, r -> new ResourceEntity.Create(desired, request("create"), r))
              .<Void>thenApply(res -> null);
        });
  }

  /** The addresses other control-plane members put there, beside this member's. */
  private ObjectNode withOtherAddresses(ObjectNode desired, ObjectNode existing) {
    ObjectNode merged = desired.deepCopy();
    TreeSet<String> addresses = new TreeSet<>();
    addresses.add(address);
    if (desired.has("subsets")) {
      for (JsonNode a : existing.path("subsets").path(0).path("addresses")) addresses.add(a.path("ip").asText());
      ArrayNode list = ((ObjectNode) merged.path("subsets").path(0)).putArray("addresses");
      addresses.forEach(ip -> list.addObject().put("ip", ip));
    } else {
      for (JsonNode ep : existing.path("endpoints")) addresses.add(ep.path("addresses").path(0).asText());
      ArrayNode list = merged.putArray("endpoints");
      addresses.forEach(ip -> {
        ObjectNode ep = list.addObject();
        ep.putArray("addresses").add(ip);
        ep.putObject("conditions").put("ready", true);
      });
    }
    return merged;
  }

  private static boolean sameContent(ObjectNode existing, ObjectNode desired) {
    for (String field : new String[] {"subsets", "endpoints", "ports", "addressType"}) {
      if (desired.has(field) && !desired.get(field).equals(existing.get(field))) return false;
    }
    return true;
  }

  private static ObjectNode object(String apiVersion, String kind, String namespace, String name) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", apiVersion);
    obj.put("kind", kind);
    obj.putObject("metadata").put("name", name).put("namespace", namespace);
    return obj;
  }

  private static RequestInfo request(String verb) {
    return new RequestInfo(USER, "bootstrap-" + UUID.randomUUID(), verb, false, ServiceWrites.FIELD_MANAGER);
  }
}
