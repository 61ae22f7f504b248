package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}), as kubectl
 * sends it for client-side apply, {@code set image}, {@code rollout restart} and
 * {@code kubectl patch}.
 *
 * <p>{@code null} deletes a field, maps merge recursively, lists merge or are replaced according to
 * {@link PatchMeta}, and the directives {@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} are applied and never
 * kept. Two deliberate differences from Kubernetes: {@code $patch: merge} is accepted as the
 * default it names instead of being refused, and values the patch adds where the live object has
 * nothing are cleaned of directives and nulls rather than copied verbatim.
 */
public final class StrategicMergePatch {
  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String SET_ELEMENT_ORDER = "$setElementOrder/";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResourceType type;

  private StrategicMergePatch(ResourceType type) {
    this.type = type;
  }

  /** Applies {@code patch} to a copy of {@code original}; neither argument is changed. */
  public static ObjectNode apply(ObjectNode original, JsonNode patch, ResourceType type) {
    if (patch == null || !patch.isObject()) {
      throw StatusException.badRequest("a strategic merge patch must be a JSON object");
    }
    ObjectNode target = original == null ? NODES.objectNode() : original.deepCopy();
    ObjectNode result = new StrategicMergePatch(type).mergeMap(target, (ObjectNode) patch, "");
    return result == null ? NODES.objectNode() : result;
  }

