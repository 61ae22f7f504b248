package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an update may change in a Pod's spec (Kubernetes' ValidatePodUpdate): container images,
 * a shrinking activeDeadlineSeconds, added tolerations, and the node once, when it was unset
 * (binding). Everything else in a running pod's spec is fixed: the kubelet acted on it already.
 */
final class PodUpdateValidation {
  static final String FORBIDDEN_CHANGE =
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
          + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
          + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  private PodUpdateValidation() {}

  static List<Cause> validate(ObjectNode updated, ObjectNode stored) {
    List<Cause> causes = new ArrayList<>();
    if (!(updated.get("spec") instanceof ObjectNode newSpec) || !(stored.get("spec") instanceof ObjectNode oldSpec)) {
      return causes;
    }
    if (newSpec.path("containers").size() != oldSpec.path("containers").size()) {
      causes.add(Cause.forbidden("spec.containers", "pod updates may not add or remove containers"));
      return causes;
    }
    if (!validateActiveDeadline(newSpec.get("activeDeadlineSeconds"), oldSpec.get("activeDeadlineSeconds"), causes)) {
      return causes;
    }
    if (!onlyAddedTolerations(newSpec.get("tolerations"), oldSpec.get("tolerations"))) {
      causes.add(Cause.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
    }

    ObjectNode munged = newSpec.deepCopy();
    for (String list : List.of("containers", "initContainers")) {
      if (munged.get(list) instanceof ArrayNode newList && oldSpec.get(list) instanceof ArrayNode oldList
          && newList.size() == oldList.size()) {
        for (int i = 0; i < newList.size(); i++) {
          if (newList.get(i) instanceof ObjectNode c && oldList.get(i) instanceof ObjectNode old) {
            copy(old, c, "image");
          }
        }
      }
    }
    copy(oldSpec, munged, "activeDeadlineSeconds");
    copy(oldSpec, munged, "tolerations");
    // Binding: the scheduler sets the node of a pod that has none.
    if (SelectableFields.text(oldSpec, "nodeName").isEmpty()) copy(oldSpec, munged, "nodeName");
    JsonNode oldGrace = oldSpec.get("terminationGracePeriodSeconds");
    if (oldGrace != null && oldGrace.isIntegralNumber() && oldGrace.asLong() < 0
        && munged.path("terminationGracePeriodSeconds").isIntegralNumber()
        && munged.path("terminationGracePeriodSeconds").asLong() == 1) {
      copy(oldSpec, munged, "terminationGracePeriodSeconds");
    }
    if (!SemanticEquality.equal(munged, oldSpec)) {
      causes.add(Cause.forbidden("spec", FORBIDDEN_CHANGE + "\n" + changedFields(oldSpec, munged)));
    }
    return causes;
  }

  /** Answers false when the deadline check failed and further checks would only repeat it. */
  private static boolean validateActiveDeadline(JsonNode updated, JsonNode old, List<Cause> causes) {
    String path = "spec.activeDeadlineSeconds";
    boolean oldSet = old != null && old.isIntegralNumber();
    if (updated != null && updated.isIntegralNumber()) {
      long value = updated.asLong();
      if (value < 0 || value > Integer.MAX_VALUE) {
        causes.add(Cause.invalid(path, value, ValueFormats.inclusiveRangeError(0, Integer.MAX_VALUE)));
        return false;
      }
      if (oldSet && old.asLong() < value) {
        causes.add(Cause.invalid(path, value, "must be less than or equal to previous value"));
        return false;
      }
    } else if ((updated == null || updated.isNull()) && oldSet) {
      causes.add(Cause.invalid(path, "nil", "must not update from a positive integer to nil value"));
    }
    return true;
  }

  /** Every old toleration must still be there, though its tolerationSeconds may change. */
  private static boolean onlyAddedTolerations(JsonNode updated, JsonNode old) {
    if (old == null || !old.isArray()) return true;
    Set<String> kept = new HashSet<>();
    if (updated != null && updated.isArray()) {
      for (JsonNode n : updated) kept.add(tolerationIdentity(n));
    }
    for (JsonNode o : old) {
      if (!kept.contains(tolerationIdentity(o))) return false;
    }
    return true;
  }

  /** A toleration without its tolerationSeconds, as a key that hashes (lists can be long). */
  private static String tolerationIdentity(JsonNode toleration) {
    if (!(toleration instanceof ObjectNode o)) return toleration.toString();
    TreeMap<String, JsonNode> fields = new TreeMap<>();
    o.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("tolerationSeconds") && !e.getValue().isNull()) fields.put(e.getKey(), e.getValue());
    });
    return o.objectNode().setAll(fields).toString();
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v == null) {
      to.remove(field);
    } else {
      to.set(field, v.deepCopy());
    }
  }

  /** A short stand-in for Kubernetes' spec diff: the top-level spec fields that differ. */
  private static String changedFields(ObjectNode oldSpec, ObjectNode newSpec) {
    TreeSet<String> names = new TreeSet<>();
    for (ObjectNode o : List.of(oldSpec, newSpec)) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        String name = it.next().getKey();
        if (!SemanticEquality.equal(oldSpec.get(name), newSpec.get(name))) names.add(child("spec", name));
      }
    }
    return "changed: " + String.join(", ", names);
  }
}
