package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code metadata.managedFields} of an object as one apply sees them: the applying manager's
 * own {@code Apply} entry and everybody else's. Only {@code Apply} entries take part in conflicts;
 * any other entry still keeps the fields it lists from being removed.
 */
final class FieldManagers {
  static final String APPLY = "Apply";

  private final String manager;
  /** The other entries by their position in managedFields. */
  private final Map<Integer, ObjectNode> others = new TreeMap<>();
  private FieldSet previous = FieldSet.EMPTY;
  private int ownPosition = -1;

  private FieldManagers(String manager) {
    this.manager = manager;
  }

  /** The entries of {@code obj}, copied: changing them leaves {@code obj} as it was. */
  static FieldManagers of(ObjectNode obj, String manager) {
    FieldManagers managers = new FieldManagers(manager);
    if (obj != null && obj.path("metadata").get("managedFields") instanceof ArrayNode entries) {
      for (int i = 0; i < entries.size(); i++) {
        if (!(entries.get(i) instanceof ObjectNode entry)) continue;
        if (isOwnApply(entry, manager)) {
          managers.previous = managers.previous.union(FieldSet.parse(entry.get("fieldsV1")));
          if (managers.ownPosition < 0) managers.ownPosition = i;
        } else {
          managers.others.put(i, entry.deepCopy());
        }
      }
    }
    return managers;
  }

  private static boolean isOwnApply(JsonNode entry, String manager) {
    return manager.equals(entry.path("manager").asText()) && APPLY.equals(entry.path("operation").asText());
  }

  /** What this manager applied last time. */
  FieldSet previous() {
    return previous;
  }

  /** Everything the other entries list. */
  FieldSet ownedByOthers() {
    FieldSet all = FieldSet.EMPTY;
    for (ObjectNode entry : others.values()) all = all.union(FieldSet.parse(entry.get("fieldsV1")));
    return all;
  }

  /**
   * Checks the fields {@code wanted} against other appliers: a field another manager applied and
   * this configuration sets to a different value is a conflict. Without {@code force} conflicts
   * are refused with Kubernetes' 409; with it the other managers lose those fields.
   */
  void resolveConflicts(JsonNode live, ObjectNode applied, FieldSet wanted, boolean force) {
    Map<String, List<List<String>>> conflicts = new TreeMap<>();
    int count = 0;
    for (List<String> path : wanted.members()) {
      if (wanted.hasBelow(path)) continue; // its own fields are compared one by one
      JsonNode value = FieldSet.find(applied, path);
      JsonNode current = FieldSet.find(live, path);
      if (value == null || value.isObject() || current == null || FieldSet.sameJson(value, current)) continue;
      for (ObjectNode entry : others.values()) {
        if (!APPLY.equals(entry.path("operation").asText())) continue;
        if (!FieldSet.parse(entry.get("fieldsV1")).has(path)) continue;
        conflicts.computeIfAbsent(entry.path("manager").asText(), m -> new ArrayList<>()).add(path);
        count++;
      }
    }
    if (count == 0) return;
    if (!force) throw conflict(conflicts, count);
    for (var it = others.values().iterator(); it.hasNext(); ) {
      ObjectNode entry = it.next();
      List<List<String>> lost = APPLY.equals(entry.path("operation").asText())
          ? conflicts.get(entry.path("manager").asText()) : null;
      if (lost == null) continue;
      FieldSet remaining = FieldSet.parse(entry.get("fieldsV1")).minus(new FieldSet(new HashSet<>(lost)));
      if (remaining.isEmpty()) it.remove();
      else entry.set("fieldsV1", remaining.toFieldsV1());
    }
  }

  /** The conflict Status Kubernetes answers an apply with; kubectl prints its message as is. */
  private static StatusException conflict(Map<String, List<List<String>>> conflicts, int count) {
    List<Cause> causes = new ArrayList<>();
    conflicts.forEach((owner, paths) -> paths.forEach(path ->
        causes.add(new Cause("FieldManagerConflict", "conflict with \"" + owner + "\"", FieldSet.describe(path)))));
    String message;
    if (count == 1) {
      Cause only = causes.get(0);
      message = "Apply failed with 1 conflict: " + only.message() + ": " + only.field();
    } else {
      List<String> lines = new ArrayList<>();
      conflicts.forEach((owner, paths) -> {
        lines.add("conflicts with \"" + owner + "\":");
        paths.forEach(path -> lines.add("- " + FieldSet.describe(path)));
      });
      message = "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    }
    return new StatusException(409, "Conflict", message, null, null, null, causes);
  }

  /**
   * The managedFields to store: the other entries as they were (less any a forced apply emptied),
   * with this manager's Apply entry for {@code fieldsV1} where it was, or last.
   */
  ArrayNode withApply(ObjectNode fieldsV1, String apiVersion, String time) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("manager", manager);
    entry.put("operation", APPLY);
    entry.put("apiVersion", apiVersion);
    entry.put("time", time);
    entry.put("fieldsType", "FieldsV1");
    entry.set("fieldsV1", fieldsV1);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    boolean placed = false;
    for (Map.Entry<Integer, ObjectNode> other : others.entrySet()) {
      if (!placed && ownPosition >= 0 && ownPosition < other.getKey()) {
        out.add(entry);
        placed = true;
      }
      out.add(other.getValue());
    }
    if (!placed) out.add(entry);
    return out;
  }
}
