package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The selector and pod template of a workload that keeps pods running (Deployment, ReplicaSet):
 * Kubernetes' ValidatePodTemplateSpecForReplicaSet plus the selector rules around it.
 */
final class PodTemplateValidation {
  private PodTemplateValidation() {}

  static void validate(ObjectNode spec, String specPath, JsonFields f) {
    String selectorPath = child(specPath, "selector");
    ObjectNode selector = f.object(spec, specPath, "selector");
    boolean selectorUsable = false;
    if (selector == null) {
      if (FieldDefaults.isUnset(spec, "selector")) f.add(Cause.required(selectorPath));
    } else if (LabelSelector.validate(selector, selectorPath, f)) {
      if (LabelSelector.isEmpty(selector)) {
        f.add(Cause.invalid(selectorPath, JsonFields.shown(selector), "empty selector is invalid for deployment"));
      } else {
        selectorUsable = true;
      }
    }

    String templatePath = child(specPath, "template");
    ObjectNode template = f.object(spec, specPath, "template");
    if (template == null) {
      if (FieldDefaults.isUnset(spec, "template")) f.add(Cause.required(templatePath));
      return;
    }
    String metaPath = child(templatePath, "metadata");
    ObjectNode meta = f.object(template, templatePath, "metadata");
    if (meta != null) ObjectMetaValidation.validateTemplateMeta(meta, metaPath, f);
    Map<String, String> labels = meta == null ? Map.of() : Metadata.stringMap(meta.path("labels"));
    if (selectorUsable && !LabelSelector.matches(selector, labels)) {
      f.add(new Cause("FieldValueInvalid",
          "Invalid value: " + goMap(labels) + ": `selector` does not match template `labels`",
          child(metaPath, "labels")));
    }

    String podSpecPath = child(templatePath, "spec");
    ObjectNode podSpec = f.object(template, templatePath, "spec");
    if (podSpec == null) {
      if (FieldDefaults.isUnset(template, "spec")) f.add(Cause.required(child(podSpecPath, "containers")));
      return;
    }
    PodSpecValidation.validate(podSpec, podSpecPath, false, f);
    // Pods of a ReplicaSet are replaced when they end, so they must never end on their own.
    if (podSpec.path("restartPolicy").isTextual() && !podSpec.path("restartPolicy").textValue().equals("Always")) {
      f.add(Cause.notSupported(child(podSpecPath, "restartPolicy"), podSpec.path("restartPolicy").textValue(),
          List.of("Always")));
    }
    if (!FieldDefaults.isUnset(podSpec, "activeDeadlineSeconds")) {
      f.add(Cause.forbidden(child(podSpecPath, "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
  }

  /** A label map printed as Go's %#v prints it, which is what Kubernetes puts in this message. */
  private static String goMap(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .collect(Collectors.joining(", ", "map[string]string{", "}"));
  }
}
