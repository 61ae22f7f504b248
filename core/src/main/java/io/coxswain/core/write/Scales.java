package io.coxswain.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.select.LabelSelector;
import java.util.List;

/** The autoscaling/v1 Scale view of a Deployment or ReplicaSet (the /scale subresource). */
public final class Scales {
  private Scales() {}

  public static ObjectNode toScale(ObjectNode obj) {
    ObjectNode scale = Json.MAPPER.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    JsonNode m = obj.path("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (m.has(f)) meta.set(f, m.get(f));
    }
    scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", obj.path("status").path("replicas").asInt(0));
    JsonNode selector = obj.path("spec").path("selector");
    if (!selector.isMissingNode()) status.put("selector", LabelSelector.fromJson(selector).toString());
    return scale;
  }

  /** Applies a changed Scale back to its object: only spec.replicas moves. */
  public static ObjectNode fromScale(ResourceType type, ObjectNode stored, ObjectNode scale) {
    String rv = Metadata.resourceVersion(scale);
    if (rv != null && !rv.isEmpty() && !rv.equals(Metadata.resourceVersion(stored))) {
      throw StatusException.staleResourceVersion(type, Metadata.name(stored));
    }
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.isIntegralNumber() || replicas.asLong() < 0 || replicas.asLong() > Integer.MAX_VALUE) {
      throw StatusException.invalid(type, Metadata.name(stored), List.of(Cause.invalid(
          "spec.replicas", replicas.isMissingNode() ? "<missing>" : replicas.toString(),
          "must be greater than or equal to 0")));
    }
    ObjectNode result = stored.deepCopy();
    ObjectNode spec = result.get("spec") instanceof ObjectNode s ? s : result.putObject("spec");
    spec.put("replicas", replicas.asInt());
    Metadata.of(result).remove("resourceVersion");
    return result;
  }
}
