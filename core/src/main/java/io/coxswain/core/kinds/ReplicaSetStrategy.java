package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;
import java.util.Map;

/** Rules for apps/v1 ReplicaSet. */
public final class ReplicaSetStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true,
          List.of("rs"), List.of("all"), true, true);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = FieldDefaults.object(obj, "spec");
    if (spec == null) return;
    FieldDefaults.number(spec, "replicas", 1);
    ObjectNode templateSpec = FieldDefaults.existingObject(FieldDefaults.existingObject(spec, "template"), "spec");
    if (templateSpec != null) PodSpecDefaults.applyToTemplate(templateSpec);
    // status.replicas has no omitempty in Go, so even a fresh ReplicaSet shows it.
    if (FieldDefaults.isUnset(obj, "status")) obj.putObject("status").put("replicas", 0);
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec == null) {
      if (FieldDefaults.isUnset(obj, "spec")) f.add(Cause.required("spec.selector"));
      return causes;
    }
    f.nonNegativeInt32(spec, "spec", "replicas");
    f.nonNegativeInt32(spec, "spec", "minReadySeconds");
    PodTemplateValidation.validate(spec, "spec", f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return LabelSelector.validateUnchanged(updated.path("spec").get("selector"), stored.path("spec").get("selector"),
        "spec.selector");
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, true);
    fields.put("status.replicas", SelectableFields.integer(obj, "status.replicas"));
    return fields;
  }
}
