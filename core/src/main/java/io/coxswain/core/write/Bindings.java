package io.coxswain.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A {@code v1 Binding} applied to its pod, as the apiserver's pods/binding does: the pod gets
 * spec.nodeName, the binding's annotations and PodScheduled=True. A pod that is already bound or
 * being deleted cannot be bound (409), so two schedulers can never both place one pod.
 */
public final class Bindings {
  private Bindings() {}

  /** The target node a Binding names, after checking it; 400/422 if the Binding is malformed. */
  public static String targetNode(JsonNode binding, String podName) {
    if (!binding.isObject()) throw StatusException.badRequest("the request body must be a v1 Binding object");
    String name = Metadata.name(binding);
    if (name != null && !name.isEmpty() && !name.equals(podName)) {
      throw StatusException.badRequest("name in URL does not match name in Binding object");
    }
    JsonNode target = binding.path("target");
    String kind = target.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals("Node")) {
      throw StatusException.invalid(BINDINGS, podName, List.of(new Cause("FieldValueNotSupported",
          "Unsupported value: \"" + kind + "\": supported values: \"Node\"", "target.kind")));
    }
    String node = target.path("name").asText("");
    if (node.isEmpty()) {
      throw StatusException.invalid(BINDINGS, podName, List.of(new Cause("FieldValueRequired", "Required value", "target.name")));
    }
    return node;
  }

  private static final ResourceType BINDINGS = new ResourceType("", "v1", "Binding", "bindings", "binding", true, List.of(), List.of(), false, false);

  /** The pod bound to {@code node}; {@code binding} may carry a uid precondition and annotations. */
  public static ObjectNode bind(ResourceType pods, ObjectNode stored, JsonNode binding, String node, Instant now) {
    String name = Metadata.name(stored);
    String uid = binding.path("metadata").path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(Metadata.uid(stored))) {
      throw StatusException.conflict(pods, name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + Metadata.uid(stored));
    }
    if (Metadata.deletionTimestamp(stored) != null) {
      throw StatusException.conflict(pods, name, "pod " + name + " is being deleted, cannot be assigned to a host");
    }
    String current = stored.path("spec").path("nodeName").asText("");
    if (!current.isEmpty()) {
      throw StatusException.conflict(pods, name, "pod " + name + " is already assigned to node \"" + current + "\"");
    }
    ObjectNode pod = stored.deepCopy();
    ((ObjectNode) pod.path("spec")).put("nodeName", node);
    Map<String, String> annotations = Metadata.stringMap(binding.path("metadata").path("annotations"));
    if (!annotations.isEmpty()) {
      ObjectNode meta = Metadata.of(pod);
      ObjectNode target = meta.path("annotations").isObject() ? (ObjectNode) meta.path("annotations") : meta.putObject("annotations");
      annotations.forEach(target::put);
    }
    setScheduled(pod, now);
    return pod;
  }

  private static void setScheduled(ObjectNode pod, Instant now) {
    ObjectNode status = pod.path("status").isObject() ? (ObjectNode) pod.path("status") : pod.putObject("status");
    ArrayNode conditions = status.path("conditions").isArray() ? (ArrayNode) status.path("conditions") : status.putArray("conditions");
    for (Iterator<JsonNode> it = conditions.elements(); it.hasNext(); ) {
      JsonNode c = it.next();
      if ("PodScheduled".equals(c.path("type").asText())) {
        if ("True".equals(c.path("status").asText())) return;
        it.remove();
      }
    }
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
        .put("lastTransitionTime", ObjectWrites.timestamp(now));
  }
}
