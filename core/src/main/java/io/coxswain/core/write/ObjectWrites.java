package io.coxswain.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.patch.JsonMergePatch;
import io.coxswain.core.patch.JsonPatch;
import io.coxswain.core.patch.ServerSideApply;
import io.coxswain.core.patch.StrategicMergePatch;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of every write, as pure functions: what a create, update or patch turns an
 * object into before it is stored (the apiserver's BeforeCreate/BeforeUpdate). The resource entity
 * adds only what needs its state: the resourceVersion and the decision to persist.
 */
public final class ObjectWrites {
  private static final List<String> SERVER_MANAGED =
      List.of("uid", "creationTimestamp", "resourceVersion", "generation", "deletionTimestamp",
          "deletionGracePeriodSeconds", "selfLink");

  private ObjectWrites() {}

  public static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A new object: server-filled metadata, defaults, validation. Throws 422 when invalid. */
  public static ObjectNode prepareCreate(KindStrategy strategy, ObjectNode obj, String uid, Instant now) {
    ResourceType type = strategy.type();
    ObjectNode meta = Metadata.of(obj);
    SERVER_MANAGED.forEach(meta::remove);
    meta.put("uid", uid);
    meta.put("creationTimestamp", timestamp(now));
    if (strategy.tracksGeneration()) meta.put("generation", 1);
    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
    strategy.prepareForCreate(obj);
    strategy.applyDefaults(obj);
    List<Cause> causes = strategy.validate(obj);
    if (!causes.isEmpty()) throw StatusException.invalid(type, Metadata.name(obj), causes);
    return obj;
  }

  /**
   * The object a PUT (or a computed patch) of {@code incoming} makes of {@code stored}. Checks the
   * resourceVersion precondition, keeps server-managed metadata, limits the change to the addressed
   * subresource, defaults, validates and bumps generation on spec changes.
   */
  public static ObjectNode prepareUpdate(
      KindStrategy strategy, ObjectNode stored, ObjectNode incoming, Subresource subresource) {
    ResourceType type = strategy.type();
    String name = Metadata.name(stored);
    String requestedRv = Metadata.resourceVersion(incoming);
    if (requestedRv != null && !requestedRv.isEmpty() && !requestedRv.equals(Metadata.resourceVersion(stored))) {
      throw StatusException.staleResourceVersion(type, name);
    }
    String incomingName = Metadata.name(incoming);
    if (incomingName != null && !incomingName.isEmpty() && !incomingName.equals(name)) {
      throw StatusException.badRequest("the name of the object (" + incomingName
          + ") does not match the name on the URL (" + name + ")");
    }
    String incomingUid = Metadata.uid(incoming);
    if (incomingUid != null && !incomingUid.isEmpty() && !incomingUid.equals(Metadata.uid(stored))) {
      throw StatusException.conflict(type, name, "Precondition failed: UID in precondition: "
          + incomingUid + ", UID in object meta: " + Metadata.uid(stored));
    }
    ObjectNode result;
    switch (subresource) {
      case STATUS -> {
        // /status changes status only; everything else stays as stored.
        result = stored.deepCopy();
        JsonNode status = incoming.get("status");
        if (status == null || status.isNull()) result.remove("status");
        else result.set("status", status.deepCopy());
        if (strategy.statusWritesAnnotations()) {
          JsonNode annotations = incoming.path("metadata").get("annotations");
          if (annotations == null || annotations.isNull()) Metadata.of(result).remove("annotations");
          else Metadata.of(result).set("annotations", annotations.deepCopy());
        }
      }
      case SCALE -> throw new IllegalArgumentException("scale writes go through Scales");
      default -> {
        result = incoming.deepCopy();
        if (type.hasStatus()) {
          // The main resource ignores status changes: status is written only through /status.
          if (stored.has("status")) result.set("status", stored.get("status").deepCopy());
          else result.remove("status");
        }
      }
    }
    ObjectNode meta = Metadata.of(result);
    ObjectNode storedMeta = (ObjectNode) stored.get("metadata");
    meta.put("name", name);
    copyOrRemove(storedMeta, meta, "namespace");
    for (String field : SERVER_MANAGED) copyOrRemove(storedMeta, meta, field);
    result.put("apiVersion", type.apiVersion());
    result.put("kind", type.kind());
    if (subresource == Subresource.MAIN) {
      strategy.prepareForUpdate(result, stored);
      strategy.applyDefaults(result);
    }
    List<Cause> causes = new ArrayList<>(strategy.validate(result));
    causes.addAll(strategy.validateUpdate(result, stored));
    if (!causes.isEmpty()) throw StatusException.invalid(type, name, causes);
    // Only writes of the main resource are spec changes; /status never bumps the generation.
    if (subresource == Subresource.MAIN && strategy.tracksGeneration() && strategy.specChanged(stored, result)) {
      meta.put("generation", storedMeta.path("generation").asLong(0) + 1);
    }
    return result;
  }

  /** The object a patch would produce from {@code stored}, before {@link #prepareUpdate}. */
  public static ObjectNode applyPatch(
      KindStrategy strategy, ObjectNode stored, PatchType patchType, JsonNode patch, String fieldManager) {
    return applyPatch(strategy, stored, patchType, patch, fieldManager, false);
  }

  /**
   * As {@link #applyPatch(KindStrategy, ObjectNode, PatchType, JsonNode, String)}; {@code force}
   * lets an apply take fields other appliers own instead of failing with a conflict.
   */
  public static ObjectNode applyPatch(KindStrategy strategy, ObjectNode stored, PatchType patchType,
      JsonNode patch, String fieldManager, boolean force) {
    ResourceType type = strategy.type();
    JsonNode patched = switch (patchType) {
      case JSON_PATCH -> JsonPatch.apply(stored, patch);
      case MERGE_PATCH -> JsonMergePatch.apply(stored, patch);
      case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(stored, requireObject(patch), type);
      case APPLY_PATCH -> ServerSideApply.apply(stored, requireObject(patch), type, fieldManager, force);
    };
    if (!(patched instanceof ObjectNode obj)) {
      throw StatusException.invalid(type, Metadata.name(stored), List.of(Cause.invalid("patch",
          patched.getNodeType().toString().toLowerCase(), "the patched result must be an object")));
    }
    // A patch cannot turn an object (or a Scale) into another kind or version; Kubernetes fails to
    // decode such a result.
    requireUnchanged(stored, obj, "apiVersion", type);
    requireUnchanged(stored, obj, "kind", type);
    return obj;
  }

  private static void requireUnchanged(ObjectNode target, ObjectNode patched, String field, ResourceType type) {
    JsonNode value = patched.get(field);
    JsonNode expected = target.get(field);
    if (value != null && !value.isNull() && expected != null && !value.equals(expected)) {
      throw StatusException.invalid(type, Metadata.name(patched), List.of(Cause.invalid("patch", value.toString(),
          "a patch cannot change " + field + " from " + expected + " to " + value)));
    }
  }

  /** Whether two versions differ in anything but their resourceVersion and managedFields times. */
  public static boolean sameContent(ObjectNode a, ObjectNode b) {
    return withoutVolatile(a).equals(withoutVolatile(b));
  }

  /**
   * Whether an object marked for deletion may now go: its finalizers (and its kind's own, such as a
   * Namespace's spec.finalizers) are gone and no grace period is running (a gracefully deleted pod
   * waits for its kubelet instead).
   */
  public static boolean readyToRemove(KindStrategy strategy, ObjectNode obj) {
    return Metadata.deletionTimestamp(obj) != null
        && obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0
        && !hasFinalizers(obj)
        && !strategy.finalizing(obj);
  }

  public static boolean hasFinalizers(ObjectNode obj) {
    JsonNode fin = obj.path("metadata").path("finalizers");
    return fin instanceof ArrayNode a && !a.isEmpty();
  }

  private static ObjectNode requireObject(JsonNode patch) {
    if (patch instanceof ObjectNode o) return o;
    throw StatusException.badRequest("the patch must be a JSON object, got " + patch.getNodeType());
  }

  private static void copyOrRemove(ObjectNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v == null) to.remove(field);
    else to.set(field, v.deepCopy());
  }

  private static ObjectNode withoutVolatile(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    ObjectNode meta = Metadata.of(copy);
    meta.remove("resourceVersion");
    meta.remove("managedFields");
    return copy;
  }
}
