package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 Namespace. */
public final class NamespaceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false,
          List.of("ns"), List.of(), true, false);

  /** The finalizer through which the namespace controller empties a namespace before it goes. */
  public static final String KUBERNETES_FINALIZER = "kubernetes";
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /**
   * Every namespace carries its name as a label so namespace selectors can pick it by name. A new
   * namespace (one without status) starts Active with the kubernetes finalizer; later writes keep
   * whatever finalizers they carry, since the namespace controller removes that one on purpose.
   */
  @Override
  public void applyDefaults(ObjectNode obj) {
    if (!(obj.get("metadata") instanceof ObjectNode meta)) return;
    // Cluster-scoped: a namespace given in the body is dropped, as Kubernetes does.
    meta.remove("namespace");
    String name = Metadata.name(obj);
    ObjectNode labels = FieldDefaults.object(meta, "labels");
    if (labels != null && name != null && !name.isEmpty()) labels.put(NAME_LABEL, name);
    boolean fresh = FieldDefaults.isUnset(obj, "status");
    ObjectNode status = FieldDefaults.object(obj, "status");
    if (status != null) FieldDefaults.string(status, "phase", "Active");
    if (fresh) {
      ObjectNode spec = FieldDefaults.object(obj, "spec");
      if (spec == null) return;
      JsonNode finalizers = spec.get("finalizers");
      if (finalizers == null || finalizers.isNull()) {
        spec.putArray("finalizers").add(KUBERNETES_FINALIZER);
      } else if (finalizers instanceof ArrayNode list && !contains(list, KUBERNETES_FINALIZER)) {
        list.add(KUBERNETES_FINALIZER);
      }
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE, NameFormat.DNS1123_LABEL);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    List<String> finalizers = spec == null ? null : f.strings(spec, "spec", "finalizers");
    for (String finalizer : finalizers == null ? List.<String>of() : finalizers) {
      List<String> msgs = ValueFormats.qualifiedName(finalizer);
      for (String msg : msgs) f.add(Cause.invalid("spec.finalizers", finalizer, msg));
      if (msgs.isEmpty() && !finalizer.contains("/") && !finalizer.equals(KUBERNETES_FINALIZER)) {
        f.add(Cause.invalid("spec.finalizers", finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    ObjectNode status = f.object(obj, "", "status");
    String phase = status == null ? null : f.string(status, "status", "phase");
    if (phase != null && !List.of("Active", "Terminating").contains(phase)) {
      f.add(Cause.notSupported("status.phase", phase, List.of("Active", "Terminating")));
    }
    return causes;
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, false);
    fields.put("status.phase", SelectableFields.text(obj, "status.phase"));
    return fields;
  }

  private static boolean contains(ArrayNode list, String value) {
    for (JsonNode n : list) {
      if (value.equals(n.asText(null)) && n.isTextual()) return true;
    }
    return false;
  }
}
