package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Pods as the API server hands them to a node: defaulted, bound, with a uid. */
final class Pods {
  private Pods() {}

  static Builder pod(String name) {
    return new Builder(name);
  }

  /** JSON with single quotes, to keep test manifests readable. */
  static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uid(ObjectNode pod) {
    return pod.path("metadata").path("uid").asText();
  }

  /** The pod as graceful deletion leaves it: deletionTimestamp and the grace period set. */
  static ObjectNode deleting(ObjectNode pod, long graceSeconds) {
    ObjectNode copy = pod.deepCopy();
    ObjectNode meta = (ObjectNode) copy.get("metadata");
    meta.put("deletionTimestamp", "2030-01-01T00:00:00Z");
    meta.put("deletionGracePeriodSeconds", graceSeconds);
    return copy;
  }

  static ObjectNode withImage(ObjectNode pod, String container, String image) {
    ObjectNode copy = pod.deepCopy();
    for (JsonNode c : copy.path("spec").path("containers")) {
      if (c.path("name").asText().equals(container)) ((ObjectNode) c).put("image", image);
    }
    return copy;
  }

  static final class Builder {
    private final ObjectNode pod = Json.MAPPER.createObjectNode();

    private Builder(String name) {
      pod.put("apiVersion", "v1").put("kind", "Pod");
      pod.putObject("metadata").put("name", name).put("namespace", "default").put("uid", UUID.randomUUID().toString());
      ObjectNode spec = pod.putObject("spec");
      spec.put("restartPolicy", "Always").put("terminationGracePeriodSeconds", 30).put("nodeName", "node-1");
      spec.putArray("containers");
      pod.putObject("status").put("phase", "Pending").put("qosClass", "BestEffort");
    }

    Builder container(String name, String image) {
      ((ArrayNode) pod.path("spec").path("containers")).addObject().put("name", name).put("image", image);
      return this;
    }

    Builder initContainer(String name, String image) {
      ObjectNode spec = (ObjectNode) pod.path("spec");
      if (!spec.has("initContainers")) spec.putArray("initContainers");
      ((ArrayNode) spec.get("initContainers")).addObject().put("name", name).put("image", image);
      return this;
    }

    Builder restartPolicy(String policy) {
      ((ObjectNode) pod.path("spec")).put("restartPolicy", policy);
      return this;
    }

    /** Sets a field of the spec from single-quoted JSON. */
    Builder spec(String field, String json) {
      ((ObjectNode) pod.path("spec")).set(field, json(json));
      return this;
    }

    /** Sets a field of a container (init or app) from single-quoted JSON. */
    Builder set(String container, String field, String json) {
      for (String list : new String[] {"containers", "initContainers"}) {
        for (JsonNode c : pod.path("spec").path(list)) {
          if (c.path("name").asText().equals(container)) ((ObjectNode) c).set(field, json(json));
        }
      }
      return this;
    }

    ObjectNode build() {
      return pod.deepCopy();
    }
  }
}
