package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pragmatic server-side apply ({@code application/apply-patch+yaml}): the applied configuration is
 * merged into the live object with the strategic-merge rules of {@link PatchMeta} (lists merge by
 * their merge key, maps with a retainKeys strategy keep only the keys the configuration sets), but
 * {@code null} means "no opinion". Ownership is tracked as Kubernetes does for appliers: the
 * manager's {@code Apply} entry in {@code metadata.managedFields} lists the fields its configuration
 * set, a field it applied before and no longer applies is removed unless another manager owns it,
 * and setting a field another applier owns to a different value is a conflict unless forced.
 * Updates by other means are not tracked as owners.
 */
public final class ServerSideApply {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Top-level parts an object always has, even when empty (Go omits only empty maps and lists). */
  private static final Set<List<String>> STRUCTS = Set.of(List.of("f:metadata"), List.of("f:spec"), List.of("f:status"));

  private final ResourceType type;

  private ServerSideApply(ResourceType type) {
    this.type = type;
  }

  /**
   * The object after applying {@code applied}; a copy of {@code applied} when there is no live
   * object yet. Neither argument is changed.
   */
  public static ObjectNode apply(ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager) {
    return apply(live, applied, type, fieldManager, false);
  }

  /**
   * As {@link #apply(ObjectNode, ObjectNode, ResourceType, String)}; {@code force} takes fields
   * another manager applied instead of refusing the apply with a conflict.
   */
  public static ObjectNode apply(
      ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager, boolean force) {
    return apply(live, applied, type, fieldManager, force, Clock.systemUTC());
  }

  static ObjectNode apply(ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager, Clock clock) {
    return apply(live, applied, type, fieldManager, false, clock);
  }

  static ObjectNode apply(
      ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager, boolean force, Clock clock) {
    if (applied == null) throw StatusException.badRequest("an apply configuration must be a JSON object");
    ServerSideApply ssa = new ServerSideApply(type);
    ObjectNode result = live == null ? NODES.objectNode() : live.deepCopy();
    if (fieldManager == null || fieldManager.isEmpty()) {
      ssa.mergeMap(result, applied, "");
      return result;
    }
    ObjectNode fieldsV1 = FieldSetV1.of(applied, type);
    FieldSet wanted = FieldSet.parse(fieldsV1);
    FieldManagers managers = FieldManagers.of(result, fieldManager);
    managers.resolveConflicts(result, applied, wanted, force);
    FieldSet kept = wanted.union(managers.ownedByOthers());
    removeFields(result, managers.previous().minus(kept), kept);
    ssa.mergeMap(result, applied, "");
    String apiVersion = applied.path("apiVersion").asText("");
    if (apiVersion.isEmpty() && type != null) apiVersion = type.apiVersion();
    String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    JsonNode metadata = result.get("metadata");
    ObjectNode meta = metadata instanceof ObjectNode o ? o : result.putObject("metadata");
    meta.set("managedFields", managers.withApply(fieldsV1, apiVersion, time));
    return result;
  }

  /**
   * Removes the fields the manager gave up: each goes with everything below it unless someone still
   * owns a field there, an item that stays keeps its merge key, and a map or list left empty by a removal goes too unless it is owned.
   */
  private static void removeFields(ObjectNode obj, FieldSet dropped, FieldSet kept) {
    List<List<String>> paths = new ArrayList<>(dropped.members());
    paths.sort(Comparator.comparingInt(List::size));
    for (List<String> path : paths) {
      if (kept.hasBelow(path) || FieldSet.isKeyField(path) || !FieldSet.remove(obj, path)) continue;
      for (List<String> parent = path.subList(0, path.size() - 1);
          !parent.isEmpty() && !kept.has(parent) && !STRUCTS.contains(parent);
          parent = parent.subList(0, parent.size() - 1)) {
        JsonNode container = FieldSet.find(obj, parent);
        if (container == null || !container.isContainerNode() || !container.isEmpty()) break;
        FieldSet.remove(obj, parent);
      }
    }
  }

  private void mergeMap(ObjectNode target, ObjectNode applied, String path) {
    if (PatchMeta.lookup(type, path).retainKeys()) {
      Set<String> set = new HashSet<>();
      applied.fields().forEachRemaining(f -> {
        if (!f.getValue().isNull()) set.add(f.getKey());
      });
      target.retain(set);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() || key.startsWith("$") || isManagedFields(path, key)) continue;
      String childPath = StrategicMergePatch.child(path, key);
      JsonNode existing = target.get(key);
      if (value.isObject()) {
        ObjectNode base = existing instanceof ObjectNode o ? o : NODES.objectNode();
        mergeMap(base, (ObjectNode) value, childPath);
        target.set(key, base);
      } else if (value.isArray()) {
        ArrayNode base = existing instanceof ArrayNode a ? a : NODES.arrayNode();
        target.set(key, mergeList(base, (ArrayNode) value, childPath));
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }

  private ArrayNode mergeList(ArrayNode live, ArrayNode applied, String path) {
    FieldStrategy strategy = PatchMeta.lookup(type, path);
    if (!strategy.mergeList()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode element : applied) out.add(copyWithoutNulls(element, path));
      return out;
    }
    List<JsonNode> appliedItems = new ArrayList<>();
    for (JsonNode element : applied) {
      if (element.isNull()) continue;
      if (strategy.keyed() && (!element.isObject() || strategy.identity(element) == null)) {
        throw invalid(path, "list element " + element + " does not contain the merge key \"" + strategy.mergeKey() + "\"");
      }
      if (strategy.set() && element.isContainerNode()) {
        throw invalid(path, "list is a set of values and cannot hold " + element);
      }
      if (ElementOrder.indexOf(appliedItems, element, strategy) >= 0) {
        throw invalid(path, "duplicate entries for " + (strategy.keyed() ? strategy.mergeKey() + "=" : "")
            + strategy.identity(element));
      }
      appliedItems.add(element);
    }
    List<JsonNode> liveItems = new ArrayList<>();
    for (JsonNode element : live) {
      if (ElementOrder.indexOf(liveItems, element, strategy) < 0) liveItems.add(element);
    }
    return StrategicMergePatch.toArray(ElementOrder.applyOrder(liveItems, appliedItems, strategy, (current, wanted) -> {
      if (wanted == null) return current;
      if (current == null) return copyWithoutNulls(wanted, path);
      if (strategy.keyed() && current instanceof ObjectNode existing) {
        mergeMap(existing, (ObjectNode) wanted, path);
        return existing;
      }
      return current;
    }));
  }

  private static StatusException invalid(String path, String detail) {
    return StatusException.badRequest("invalid apply configuration at " + path + ": " + detail);
  }

  private JsonNode copyWithoutNulls(JsonNode value, String path) {
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      mergeMap(out, (ObjectNode) value, path);
      return out;
    }
    if (value.isArray()) return mergeList(NODES.arrayNode(), (ArrayNode) value, path);
    return value.deepCopy();
  }

  private static boolean isManagedFields(String path, String key) {
    return path.equals("metadata") && key.equals("managedFields");
  }
}
