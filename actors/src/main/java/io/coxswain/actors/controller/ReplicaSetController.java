package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.controller.PodConditions;
import io.coxswain.core.controller.PodDeletionOrder;
import io.coxswain.core.controller.PodTemplates;
import io.coxswain.core.controller.ReplicaSetStatus;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.select.LabelSelector;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps each ReplicaSet's number of active pods at spec.replicas: adopts matching orphans, releases
 * owned pods that stopped matching, creates in slow-start batches (1, 2, 4, …, so a template that
 * cannot be created fails fast), deletes in {@link PodDeletionOrder}, and reports status. Each pod
 * created or deleted, and each create refused, is an Event on the ReplicaSet, as kube-controller-manager
 * records them for {@code kubectl describe rs}.
 */
public final class ReplicaSetController implements Reconciler {
  public static final String USER = "system:serviceaccount:kube-system:replicaset-controller";
  public static final String NAME = "replicaset-controller";
  /** Pods indexed by the uid of their controller. */
  static final String BY_CONTROLLER = "controller-uid";
  /** At most this many creates or deletes per reconcile, as kube-controller-manager's burstReplicas. */
  static final int BURST = 500;
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer replicaSets;
  private final Informer pods;
  private final Informer namespaces;
  private final ControllerWrites writes;
  private final ControllerEvents events;
  private final Clock clock;

  public ReplicaSetController(Informers informers, ControllerWrites writes, Clock clock) {
    this.replicaSets = informers.get(ReplicaSetStrategy.TYPE);
    this.pods = informers.get(PodStrategy.TYPE, BY_CONTROLLER, ReplicaSetController::controllerIndex);
    this.namespaces = informers.get(NamespaceStrategy.TYPE);
    this.writes = writes;
    this.events = new ControllerEvents(writes, NAME, clock);
    this.clock = clock;
  }