  /**
   * Merges {@code patch} into {@code target}, which is a private copy and may be changed. Returns the
   * merged map (usually {@code target} itself), or {@code null} when the patch deletes the map.
   */
  private ObjectNode mergeMap(ObjectNode target, ObjectNode patch, String path) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      switch (directive.asText("")) {
        case "replace" -> {
          return mergeMap(NODES.objectNode(), without(patch, PATCH), path);
        }
        case "delete" -> {
          return null;
        }
        case "merge" -> patch = without(patch, PATCH);
        default -> throw invalid(path, "unknown patch type " + directive + " in map; expected replace, delete or merge");
      }
    }

    JsonNode retainKeys = patch.get(RETAIN_KEYS);
    if (retainKeys != null) retainKeys(target, patch, retainKeys, path);

    Set<String> directiveLists = new LinkedHashSet<>();
    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.startsWith(SET_ELEMENT_ORDER)) {
        directiveLists.add(listName(key, SET_ELEMENT_ORDER, path));
      } else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        directiveLists.add(listName(key, DELETE_FROM_PRIMITIVE_LIST, path));
      } else if (key.startsWith("$") && !key.equals(RETAIN_KEYS)) {
        throw invalid(path, "unknown directive \"" + key + "\"");
      }
    }
    for (String list : directiveLists) mergeListWithDirectives(target, patch, list, path);

    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (key.startsWith("$") || directiveLists.contains(key)) continue;
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(key);
        continue;
      }
      JsonNode merged = mergeValue(target.get(key), value, child(path, key));
      if (merged == null) {
        target.remove(key);
      } else {
        target.set(key, merged);
      }
    }
    return target;
  }

  /** The merge of one patch value into the live value (which may be absent or of another type). */
  private JsonNode mergeValue(JsonNode live, JsonNode patch, String path) {
    if (patch.isObject()) {
      ObjectNode base = live instanceof ObjectNode o ? o : NODES.objectNode();
      return mergeMap(base, (ObjectNode) patch, path);
    }
    if (patch.isArray()) {
      ArrayNode base = live instanceof ArrayNode a ? a : NODES.arrayNode();
      FieldStrategy strategy = PatchMeta.infer(PatchMeta.lookup(type, path), null, null, patch);
      return mergeList(base, (ArrayNode) patch, path, strategy);
    }
    return patch.deepCopy();
  }

  private ArrayNode mergeList(ArrayNode live, ArrayNode patch, String path, FieldStrategy strategy) {
    if (strategy.keyed()) return mergeKeyedList(live, patch, path, strategy);
    if (strategy.set()) return mergeSet(live, patch, path, strategy);
    ArrayNode out = NODES.arrayNode();
    for (JsonNode element : patch) {
      if (element.isObject()) {
        if (element.size() == 1 && "replace".equals(element.path(PATCH).asText(null))) continue;
        ObjectNode cleaned = mergeMap(NODES.objectNode(), (ObjectNode) element, path);
        if (cleaned != null) out.add(cleaned);
      } else if (element.isArray()) {
        out.add(mergeList(NODES.arrayNode(), (ArrayNode) element, path, FieldStrategy.DEFAULT));
      } else {
        out.add(element.deepCopy());
      }
    }
    return out;
  }

  private ArrayNode mergeSet(ArrayNode live, ArrayNode patch, String path, FieldStrategy strategy) {
    List<JsonNode> merged = new ArrayList<>();
    for (JsonNode element : live) {
      if (ElementOrder.indexOf(merged, element, strategy) < 0) merged.add(element);
    }
    List<JsonNode> patchOrder = new ArrayList<>();
    for (JsonNode element : patch) {
      if (element.isContainerNode() || element.isNull()) {
        throw invalid(path, "list merges as a set of values and cannot hold " + element);
      }
      patchOrder.add(element);
      if (ElementOrder.indexOf(merged, element, strategy) < 0) merged.add(element.deepCopy());
    }
    return toArray(ElementOrder.normalize(merged, patchOrder, elements(live), strategy));
  }

  private ArrayNode mergeKeyedList(ArrayNode live, ArrayNode patch, String path, FieldStrategy strategy) {
    String mergeKey = strategy.mergeKey();
    List<JsonNode> merged = elements(live);
    List<ObjectNode> patchElements = new ArrayList<>();
    boolean replace = false;
    for (JsonNode element : patch) {
      if (!(element instanceof ObjectNode map)) {
        throw invalid(path, "list merges by \"" + mergeKey + "\" and cannot hold " + element);
      }
      JsonNode directive = map.get(PATCH);
      if (directive == null) {
        patchElements.add(map);
        continue;
      }
      switch (directive.asText("")) {
        case "delete" -> {
          JsonNode key = strategy.identity(map);
          if (key == null) throw missingMergeKey(path, map, mergeKey);
          merged.removeIf(existing -> FieldStrategy.sameValue(strategy.identity(existing), key));
        }
        case "replace" -> replace = true;
        case "merge" -> patchElements.add(without(map, PATCH));
        default -> throw invalid(path, "unknown patch type " + directive + " in list element " + map
            + "; expected replace, delete or merge");
      }
    }
    if (replace) {
      ArrayNode out = NODES.arrayNode();
      for (ObjectNode element : patchElements) {
        ObjectNode cleaned = mergeMap(NODES.objectNode(), element, path);
        if (cleaned != null) out.add(cleaned);
      }
      return out;
    }
    List<JsonNode> serverOrder = List.copyOf(merged);
    for (ObjectNode element : patchElements) {
      JsonNode key = strategy.identity(element);
      if (key == null) throw missingMergeKey(path, element, mergeKey);
      int at = ElementOrder.indexOf(merged, element, strategy);
      if (at >= 0) {
        JsonNode existing = merged.get(at);
        ObjectNode base = existing instanceof ObjectNode o ? o : NODES.objectNode();
        ObjectNode updated = mergeMap(base, element, path);
        if (updated == null) {
          merged.remove(at);
        } else {
          merged.set(at, updated);
        }
      } else {
        ObjectNode added = mergeMap(NODES.objectNode(), element, path);
        if (added != null) merged.add(added);
      }
    }
    return toArray(ElementOrder.normalize(merged, List.copyOf(patchElements), serverOrder, strategy));
  }

  /**
   * One list touched by {@code $setElementOrder/<list>} or {@code $deleteFromPrimitiveList/<list>}:
   * merges the patch's list (if any), orders the result as the directive says and drops deleted
   * values.
   */
  private void mergeListWithDirectives(ObjectNode target, ObjectNode patch, String list, String path) {
    String listPath = child(path, list);
    JsonNode order = patch.get(SET_ELEMENT_ORDER + list);
    JsonNode deletions = patch.get(DELETE_FROM_PRIMITIVE_LIST + list);
    JsonNode patchList = patch.get(list);
    if (order != null && !order.isArray()) {
      throw invalid(path, "invalid patch format of " + SET_ELEMENT_ORDER + list + ": must be a list");
    }
    if (deletions != null && !(deletions.isArray() && allScalars(deletions))) {
      throw invalid(path, "invalid patch format of " + DELETE_FROM_PRIMITIVE_LIST + list + ": must be a list of values");
    }
    if (patchList != null && patchList.isNull()) {
      target.remove(list);
      return;
    }
    if (patchList != null && !patchList.isArray()) {
      throw invalid(listPath, "must be a list when " + SET_ELEMENT_ORDER + " or " + DELETE_FROM_PRIMITIVE_LIST
          + " names it, got " + patchList);
    }
    FieldStrategy strategy = PatchMeta.infer(PatchMeta.lookup(type, listPath), order, deletions, patchList);
    JsonNode live = target.get(list);
    ArrayNode liveList = live instanceof ArrayNode a ? a : null;

    ArrayNode merged;
    if (patchList != null) {
      merged = mergeList(liveList == null ? NODES.arrayNode() : liveList, (ArrayNode) patchList, listPath, strategy);
    } else if (liveList != null) {
      merged = liveList;
    } else {
      return;
    }
    if (order != null && strategy.mergeList()) {
      List<JsonNode> orderList = elements((ArrayNode) order);
      validateOrder(listPath, orderList, patchList, strategy, list);
      List<JsonNode> serverOrder = liveList == null ? List.of() : elements(liveList);
      merged = toArray(ElementOrder.normalize(elements(merged), orderList, serverOrder, strategy));
    }
    if (deletions != null) {
      ArrayNode kept = NODES.arrayNode();
      for (JsonNode element : merged) {
        boolean deleted = false;
        for (JsonNode gone : deletions) deleted |= FieldStrategy.sameValue(element, gone);
        if (!deleted) kept.add(element);
      }
      merged = kept;
    }
    target.set(list, merged);
  }

  /** Kubernetes refuses a patch whose list names items in another order than its $setElementOrder. */
  private static void validateOrder(
      String listPath, List<JsonNode> order, JsonNode patchList, FieldStrategy strategy, String list) {
    if (strategy.keyed()) {
      for (JsonNode entry : order) {
        if (strategy.identity(entry) == null) {
          throw invalid(listPath, "invalid patch format of " + SET_ELEMENT_ORDER + list + ": entry " + entry
              + " has no merge key \"" + strategy.mergeKey() + "\"");
        }
      }
    }
    if (patchList == null || order.isEmpty()) return;
    int o = 0;
    for (JsonNode element : patchList) {
      if (element.isObject() && element.has(PATCH)) continue;
      while (o < order.size() && !strategy.sameElement(order.get(o), element)) o++;
      if (o == order.size()) {
        throw invalid(listPath, "the order in patch list " + patchList + " doesn't match "
            + SET_ELEMENT_ORDER + list + " list " + order);
      }
      o++;
    }
  }

  private static void retainKeys(ObjectNode target, ObjectNode patch, JsonNode retainKeys, String path) {
    if (!retainKeys.isArray() || !allStrings(retainKeys)) {
      throw invalid(path, "invalid patch format of " + RETAIN_KEYS + ": must be a list of field names");
    }
    Set<String> retained = new HashSet<>();
    retainKeys.forEach(k -> retained.add(k.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (key.startsWith("$") || field.getValue().isNull()) continue;
      if (!retained.contains(key)) {
        throw invalid(path, "patch content doesn't match " + RETAIN_KEYS + " list: \"" + key
            + "\" is set but not retained");
      }
    }
    target.retain(retained);
  }

  private static String listName(String key, String prefix, String path) {
    String name = key.substring(prefix.length());
    if (name.isEmpty() || name.startsWith("$")) {
      throw invalid(path, "invalid directive \"" + key + "\": it must name a list field");
    }
    return name;
  }

  private static ObjectNode without(ObjectNode map, String key) {
    ObjectNode copy = map.deepCopy();
    copy.remove(key);
    return copy;
  }

  private static boolean allScalars(JsonNode list) {
    for (JsonNode v : list) {
      if (v.isContainerNode() || v.isNull()) return false;
    }
    return true;
  }

  private static boolean allStrings(JsonNode list) {
    for (JsonNode v : list) {
      if (!v.isTextual()) return false;
    }
    return true;
  }

  static List<JsonNode> elements(ArrayNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.forEach(out::add);
    return out;
  }

  static ArrayNode toArray(List<JsonNode> elements) {
    ArrayNode out = NODES.arrayNode();
    elements.forEach(out::add);
    return out;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static StatusException missingMergeKey(String path, JsonNode element, String mergeKey) {
    return invalid(path, "list element " + element + " does not contain declared merge key \"" + mergeKey + "\"");
  }

  private static StatusException invalid(String path, String detail) {
    String where = path.isEmpty() ? "" : " at " + path;
    return StatusException.badRequest("invalid strategic merge patch" + where + ": " + detail);
  }
}
