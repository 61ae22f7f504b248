package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.RequestInfo;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Subresource;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A control loop's writes, sent straight to the resource entities under the loop's own identity
 * (Kubernetes' controller service accounts), so every change it makes is attributed in the journal.
 */
public final class ControllerWrites {
  private static final String FIELD_MANAGER = "kube-controller-manager";
  private final ResourceStore store;
  private final String user;

  /** @param user who the journal records, e.g. {@code system:serviceaccount:kube-system:replicaset-controller} */
  public ControllerWrites(ResourceStore store, String user) {
    this.store = store;
    this.user = user;
  }

  public String user() {
    return user;
  }

  public CompletionStage<ObjectNode> create(ResourceType type, ObjectNode obj) {
    RequestInfo info = info("create");
    return store.ask(type, Metadata.namespace(obj), Metadata.name(obj), r -> new ResourceEntity.Create(obj, info, r))
        .thenApply(ResourceEntity.Result::object);
  }

  /** A JSON merge patch of the object or its status. */
  public CompletionStage<ObjectNode> patch(
      ResourceType type, String namespace, String name, JsonNode patch, Subresource subresource) {
    RequestInfo info = info("patch");
    return store.ask(type, namespace, name, r -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, patch, subresource, info, r))
        .thenApply(ResourceEntity.Result::object);
  }

  public CompletionStage<ObjectNode> delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    RequestInfo info = info("delete");
    return store.ask(type, namespace, name, r -> new ResourceEntity.Delete(options, info, r))
        .thenApply(ResourceEntity.Result::object);
  }

  /**
   * Replaces the object's ownerReferences (an adoption or a release), on the condition that it is
   * still the object with this uid.
   */
  public CompletionStage<ObjectNode> setOwnerReferences(ResourceType type, ObjectNode obj, JsonNode ownerReferences) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ObjectNode meta = patch.putObject("metadata");
    meta.put("uid", Metadata.uid(obj));
    meta.set("ownerReferences", ownerReferences);
    return patch(type, Metadata.namespace(obj), Metadata.name(obj), patch, Subresource.MAIN);
  }

  /** Binds a pod to a node through its entity; 409 if it is bound already. */
  public CompletionStage<ObjectNode> bind(String namespace, String name, String uid, String node) {
    RequestInfo info = info("create");
    ObjectNode binding = Json.MAPPER.createObjectNode();
    binding.put("apiVersion", "v1").put("kind", "Binding");
    binding.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", uid);
    binding.putObject("target").put("kind", "Node").put("name", node);
    return store.ask(PodStrategy.TYPE, namespace, name, r -> new ResourceEntity.Bind(binding, info, r))
        .thenApply(ResourceEntity.Result::object);
  }

  /** Deletes the object if it still has {@code uid}; already gone counts as done (null). */
  public CompletionStage<ObjectNode> deleteIfPresent(ResourceType type, String namespace, String name, String uid) {
    return delete(type, namespace, name, new DeleteOptions(uid, null, null, null))
        .exceptionally(e -> {
          if (statusCode(e) == 404) return null;
          throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }

  public static long resourceVersion(ObjectNode obj) {
    if (obj == null) return 0;
    String rv = Metadata.resourceVersion(obj);
    return rv == null ? 0 : Long.parseLong(rv);
  }

  /** The HTTP code of a failed write's Status, or 0 when it failed otherwise. */
  public static int statusCode(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t instanceof StatusException se ? se.code() : 0;
  }

  /** What a failed write says, as an event's message quotes it: the Status message, else the error itself. */
  public static String message(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private RequestInfo info(String verb) {
    return new RequestInfo(user, UUID.randomUUID().toString(), verb, false, FIELD_MANAGER);
  }
}
