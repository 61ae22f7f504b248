package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.ResourceType;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code FieldsV1} form of the fields an apply configuration sets, as Kubernetes writes it in
 * managedFields: {@code f:<field>} for fields, {@code k:{"name":"web"}} for list items with a merge
 * key (with {@code "."} for the item itself), {@code v:<value>} for members of a set.
 */
final class FieldSetV1 {
  /** Identity and server-set metadata: Kubernetes does not list them as owned. */
  private static final Set<String> UNOWNED_METADATA =
      Set.of("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
          "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");

  private FieldSetV1() {}

  static ObjectNode of(ObjectNode applied, ResourceType type) {
    return map(applied, "", type);
  }

  private static ObjectNode map(ObjectNode obj, String path, ResourceType type) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() || key.startsWith("$")) continue;
      if (path.isEmpty() && (key.equals("apiVersion") || key.equals("kind"))) continue;
      if (path.equals("metadata") && UNOWNED_METADATA.contains(key)) continue;
      String childPath = StrategicMergePatch.child(path, key);
      if (path.isEmpty() && key.equals("metadata") && value.isObject()) {
        ObjectNode meta = map((ObjectNode) value, childPath, type);
        if (!meta.isEmpty()) out.set("f:metadata", meta);
        continue;
      }
      out.set("f:" + key, value(value, childPath, type));
    }
    return out;
  }

  private static ObjectNode value(JsonNode value, String path, ResourceType type) {
    if (value.isObject()) return map((ObjectNode) value, path, type);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (!value.isArray()) return out;
    FieldStrategy strategy = PatchMeta.lookup(type, path);
    if (!strategy.mergeList()) return out;
    for (JsonNode element : value) {
      if (strategy.set() && element.isValueNode() && !element.isNull()) {
        out.putObject("v:" + element);
      } else if (strategy.keyed() && element.isObject() && strategy.identity(element) != null) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set(strategy.mergeKey(), strategy.identity(element));
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.putObject(".");
        item.setAll(map((ObjectNode) element, path, type));
        out.set("k:" + key, item);
      }
    }
    return out;
  }
}
