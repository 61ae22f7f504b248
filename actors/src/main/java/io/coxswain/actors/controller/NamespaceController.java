package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.controller.NamespaceConditions;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Deletion;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a namespace being deleted, as kube-controller-manager's namespace controller does: deletes
 * every namespaced object in it (Background, so owners' dependents go too), reports what is left in
 * the namespace's conditions, and once nothing is left removes the {@code kubernetes} finalizer from
 * spec.finalizers, whereupon the namespace's entity removes it.
 */
public final class NamespaceController implements Reconciler {
  public static final String USER = "system:serviceaccount:kube-system:namespace-controller";
  private static final Logger log = LoggerFactory.getLogger(NamespaceController.class);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);

  private final Informer namespaces;
  private final List<Informer> contents = new ArrayList<>();
  private final ControllerWrites writes;
  private final Clock clock;

  public NamespaceController(Informers informers, ControllerWrites writes, Clock clock) {
    this.namespaces = informers.get(NamespaceStrategy.TYPE);
    for (RegisteredKind kind : ResourceRegistry.standard().kinds()) {
      if (kind.type().namespaced()) contents.add(informers.get(kind.type()));
    }
    this.writes = writes;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "namespace-controller";
  }

  @Override
  public Informer primary() {
    return namespaces;
  }

  /** Any change inside a terminating namespace may be the one it waits for. */
  @Override
  public List<Watch> watches() {
    List<Watch> watches = new ArrayList<>();
    for (Informer informer : contents) watches.add(new Watch(informer, this::terminatingNamespaceOf));
    return watches;
  }

  private Collection<String> terminatingNamespaceOf(Informer.Event e) {
    String ns = Metadata.namespace(e.object());
    if (ns == null) return List.of();
    ObjectNode namespace = namespaces.get(ns);
    return namespace != null && Metadata.deletionTimestamp(namespace) != null ? List.of(ns) : List.of();
  }

  @Override
  public CompletionStage<Outcome> reconcile(String key) {
    ObjectNode namespace = namespaces.get(key);
    if (namespace == null || Metadata.deletionTimestamp(namespace) == null || !hasOurFinalizer(namespace)) {
      return CompletableFuture.completedFuture(Outcome.done());
    }
    List<CompletableFuture<Void>> deletes = new ArrayList<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    for (Informer informer : contents) {
      ResourceType type = informer.type();
      for (ObjectNode obj : informer.list(key)) {
        if (Metadata.deletionTimestamp(obj) != null) continue;
        deletes.add(writes.delete(type, key, Metadata.name(obj), new DeleteOptions(Metadata.uid(obj), null, null, "Background"))
            .thenCompose(o -> informer.awaitObserved(ControllerWrites.resourceVersion(o), OBSERVE_TIMEOUT))
            .exceptionally(e -> {
              int code = ControllerWrites.statusCode(e);
              // Gone already, or replaced by a newer object that the next pass deletes.
              if (code != 404 && code != 409) failures.add(type.qualifiedResource() + ": " + cause(e));
              return null;
            })
            .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
        .thenCompose(v -> afterDeletes(key, List.copyOf(failures)));
  }

  /** Counts what is left, reports it, and finalizes the namespace once it is empty. */
  private CompletionStage<Outcome> afterDeletes(String key, List<String> failures) {
    Map<String, Integer> remaining = new TreeMap<>();
    Map<String, Integer> finalizers = new TreeMap<>();
    for (Informer informer : contents) {
      Collection<ObjectNode> left = informer.list(key);
      if (left.isEmpty()) continue;
      // Kubernetes names them resource.group, so core resources end in a dot ("pods.").
      remaining.put(informer.type().plural() + "." + informer.type().group(), left.size());
      for (ObjectNode obj : left) {
        for (String f : Deletion.finalizers(obj)) finalizers.merge(f, 1, Integer::sum);
      }
    }
    ObjectNode namespace = namespaces.get(key);
    if (namespace == null) return CompletableFuture.completedFuture(Outcome.done());
    CompletionStage<ObjectNode> reported = reportStatus(namespace, remaining, finalizers, failures);
    if (!remaining.isEmpty() || !failures.isEmpty()) {
      // Whatever goes next queues the namespace again; a failed delete backs off and retries.
      return reported.thenApply(o -> {
        if (!failures.isEmpty()) throw new CompletionException(new IllegalStateException(String.join("; ", failures)));
        return Outcome.done();
      });
    }
    return reported.thenCompose(this::finalizeNamespace)
        .thenCompose(o -> namespaces.awaitObserved(ControllerWrites.resourceVersion(o), OBSERVE_TIMEOUT))
        .thenApply(v -> Outcome.done());
  }

  private CompletionStage<ObjectNode> reportStatus(
      ObjectNode namespace, Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> failures) {
    JsonNode status = namespace.path("status");
    ArrayNode conditions = NamespaceConditions.compute(status.path("conditions"), remaining, finalizers, failures, clock.instant());
    if (conditions.equals(status.path("conditions")) && "Terminating".equals(status.path("phase").asText())) {
      return CompletableFuture.completedFuture(namespace);
    }
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode s = patch.putObject("status");
    s.put("phase", "Terminating");
    s.set("conditions", conditions);
    return writes.patch(NamespaceStrategy.TYPE, null, Metadata.name(namespace), patch, Subresource.STATUS);
  }

  /** Removes the kubernetes finalizer; the namespace's entity removes the namespace once none is left. */
  private CompletionStage<ObjectNode> finalizeNamespace(ObjectNode namespace) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    patch.putObject("metadata").put("uid", Metadata.uid(namespace)).put("resourceVersion", Metadata.resourceVersion(namespace));
    ArrayNode left = patch.putObject("spec").putArray("finalizers");
    for (JsonNode f : namespace.path("spec").path("finalizers")) {
      if (!NamespaceStrategy.KUBERNETES_FINALIZER.equals(f.asText())) left.add(f);
    }
    log.info("{}: namespace {} is empty; removing the {} finalizer", name(), Metadata.name(namespace),
        NamespaceStrategy.KUBERNETES_FINALIZER);
    return writes.patch(NamespaceStrategy.TYPE, null, Metadata.name(namespace), patch, Subresource.MAIN);
  }

  private static boolean hasOurFinalizer(ObjectNode namespace) {
    for (JsonNode f : namespace.path("spec").path("finalizers")) {
      if (NamespaceStrategy.KUBERNETES_FINALIZER.equals(f.asText())) return true;
    }
    return false;
  }

  private static String cause(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
