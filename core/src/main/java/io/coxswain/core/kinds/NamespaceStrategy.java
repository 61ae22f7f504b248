package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for core/v1 Namespace. */
public final class NamespaceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false,
          List.of("ns"), List.of(), true, false);

  /** The finalizer through which the namespace controller empties a namespace before it goes. */
  public static final String KUBERNETES_FINALIZER = "kubernetes";
  static final String NAME_LABEL = "kubernetes.io/metadata.name";
  /**
   * Namespaces that may not be deleted. Kubernetes' NamespaceLifecycle admission keeps default,
   * kube-system and kube-public and recreates a deleted kube-node-lease; nothing here recreates it,
   * so it is kept as well.
   */
  public static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

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
  public void checkDelete(ObjectNode stored) {
    String name = Metadata.name(stored);
    if (SYSTEM_NAMESPACES.contains(name)) {
      throw StatusException.forbidden(TYPE, name, "this namespace may not be deleted", List.of());
    }
    if (Metadata.deletionTimestamp(stored) != null && finalizing(stored)) {
      throw StatusException.conflict(TYPE, name, "The system is ensuring all content is removed from this namespace."
          + "  Upon completion, this namespace will automatically be purged by the system.");
    }
  }

  /** A namespace being deleted stays until the namespace controller (and any other) removed its spec.finalizers. */
  @Override
  public boolean finalizing(ObjectNode obj) {
    return obj.path("spec").path("finalizers") instanceof ArrayNode list && !list.isEmpty();
  }

  @Override
  public void markDeleting(ObjectNode obj) {
    ObjectNode status = FieldDefaults.object(obj, "status");
    if (status != null) status.put("phase", "Terminating");
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
