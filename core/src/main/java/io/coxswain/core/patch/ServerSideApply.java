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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pragmatic server-side apply ({@code application/apply-patch+yaml}): the applied configuration is
 * merged into the live object with the strategic-merge rules of {@link PatchMeta} (lists merge by
 * their merge key, maps with a retainKeys strategy keep only the keys the configuration sets), but
 * nothing the configuration omits is removed and {@code null} means "no opinion". Field ownership is
 * not tracked, so there are no conflicts; the manager's {@code Apply} entry in
 * {@code metadata.managedFields} is recorded so clients see who applied what.
 */
public final class ServerSideApply {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResourceType type;

  private ServerSideApply(ResourceType type) {
    this.type = type;
  }

  /**
   * The object after applying {@code applied}; a copy of {@code applied} when there is no live
   * object yet. Neither argument is changed.
   */
  public static ObjectNode apply(ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager) {
    return apply(live, applied, type, fieldManager, Clock.systemUTC());
  }

  static ObjectNode apply(ObjectNode live, ObjectNode applied, ResourceType type, String fieldManager, Clock clock) {
    if (applied == null) throw StatusException.badRequest("an apply configuration must be a JSON object");
    ServerSideApply ssa = new ServerSideApply(type);
    ObjectNode result = live == null ? NODES.objectNode() : live.deepCopy();
    ssa.mergeMap(result, applied, "");
    if (fieldManager != null && !fieldManager.isEmpty()) {
      ssa.recordManager(result, applied, fieldManager, clock);
    }
    return result;
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

  /** Adds or refreshes this manager's Apply entry in metadata.managedFields. */
  private void recordManager(ObjectNode result, ObjectNode applied, String fieldManager, Clock clock) {
    ObjectNode entry = NODES.objectNode();
    entry.put("manager", fieldManager);
    entry.put("operation", "Apply");
    String apiVersion = applied.path("apiVersion").asText("");
    if (apiVersion.isEmpty() && type != null) apiVersion = type.apiVersion();
    entry.put("apiVersion", apiVersion);
    entry.put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    entry.put("fieldsType", "FieldsV1");
    entry.set("fieldsV1", FieldSetV1.of(applied, type));

    JsonNode metadata = result.get("metadata");
    ObjectNode meta = metadata instanceof ObjectNode o ? o : result.putObject("metadata");
    JsonNode existing = meta.get("managedFields");
    ArrayNode managed = NODES.arrayNode();
    boolean replaced = false;
    if (existing instanceof ArrayNode list) {
      for (JsonNode e : list) {
        boolean same = fieldManager.equals(e.path("manager").asText()) && "Apply".equals(e.path("operation").asText());
        if (same && !replaced) {
          managed.add(entry);
          replaced = true;
        } else if (!same) {
          managed.add(e);
        }
      }
    }
    if (!replaced) managed.add(entry);
    meta.set("managedFields", managed);
  }
}
