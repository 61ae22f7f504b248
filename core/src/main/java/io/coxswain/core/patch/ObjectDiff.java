package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The difference between two versions of an object, for audit: an RFC 6902 JSON Patch that turns
 * the older version into the newer one exactly, and a readable form of the same change, one line
 * per changed field ({@code ~ spec.replicas: 1 -> 3}, {@code + metadata.labels.tier: "web"},
 * {@code - spec.paused: true}). The readable form leaves out the fields every write changes
 * (resourceVersion, managedFields) so the lines say what the writer meant.
 *
 * <p>Only add, remove and replace: moves and copies make a patch shorter but hide what a field
 * held before, which is what an auditor reads a diff for. Lists are compared element by element
 * after their common start and end, not by longest common subsequence: the patch is exact either
 * way. The patch is built here rather than by a diff library because the readable form needs each
 * operation's old value, and a library's later operations address the document as the earlier
 * ones left it, not the version an auditor compares with.
 */
public record ObjectDiff(ArrayNode patch, List<String> lines) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> NOISE = List.of("/metadata/resourceVersion", "/metadata/managedFields");
  private static final int MAX_VALUE_CHARS = 120;

  /** The change from {@code before} (null: nothing, as for a creation) to {@code after}. */
  public static ObjectDiff between(JsonNode before, JsonNode after) {
    Builder b = new Builder();
    b.diff("", before == null ? NODES.objectNode() : before, after);
    return new ObjectDiff(b.patch, List.copyOf(b.lines));
  }

  private static final class Builder {
    final ArrayNode patch = NODES.arrayNode();
    final List<String> lines = new ArrayList<>();

    void diff(String path, JsonNode from, JsonNode to) {
      if (from.equals(to)) return;
      if (from.isObject() && to.isObject()) {
        objects(path, (ObjectNode) from, (ObjectNode) to);
      } else if (from.isArray() && to.isArray()) {
        arrays(path, (ArrayNode) from, (ArrayNode) to);
      } else {
        replace(path, from, to);
      }
    }

    private void objects(String path, ObjectNode from, ObjectNode to) {
      for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode other = to.get(f.getKey());
        String child = path + "/" + escape(f.getKey());
        if (other == null) remove(child, f.getValue());
        else diff(child, f.getValue(), other);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!from.has(f.getKey())) add(path + "/" + escape(f.getKey()), f.getValue());
      }
    }

    /**
     * Skips the common start and end, diffs the overlapping middle element by element, then removes
     * what is left of the old middle (from the end, so each index still names the original element)
     * or adds what is left of the new one (in order, each at the index it ends up at).
     */
    private void arrays(String path, ArrayNode from, ArrayNode to) {
      int n = from.size();
      int m = to.size();
      int start = 0;
      while (start < n && start < m && from.get(start).equals(to.get(start))) start++;
      int end = 0;
      while (end < n - start && end < m - start && from.get(n - 1 - end).equals(to.get(m - 1 - end))) end++;
      int oldMiddle = n - start - end;
      int newMiddle = m - start - end;
      int common = Math.min(oldMiddle, newMiddle);
      for (int k = 0; k < common; k++) diff(path + "/" + (start + k), from.get(start + k), to.get(start + k));
      for (int k = oldMiddle - 1; k >= common; k--) remove(path + "/" + (start + k), from.get(start + k));
      for (int k = common; k < newMiddle; k++) add(path + "/" + (start + k), to.get(start + k));
    }

    private void add(String path, JsonNode value) {
      patch.addObject().put("op", "add").put("path", path).set("value", value);
      if (!noise(path)) lines.add("+ " + readable(path) + ": " + shown(value));
    }

    private void remove(String path, JsonNode old) {
      patch.addObject().put("op", "remove").put("path", path);
      if (!noise(path)) lines.add("- " + readable(path) + ": " + shown(old));
    }

    private void replace(String path, JsonNode old, JsonNode value) {
      patch.addObject().put("op", "replace").put("path", path).set("value", value);
      if (!noise(path)) lines.add("~ " + readable(path) + ": " + shown(old) + " -> " + shown(value));
    }
  }

  private static String escape(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
  }

  private static boolean noise(String path) {
    for (String n : NOISE) {
      if (path.startsWith(n) && (path.length() == n.length() || path.charAt(n.length()) == '/')) return true;
    }
    return false;
  }

  /**
   * A JSON pointer as a dotted field path: {@code /spec/containers/0/image} becomes
   * {@code spec.containers[0].image}; keys with dots or slashes (labels, annotations) are quoted.
   */
  static String readable(String pointer) {
    if (pointer.isEmpty()) return "(object)";
    StringBuilder out = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String key = raw.replace("~1", "/").replace("~0", "~");
      if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
        out.append('[').append(key).append(']');
      } else if (isIdentifier(key)) {
        if (out.length() > 0) out.append('.');
        out.append(key);
      } else {
        out.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
      }
    }
    return out.toString();
  }

  private static boolean isIdentifier(String key) {
    if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) return false;
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) return false;
    }
    return true;
  }

  private static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
