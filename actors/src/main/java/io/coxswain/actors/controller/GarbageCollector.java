package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.actors.watch.Change;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Deletion;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cascading deletion, as kube-controller-manager's garbage collector does it, for one kind: a
 * dependent whose owners are all gone is deleted; an owner being deleted with the {@code orphan}
 * finalizer first has its references removed from every dependent; one being deleted with {@code
 * foregroundDeletion} waits until its blocking dependents are gone. {@link #create} runs one of
 * these per tracked kind under a single actor, which is what the {@code garbage-collector} singleton
 * hosts.
 */
public final class GarbageCollector implements Reconciler {
  public static final String NAME = "garbage-collector";
  public static final String USER = "system:serviceaccount:kube-system:generic-garbage-collector";
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final OwnerGraph graph;
  private final Informer objects;
  private final ResourceType type;
  private final ControllerWrites writes;
  private final ResourceStore store;

  GarbageCollector(OwnerGraph graph, Informer objects, ControllerWrites writes, ResourceStore store) {
    this.graph = graph;
    this.objects = objects;
    this.type = objects.type();
    this.writes = writes;
    this.store = store;
  }

  /** The garbage collector: one control loop per tracked kind, sharing the owner graph. */
  public static Behavior<Void> create(Informers informers, ResourceStore store, ControllerRunner.Settings settings) {
    return Behaviors.setup(ctx -> {
      OwnerGraph graph = new OwnerGraph(informers, ResourceRegistry.standard());
      ControllerWrites writes = new ControllerWrites(store, USER);
      for (Informer kind : graph.informers()) {
        ctx.spawn(ControllerRunner.create(new GarbageCollector(graph, kind, writes, store), settings),
            kind.type().qualifiedResource());
      }
      return Behaviors.empty();
    });
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Informer primary() {
    return objects;
  }

  @Override
  public List<Watch> watches() {
    List<Watch> watches = new ArrayList<>();
    for (Informer informer : graph.informers()) watches.add(new Watch(informer, this::concerned));
    return watches;
  }

  /**
   * The objects of this kind a change elsewhere concerns: the dependents of an owner that is gone or
   * now deletes in the foreground, and the owners being deleted that a changed dependent names.
   */
  private Collection<String> concerned(Informer.Event e) {
    List<String> keys = new ArrayList<>();
    String uid = Metadata.uid(e.object());
    boolean ownerGone = e.type() == Change.Type.DELETED || (e.current() != null && deletingForeground(e.current()));
    if (ownerGone && uid != null) {
      for (ObjectNode dependent : objects.byIndex(OwnerGraph.BY_OWNER, uid)) keys.add(OwnerGraph.key(dependent));
    }
    for (ObjectNode version : new ObjectNode[] {e.previous(), e.current()}) {
      if (version == null) continue;
      for (JsonNode ref : version.path("metadata").path("ownerReferences")) {
        if (graph.ownerInformer(ref) != objects) continue;
        String key = OwnerGraph.ownerKey(type, ref, Metadata.namespace(version));
        ObjectNode owner = objects.get(key);
        if (owner != null && Metadata.deletionTimestamp(owner) != null) keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode obj = objects.get(key);
    if (obj == null) return done();
    if (Metadata.deletionTimestamp(obj) != null) return finishOwner(obj);
    if (obj.path("metadata").path("ownerReferences").isEmpty()) return done();
    List<JsonNode> refs = new ArrayList<>();
    List<CompletableFuture<Standing>> standings = new ArrayList<>();
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      refs.add(ref);
      standings.add(standing(obj, ref).toCompletableFuture());
    }
    return CompletableFuture.allOf(standings.toArray(CompletableFuture[]::new))
        .thenCompose(v -> collect(obj, refs, standings.stream().map(CompletableFuture::join).toList()));
  }

  // Dependents

  /** What an owner reference says about its dependent's fate. */
  private enum Standing {
    /** The owner exists and keeps its dependent. */
    SOLID,
    /** No object with the owner's name and uid exists. */
    DANGLING,
    /** The owner is being deleted in the foreground and waits for its dependents. */
    WAITING
  }

  private CompletionStage<Standing> standing(ObjectNode dependent, JsonNode ref) {
    String uid = ref.path("uid").asText("");
    String name = ref.path("name").asText("");
    Informer owners = graph.ownerInformer(ref);
    // A kind this server does not serve cannot be checked, so its dependents are never collected.
    if (owners == null || uid.isEmpty() || name.isEmpty()) return CompletableFuture.completedFuture(Standing.SOLID);
    ResourceType ownerType = owners.type();
    String namespace = Metadata.namespace(dependent);
    boolean clusterScopedDependent = namespace == null || namespace.isEmpty();
    // A cluster-scoped object cannot be owned by a namespaced one; Kubernetes treats the owner as absent.
    if (ownerType.namespaced() && clusterScopedDependent) return CompletableFuture.completedFuture(Standing.DANGLING);
    ObjectNode cached = owners.get(OwnerGraph.ownerKey(ownerType, ref, namespace));
    if (cached != null && uid.equals(Metadata.uid(cached))) return CompletableFuture.completedFuture(standingOf(cached));
    // The informer may not have seen an owner created a moment ago: only its entity can say it is gone.
    return store.ask(ownerType, ownerType.namespaced() ? namespace : null, name, ResourceEntity.Get::new)
        .handle((res, err) -> {
          if (err == null) return uid.equals(Metadata.uid(res.object())) ? standingOf(res.object()) : Standing.DANGLING;
          if (ControllerWrites.statusCode(err) == 404) return Standing.DANGLING;
          throw err instanceof CompletionException ce ? ce : new CompletionException(err);
        });
  }

  private static Standing standingOf(ObjectNode owner) {
    return deletingForeground(owner) ? Standing.WAITING : Standing.SOLID;
  }

  private CompletionStage<Outcome> collect(ObjectNode obj, List<JsonNode> refs, List<Standing> standings) {
    if (standings.contains(Standing.SOLID)) {
      // An owner still holds it: only the references to owners that are gone or waiting go.
      List<String> stale = new ArrayList<>();
      for (int i = 0; i < refs.size(); i++) {
        if (standings.get(i) != Standing.SOLID) stale.add(refs.get(i).path("uid").asText());
      }
      if (stale.isEmpty()) return done();
      return observed(patchOwnerReferences(obj, without(obj, Set.copyOf(stale))));
    }
    String uid = Metadata.uid(obj);
    if (standings.contains(Standing.WAITING) && graph.hasDependents(uid)) {
      CompletionStage<ObjectNode> unblocked = CompletableFuture.completedFuture(obj);
      if (graph.dependents(uid).stream().anyMatch(d -> deletingForeground(d.object()))) {
        // Its own dependent waits on it in the foreground too: a cycle, which only ends once this
        // object stops blocking its owners.
        unblocked = patchOwnerReferences(obj, unblocking(obj, refs, standings));
      }
      return observed(unblocked.thenCompose(o -> delete(obj, "Foreground")));
    }
    String policy = Deletion.hasFinalizer(obj, Deletion.ORPHAN_FINALIZER) ? "Orphan"
        : Deletion.hasFinalizer(obj, Deletion.FOREGROUND_FINALIZER) ? "Foreground" : "Background";
    return observed(delete(obj, policy));
  }

  private CompletionStage<ObjectNode> delete(ObjectNode obj, String policy) {
    log.info("{}: deleting {} {} ({}), its owners are gone or deleting", NAME, type.plural(), OwnerGraph.key(obj), policy);
    return tolerateGone(writes.delete(type, Metadata.namespace(obj), Metadata.name(obj),
        new DeleteOptions(Metadata.uid(obj), null, null, policy)));
  }

  // Owners

  /** An owner being deleted: orphan its dependents, or wait for its blocking ones, then drop that finalizer. */
  private CompletionStage<Outcome> finishOwner(ObjectNode owner) {
    String uid = Metadata.uid(owner);
    if (Deletion.hasFinalizer(owner, Deletion.ORPHAN_FINALIZER)) {
      List<CompletableFuture<Void>> releases = new ArrayList<>();
      AtomicLong lastWrite = new AtomicLong();
      for (OwnerGraph.Dependent d : graph.dependents(uid)) {
        ResourceType dependentType = d.informer().type();
        releases.add(tolerateGone(writes.patch(dependentType, Metadata.namespace(d.object()), Metadata.name(d.object()),
                ownerReferencesPatch(d.object(), without(d.object(), Set.of(uid))), Subresource.MAIN))
            .thenCompose(o -> d.informer().awaitObserved(ControllerWrites.resourceVersion(o), OBSERVE_TIMEOUT))
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
          .thenCompose(v -> {
            log.info("{}: orphaned {} dependents of {} {}", NAME, releases.size(), type.plural(), OwnerGraph.key(owner));
            return observed(removeFinalizer(owner, Deletion.ORPHAN_FINALIZER));
          });
    }
    if (Deletion.hasFinalizer(owner, Deletion.FOREGROUND_FINALIZER)) {
      // Each dependent's own reconcile deletes it; every one that goes queues this owner again.
      boolean blocked = graph.dependents(uid).stream().anyMatch(d -> {
        JsonNode ref = OwnerGraph.referenceTo(d.object(), uid);
        return ref != null && ref.path("blockOwnerDeletion").asBoolean(false);
      });
      if (blocked) return done();
      log.info("{}: the blocking dependents of {} {} are gone", NAME, type.plural(), OwnerGraph.key(owner));
      return observed(removeFinalizer(owner, Deletion.FOREGROUND_FINALIZER));
    }
    return done();
  }

  private CompletionStage<ObjectNode> removeFinalizer(ObjectNode owner, String finalizer) {
    ObjectNode patch = preconditions(owner);
    ArrayNode finalizers = ((ObjectNode) patch.get("metadata")).putArray("finalizers");
    Deletion.finalizers(owner).stream().filter(f -> !f.equals(finalizer)).forEach(finalizers::add);
    return tolerateGone(writes.patch(type, Metadata.namespace(owner), Metadata.name(owner), patch, Subresource.MAIN));
  }

  // Writes

  private CompletionStage<ObjectNode> patchOwnerReferences(ObjectNode obj, ArrayNode refs) {
    return tolerateGone(writes.patch(type, Metadata.namespace(obj), Metadata.name(obj), ownerReferencesPatch(obj, refs),
        Subresource.MAIN));
  }

  /**
   * A merge patch of metadata.ownerReferences, made against the version read: a concurrent change
   * (an adoption, say) fails it with 409 and the reconcile is retried on the newer version.
   */
  private static ObjectNode ownerReferencesPatch(ObjectNode obj, ArrayNode refs) {
    ObjectNode patch = preconditions(obj);
    ((ObjectNode) patch.get("metadata")).set("ownerReferences", refs);
    return patch;
  }

  private static ObjectNode preconditions(ObjectNode obj) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.putObject("metadata").put("uid", Metadata.uid(obj)).put("resourceVersion", Metadata.resourceVersion(obj));
    return patch;
  }

  private static ArrayNode without(ObjectNode obj, Set<String> uids) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      if (!uids.contains(ref.path("uid").asText())) out.add(ref);
    }
    return out;
  }

  /** The references with blockOwnerDeletion cleared on those to owners waiting in the foreground. */
  private static ArrayNode unblocking(ObjectNode obj, List<JsonNode> refs, List<Standing> standings) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < refs.size(); i++) {
      ObjectNode ref = refs.get(i).deepCopy();
      if (standings.get(i) == Standing.WAITING) ref.put("blockOwnerDeletion", false);
      out.add(ref);
    }
    return out;
  }

  /** A write to an object that is gone meanwhile (or was replaced by one with another uid) has nothing left to do. */
  private static CompletionStage<ObjectNode> tolerateGone(CompletionStage<ObjectNode> write) {
    return write.exceptionally(e -> {
      int code = ControllerWrites.statusCode(e);
      if (code == 404 || (code == 409 && e.getMessage() != null && e.getMessage().contains("Precondition failed: UID"))) {
        return null;
      }
      throw e instanceof CompletionException ce ? ce : new CompletionException(e);
    });
  }

  /** Completes once this kind's informer has seen the write, so the next reconcile reads past it. */
  private CompletionStage<Outcome> observed(CompletionStage<ObjectNode> write) {
    return write.thenCompose(o -> objects.awaitObserved(ControllerWrites.resourceVersion(o), OBSERVE_TIMEOUT))
        .thenApply(v -> Outcome.done());
  }

  private static CompletionStage<Outcome> done() {
    return CompletableFuture.completedFuture(Outcome.done());
  }

  private static boolean deletingForeground(ObjectNode obj) {
    return Metadata.deletionTimestamp(obj) != null && Deletion.hasFinalizer(obj, Deletion.FOREGROUND_FINALIZER);
  }
}
