package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;

/** Pods made from a controller's pod template (controller.GetPodFromTemplate in Kubernetes). */
public final class PodTemplates {
  private PodTemplates() {}

  /**
   * A new pod of {@code owner}: the template's labels, annotations and spec, a generated name with the
   * owner's name as prefix, and a controller reference to the owner.
   */
  public static ObjectNode podFrom(JsonNode owner, JsonNode template) {
    ObjectNode pod = Json.MAPPER.createObjectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    String prefix = Metadata.name(owner) + "-";
    meta.put("name", GeneratedNames.generate(prefix));
    meta.put("generateName", prefix);
    meta.put("namespace", Metadata.namespace(owner));
    JsonNode labels = template.path("metadata").path("labels");
    if (labels.isObject() && !labels.isEmpty()) meta.set("labels", labels.deepCopy());
    JsonNode annotations = template.path("metadata").path("annotations");
    if (annotations.isObject() && !annotations.isEmpty()) meta.set("annotations", annotations.deepCopy());
    JsonNode finalizers = template.path("metadata").path("finalizers");
    if (finalizers.isArray() && !finalizers.isEmpty()) meta.set("finalizers", finalizers.deepCopy());
    meta.putArray("ownerReferences").add(OwnerReferences.controllerRefTo(owner));
    JsonNode spec = template.path("spec");
    pod.set("spec", spec.isObject() ? spec.deepCopy() : Json.MAPPER.createObjectNode());
    return pod;
  }
}
