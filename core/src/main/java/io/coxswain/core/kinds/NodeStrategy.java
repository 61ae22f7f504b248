package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules for core/v1 Node. */
public final class NodeStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Node", "nodes", "node", false,
          List.of("no"), List.of(), true, false);

  private static final List<String> TAINT_EFFECTS = List.of("NoExecute", "NoSchedule", "PreferNoSchedule");

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /** Kubelets register their Node with its status filled in, so create keeps it. */
  @Override
  public void prepareForCreate(com.fasterxml.jackson.databind.node.ObjectNode obj) {}

  /** A node that reports capacity but no allocatable can hand out all of it, as Kubernetes defaults. */
  @Override
  public void applyDefaults(ObjectNode obj) {
    if (obj.get("metadata") instanceof ObjectNode meta) meta.remove("namespace");
    ObjectNode status = FieldDefaults.existingObject(obj, "status");
    if (status != null && status.get("capacity") instanceof ObjectNode capacity
        && FieldDefaults.isUnset(status, "allocatable")) {
      status.set("allocatable", capacity.deepCopy());
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec != null) {
      f.bool(spec, "spec", "unschedulable");
      f.string(spec, "spec", "providerID");
      String podCidr = f.string(spec, "spec", "podCIDR");
      if (podCidr != null && !podCidr.isEmpty() && !IpAddress.isCidr(podCidr)) {
        f.add(Cause.invalid("spec.podCIDR", podCidr, "must be a valid CIDR"));
      }
      List<String> podCidrs = f.strings(spec, "spec", "podCIDRs");
      for (int i = 0; podCidrs != null && i < podCidrs.size(); i++) {
        if (!IpAddress.isCidr(podCidrs.get(i))) f.add(Cause.invalid(index("spec.podCIDRs", i), podCidrs.get(i), "must be a valid CIDR"));
      }
      validateTaints(f.array(spec, "spec", "taints"), f);
    }
    ObjectNode status = f.object(obj, "", "status");
    if (status != null) {
      f.object(status, "status", "capacity");
      f.object(status, "status", "allocatable");
      f.array(status, "status", "conditions");
      f.array(status, "status", "addresses");
    }
    return causes;
  }

  /** The pod CIDR and provider ID are set once (by the node's registration or IPAM), then fixed. */
  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    List<Cause> causes = new ArrayList<>();
    String oldCidr = SelectableFields.text(stored, "spec.podCIDR");
    String newCidr = SelectableFields.text(updated, "spec.podCIDR");
    if (!oldCidr.isEmpty() && !oldCidr.equals(newCidr)) {
      causes.add(Cause.forbidden("spec.podCIDR", "node updates may not change podCIDR except from \"\" to valid"));
    }
    String oldProvider = SelectableFields.text(stored, "spec.providerID");
    String newProvider = SelectableFields.text(updated, "spec.providerID");
    if (!oldProvider.isEmpty() && !oldProvider.equals(newProvider)) {
      causes.add(Cause.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
    }
    return causes;
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, false);
    fields.put("spec.unschedulable", SelectableFields.bool(obj, "spec.unschedulable"));
    return fields;
  }

  private static void validateTaints(ArrayNode taints, JsonFields f) {
    if (taints == null) return;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      ObjectNode t = f.objectAt(taints, "spec.taints", i);
      if (t == null) continue;
      String path = index("spec.taints", i);
      String key = f.string(t, path, "key");
      for (String msg : ValueFormats.qualifiedName(key == null ? "" : key)) {
        f.add(Cause.invalid(child(path, "key"), key == null ? "" : key, msg));
      }
      String value = f.string(t, path, "value");
      if (value != null) {
        for (String msg : ValueFormats.labelValue(value)) f.add(Cause.invalid(child(path, "value"), value, msg));
      }
      String effect = f.string(t, path, "effect");
      if (effect == null || effect.isEmpty()) {
        if (effect != null || FieldDefaults.isUnset(t, "effect")) f.add(Cause.required(child(path, "effect")));
      } else if (!TAINT_EFFECTS.contains(effect)) {
        f.add(Cause.notSupported(child(path, "effect"), effect, TAINT_EFFECTS));
      }
      f.string(t, path, "timeAdded");
      // The scheduler and the eviction manager look taints up by key and effect.
      if (key != null && effect != null && !seen.add(key + ":" + effect)) {
        f.add(Cause.duplicate(path, key + ":" + effect));
      }
    }
  }
}
