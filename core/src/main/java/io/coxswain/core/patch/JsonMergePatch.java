package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386, {@code application/merge-patch+json}), what {@code kubectl label},
 * {@code annotate} and {@code scale} send: {@code null} deletes, objects merge recursively,
 * anything else (lists included) replaces.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /** The patched document; {@code target} and {@code patch} are left unchanged. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch == null ? target == null ? null : target.deepCopy() : patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    mergeInto(result, (ObjectNode) patch);
    return result;
  }

  private static void mergeInto(ObjectNode result, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        result.remove(field.getKey());
      } else if (value.isObject()) {
        JsonNode existing = result.get(field.getKey());
        ObjectNode base = existing instanceof ObjectNode o ? o : result.objectNode();
        mergeInto(base, (ObjectNode) value);
        result.set(field.getKey(), base);
      } else {
        result.set(field.getKey(), value.deepCopy());
      }
    }
  }
}
