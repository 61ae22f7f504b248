package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.kinds.IPAddressStrategy;
import io.coxswain.core.kinds.NodePortAllocationStrategy;
import io.coxswain.core.kinds.ParentReference;
import io.coxswain.core.kinds.ServiceAddresses;
import io.coxswain.core.kinds.ServiceStrategy;
import io.coxswain.core.services.AllocationRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the allocation objects (IPAddresses, NodePortAllocations) and the Services that hold their
 * values in agreement, as kube-apiserver's repair loops do: an allocation no Service uses any more
 * (its Service was deleted by a controller, or the server stopped between allocating and writing
 * the Service) is freed once it is older than the grace period, and a value a Service holds without
 * an allocation object gets one back. Only objects the allocator made (by their managed-by label)
 * are freed; the Service entity has the last word before anything changes.
 */
public final class AllocationRepair implements Reconciler {
  private static final Logger log = LoggerFactory.getLogger(AllocationRepair.class);
  public static final String USER = "system:apiserver";
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);
  private static final String HOLDERS = "held-values";

  private final String name;
  private final Informer allocations;
  private final Informer services;
  private final ResourceStore store;
  private final ControllerWrites writes;
  private final AllocationRange range;
  private final Function<ObjectNode, Set<String>> held;
  private final Map<String, String> labels;
  private final String managedByLabel;
  private final Duration grace;
  private final Clock clock;

  private AllocationRepair(String name, ResourceType type, Informers informers, ResourceStore store, AllocationRange range,
      Function<ObjectNode, Set<String>> held, Map<String, String> labels, String managedByLabel, Duration grace, Clock clock) {
    this.name = name;
    this.allocations = informers.get(type);
    this.services = informers.get(ServiceStrategy.TYPE, HOLDERS + "/" + type.plural(), held::apply);
    this.store = store;
    this.writes = new ControllerWrites(store, USER);
    this.range = range;
    this.held = held;
    this.labels = labels;
    this.managedByLabel = managedByLabel;
    this.grace = grace;
    this.clock = clock;
  }

  public static AllocationRepair ipAddresses(Informers informers, ResourceStore store, AllocationRange range, Duration grace, Clock clock) {
    return new AllocationRepair("ipaddress-repair", IPAddressStrategy.TYPE, informers, store, range,
        svc -> {
          String ip = ServiceAddresses.clusterIp(svc);
          return ip.isEmpty() ? Set.of() : Set.of(ip);
        },
        Map.of(IPAddressStrategy.FAMILY_LABEL, "IPv4", IPAddressStrategy.MANAGED_BY_LABEL, IPAddressStrategy.MANAGED_BY),
        IPAddressStrategy.MANAGED_BY_LABEL, grace, clock);
  }

  public static AllocationRepair nodePorts(Informers informers, ResourceStore store, AllocationRange range, Duration grace, Clock clock) {
    return new AllocationRepair("nodeport-repair", NodePortAllocationStrategy.TYPE, informers, store, range,
        svc -> {
          Set<String> ports = new LinkedHashSet<>();
          ServiceAddresses.nodePorts(svc).forEach(p -> ports.add(Integer.toString(p)));
          return ports;
        },
        Map.of(NodePortAllocationStrategy.MANAGED_BY_LABEL, NodePortAllocationStrategy.MANAGED_BY),
        NodePortAllocationStrategy.MANAGED_BY_LABEL, grace, clock);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Informer primary() {
    return allocations;
  }

  /** A Service change concerns the values its old and new versions hold. */
  @Override
  public List<Watch> watches() {
    return List.of(new Watch(services, e -> {
      Set<String> keys = new LinkedHashSet<>();
      if (e.previous() != null) keys.addAll(held.apply(e.previous()));
      if (e.current() != null) keys.addAll(held.apply(e.current()));
      return keys;
    }));
  }

  @Override
  public CompletionStage<Outcome> reconcile(String value) {
    ObjectNode allocation = allocations.get(value);
    List<ObjectNode> holders = services.byIndex(HOLDERS + "/" + allocations.type().plural(), value);
    return allocation != null ? checkUsed(value, allocation, holders) : restore(value, holders);
  }

  private CompletionStage<Outcome> checkUsed(String value, ObjectNode allocation, List<ObjectNode> holders) {
    if (!managed(allocation)) return done();
    ParentReference owner = ParentReference.of(allocation);
    for (ObjectNode svc : holders) {
      if (owner != null && owner.equals(ParentReference.service(Metadata.namespace(svc), Metadata.name(svc)))) return done();
    }
    Duration age = Duration.between(created(allocation), clock.instant());
    if (age.compareTo(grace) < 0) return CompletableFuture.completedFuture(Outcome.requeueAfter(grace.minus(age)));
    return ownerHolds(owner, value).thenCompose(holds -> {
      if (holds) return done();
      log.info("freeing {} {}: {} does not use it", allocations.type().kind(), value, owner);
      return observe(writes.deleteIfPresent(allocations.type(), null, value, Metadata.uid(allocation)));
    });
  }

  private CompletionStage<Outcome> restore(String value, List<ObjectNode> holders) {
    if (holders.isEmpty()) return done();
    ObjectNode svc = holders.get(0);
    ParentReference owner = ParentReference.service(Metadata.namespace(svc), Metadata.name(svc));
    if (holders.size() > 1) {
      List<String> names = new ArrayList<>();
      holders.forEach(h -> names.add(Metadata.namespace(h) + "/" + Metadata.name(h)));
      log.warn("{} {} is held by several services {}; it stays with {}", allocations.type().kind(), value, names, owner);
    }
    if (!range.contains(value)) {
      log.warn("service {} holds {} {}, outside the configured range {}", owner, allocations.type().kind(), value, range.describe());
      return done();
    }
    return ownerHolds(owner, value).thenCompose(holds -> {
      if (!holds) return done();
      log.info("restoring {} {} for {}", allocations.type().kind(), value, owner);
      ObjectNode obj = Json.MAPPER.createObjectNode();
      obj.put("apiVersion", allocations.type().apiVersion());
      obj.put("kind", allocations.type().kind());
      ObjectNode meta = obj.putObject("metadata");
      meta.put("name", value);
      ObjectNode labelNode = meta.putObject("labels");
      labels.forEach(labelNode::put);
      obj.putObject("spec").set("parentRef", owner.toJson());
      return observe(writes.create(allocations.type(), obj).exceptionally(e -> {
        if (ControllerWrites.statusCode(e) == 409) return null;
        throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
      }));
    });
  }

  /** Asks the Service's entity, not the informer, whether it holds the value. */
  private CompletionStage<Boolean> ownerHolds(ParentReference owner, String value) {
    if (owner == null || !ParentReference.SERVICES.equals(owner.resource()) || !owner.group().isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return store.ask(ServiceStrategy.TYPE, owner.namespace(), owner.name(), ResourceEntity.Get::new)
        .thenApply(res -> held.apply(res.object()).contains(value))
        .exceptionally(e -> {
          if (ControllerWrites.statusCode(e) == 404) return false;
          throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
        });
  }

  private boolean managed(ObjectNode allocation) {
    return labels.get(managedByLabel).equals(Metadata.labels(allocation).get(managedByLabel));
  }

  private static Instant created(ObjectNode obj) {
    String ts = obj.path("metadata").path("creationTimestamp").asText("");
    try {
      return ts.isEmpty() ? Instant.EPOCH : Instant.parse(ts);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private CompletionStage<Outcome> observe(CompletionStage<ObjectNode> write) {
    WriteBatch batch = new WriteBatch();
    batch.add(write);
    return batch.observedBy(allocations, OBSERVE_TIMEOUT).thenApply(v -> Outcome.done());
  }

  private static CompletionStage<Outcome> done() {
    return CompletableFuture.completedFuture(Outcome.done());
  }
}