  static Collection<String> controllerIndex(ObjectNode pod) {
    String uid = OwnerReferences.controllerUid(pod);
    return uid == null ? List.of() : List.of(uid);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Informer primary() {
    return replicaSets;
  }

  @Override
  public List<Watch> watches() {
    return List.of(new Watch(pods, this::replicaSetsOfPod));
  }

  /** A pod's change concerns its controlling ReplicaSet, or, for an orphan, every ReplicaSet selecting it. */
  private Collection<String> replicaSetsOfPod(Informer.Event e) {
    return controllersOf(e, "ReplicaSet", replicaSets);
  }

  /**
   * The keys of the controllers an object's change concerns, for either of its versions: its
   * controller of {@code kind}, or, for an orphan, every object of {@code controllers} whose
   * spec.selector matches it (the candidates to adopt it).
   */
  static Collection<String> controllersOf(Informer.Event e, String kind, Informer controllers) {
    List<String> keys = new ArrayList<>(1);
    for (ObjectNode version : new ObjectNode[] {e.previous(), e.current()}) {
      if (version == null) continue;
      JsonNode ref = OwnerReferences.controllerRef(version);
      String ns = Metadata.namespace(version);
      if (ref != null) {
        if (ref.path("kind").asText().equals(kind)) keys.add(ns + "/" + ref.path("name").asText());
      } else {
        var labels = Metadata.labels(version);
        for (ObjectNode c : controllers.list(ns)) {
          if (selector(c).matches(labels)) keys.add(ns + "/" + Metadata.name(c));
        }
      }
    }
    return keys;
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode rs = replicaSets.get(key);
    if (rs == null) return CompletableFuture.completedFuture(Outcome.done());
    String ns = Metadata.namespace(rs);
    String uid = Metadata.uid(rs);
    LabelSelector selector = selector(rs);
    boolean deleting = Metadata.deletionTimestamp(rs) != null;
    AtomicLong lastWrite = new AtomicLong();
    List<CompletableFuture<?>> claims = new ArrayList<>();
    List<JsonNode> active = new ArrayList<>();
    for (ObjectNode pod : pods.byIndex(BY_CONTROLLER, uid)) {
      if (!Metadata.namespace(pod).equals(ns)) continue;
      if (!selector.matches(Metadata.labels(pod)) && !deleting) {
        claims.add(release(pod, uid, lastWrite));
      } else if (PodConditions.isActive(pod)) {
        active.add(pod);
      }
    }
    if (!deleting) {
      for (ObjectNode pod : pods.list(ns)) {
        if (OwnerReferences.controllerRef(pod) != null || Metadata.deletionTimestamp(pod) != null) continue;
        if (!selector.matches(Metadata.labels(pod))) continue;
        claims.add(adopt(pod, rs, lastWrite));
        if (PodConditions.isActive(pod)) active.add(pod);
      }
    }
    CompletionStage<Void> managed = CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new));
    if (!deleting) {
      int want = rs.path("spec").path("replicas").asInt(1);
      int diff = active.size() - want;
      // As NamespaceLifecycle admission would refuse them: no new pods in a namespace being emptied.
      if (diff < 0 && !namespaceTerminating(ns)) {
        managed = managed.thenCompose(v -> createInBatches(rs, Math.min(-diff, BURST), lastWrite));
      } else if (diff > 0) {
        List<JsonNode> ranked = new ArrayList<>(active);
        ranked.sort(PodDeletionOrder.FIRST_TO_DELETE);
        List<JsonNode> doomed = ranked.subList(0, Math.min(diff, BURST));
        managed = managed.thenCompose(v -> deleteAll(rs, doomed, lastWrite));
      }
    }
    return managed
        .thenCompose(v -> pods.awaitObserved(lastWrite.get(), OBSERVE_TIMEOUT))
        .thenCompose(v -> updateStatus(key));
  }

  private CompletableFuture<Void> release(ObjectNode pod, String ownerUid, AtomicLong lastWrite) {
    return observe(writes.setOwnerReferences(PodStrategy.TYPE, pod, OwnerReferences.without(pod, ownerUid)), lastWrite)
        .exceptionally(e -> null);
  }

  private CompletableFuture<Void> adopt(ObjectNode pod, ObjectNode rs, AtomicLong lastWrite) {
    return observe(writes.setOwnerReferences(PodStrategy.TYPE, pod, OwnerReferences.with(pod, OwnerReferences.controllerRefTo(rs))),
        lastWrite).exceptionally(e -> null);
  }

  /** Slow start: batches of 1, 2, 4, … pods; a failed batch ends the attempt (the rest come on retry). */
  private CompletionStage<Void> createInBatches(ObjectNode rs, int count, AtomicLong lastWrite) {
    return createBatch(rs, count, 1, lastWrite);
  }

  private CompletionStage<Void> createBatch(ObjectNode rs, int remaining, int size, AtomicLong lastWrite) {
    if (remaining <= 0) return CompletableFuture.completedFuture(null);
    int n = Math.min(size, remaining);
    JsonNode template = rs.path("spec").path("template");
    List<CompletableFuture<Void>> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CompletionStage<ObjectNode> create = writes.create(PodStrategy.TYPE, PodTemplates.podFrom(rs, template))
          .whenComplete((pod, e) -> {
            if (e == null) events.record(rs, "Normal", "SuccessfulCreate", "Created pod: " + Metadata.name(pod));
            else events.record(rs, "Warning", "FailedCreate", "Error creating: " + ControllerWrites.message(e));
          });
      batch.add(observe(create, lastWrite));
    }
    return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
        .thenCompose(v -> createBatch(rs, remaining - n, size * 2, lastWrite));
  }

  private CompletionStage<Void> deleteAll(ObjectNode rs, List<JsonNode> doomed, AtomicLong lastWrite) {
    List<CompletableFuture<Void>> deletes = new ArrayList<>(doomed.size());
    for (JsonNode pod : doomed) {
      String name = Metadata.name(pod);
      CompletionStage<ObjectNode> delete = writes.deleteIfPresent(PodStrategy.TYPE, Metadata.namespace(pod), name, Metadata.uid(pod))
          .whenComplete((deleted, e) -> {
            // A pod already gone was deleted by someone else: no event, as Kubernetes records none for a NotFound.
            if (e != null) events.record(rs, "Warning", "FailedDelete", "Error deleting: " + ControllerWrites.message(e));
            else if (deleted != null) events.record(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + name);
          });
      deletes.add(observe(delete, lastWrite));
    }
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Outcome> updateStatus(String key) {
    ObjectNode rs = replicaSets.get(key);
    if (rs == null) return CompletableFuture.completedFuture(Outcome.done());
    List<JsonNode> active = new ArrayList<>();
    for (ObjectNode pod : pods.byIndex(BY_CONTROLLER, Metadata.uid(rs))) {
      if (PodConditions.isActive(pod)) active.add(pod);
    }
    ReplicaSetStatus computed = ReplicaSetStatus.compute(rs, active, clock.instant());
    Outcome outcome = computed.nextAvailabilityChange() == null
        ? Outcome.done()
        : Outcome.requeueAfter(computed.nextAvailabilityChange());
    if (computed.sameAs(rs.path("status"))) return CompletableFuture.completedFuture(outcome);
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.set("status", computed.status());
    return writes.patch(ReplicaSetStrategy.TYPE, Metadata.namespace(rs), Metadata.name(rs), patch, Subresource.STATUS)
        .thenApply(o -> outcome);
  }

  private boolean namespaceTerminating(String namespace) {
    ObjectNode ns = namespaces.get(namespace);
    return ns != null && Metadata.deletionTimestamp(ns) != null;
  }

  private static CompletableFuture<Void> observe(CompletionStage<ObjectNode> write, AtomicLong lastWrite) {
    return write.thenAccept(o -> lastWrite.accumulateAndGet(ControllerWrites.resourceVersion(o), Math::max))
        .toCompletableFuture();
  }

  /** Selects nothing: what an unreadable or empty selector means to a controller (it must never take every pod). */
  static final LabelSelector NOTHING = LabelSelector.parse("coxswain.io/never,!coxswain.io/never");

  static LabelSelector selector(JsonNode rs) {
    try {
      LabelSelector s = LabelSelector.fromJson(rs.path("spec").path("selector"));
      return s.isEmpty() ? NOTHING : s;
    } catch (RuntimeException e) {
      return NOTHING;
    }
  }
}
