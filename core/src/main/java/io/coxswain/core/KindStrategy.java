package io.coxswain.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-kind rules, like the kube-apiserver's registry strategies: defaults, validation, what counts
 * as a spec change, which fields a field selector may name. Pure functions over Kubernetes JSON; the
 * generic resource entity calls them. Methods that take an object may change it in place and are
 * always handed a private copy.
 */
public interface KindStrategy {

  ResourceType type();

  /** Fills defaulted fields the way a Kubernetes server does (restartPolicy, protocol, strategy…). */
  default void applyDefaults(ObjectNode obj) {}

  /**
   * Resets what a client may not set on create. Kinds with a status subresource start with an empty
   * status (their defaults may then fill it in); Nodes keep theirs, as kubelets register with one.
   */
  default void prepareForCreate(ObjectNode obj) {
    if (type().hasStatus()) obj.remove("status");
  }

  /**
   * Adjusts a main-resource update before defaults and validation, knowing the stored version
   * (Kubernetes' PrepareForUpdate): a Service keeps the addresses it was given when the update leaves
   * them out.
   */
  default void prepareForUpdate(ObjectNode updated, ObjectNode stored) {}

  /** Every problem with a whole object; empty when valid. Metadata (name, labels…) is checked too. */
  default List<Cause> validate(ObjectNode obj) {
    return ObjectMetaValidation.validate(obj, type());
  }

  /** Extra problems an update has against the stored object (immutable fields). */
  default List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return List.of();
  }

  /** Whether metadata.generation is kept and bumped on spec changes (Deployments, ReplicaSets…). */
  default boolean tracksGeneration() {
    return false;
  }

  /**
   * Whether a /status write may also change metadata.annotations, as Kubernetes' deployment status
   * strategy allows (the deployment controller records the revision annotation that way, without
   * bumping the generation).
   */
  default boolean statusWritesAnnotations() {
    return false;
  }

  /** Whether the change from stored to updated touches anything but metadata and status. */
  default boolean specChanged(ObjectNode stored, ObjectNode updated) {
    return !withoutMetadataAndStatus(stored).equals(withoutMetadataAndStatus(updated));
  }

  /**
   * Field values a field selector may test, by Kubernetes field path. Every kind supports
   * metadata.name and metadata.namespace.
   */
  default Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", Metadata.name(obj));
    fields.put("metadata.namespace", Metadata.namespace(obj));
    return fields;
  }

  /**
   * Whether deleting this object must wait for someone (a kubelet) to finish it: the object then
   * gets a deletionTimestamp instead of being removed. Pods bound to a node are the main case.
   */
  default boolean deletesGracefully(ObjectNode stored) {
    return false;
  }

  /**
   * Refuses a DELETE of {@code stored} by throwing the Status to answer (a namespace Kubernetes
   * keeps, or one already emptying itself); returns when the delete may go ahead.
   */
  default void checkDelete(ObjectNode stored) {}

  /**
   * Whether the kind's own finalizers, besides metadata.finalizers, still hold a deleted object: a
   * Namespace stays until its spec.finalizers are gone.
   */
  default boolean finalizing(ObjectNode obj) {
    return false;
  }

  /** What the kind shows while its object waits to be removed (a Namespace turns Terminating). */
  default void markDeleting(ObjectNode obj) {}

  private static ObjectNode withoutMetadataAndStatus(ObjectNode obj) {
    ObjectNode copy = obj.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "metadata", "status", "apiVersion", "kind" -> {}
        default -> copy.set(e.getKey(), e.getValue());
      }
    }
    return copy;
  }
}
