package io.coxswain.core.patch;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The difference between two versions of an object, for audit: an RFC 6902 JSON Patch that turns
 * the older version into the newer one exactly, and a readable form of the same change, one line
 * per changed field ({@code ~ spec.replicas: 1 -> 3}, {@code + metadata.labels.tier: "web"},
 * {@code - spec.paused: true}). The readable form leaves out the fields every write changes
 * (resourceVersion, managedFields) so the lines say what the writer meant.
 */
public record ObjectDiff(ArrayNode patch, List<String> lines) {
  /**
   * Only add, remove and replace: moves and copies make a patch shorter but hide what a field
   * held before, which is what an auditor reads a diff for.
   */
  private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(
      DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_VALUE_ON_REMOVE);

  private static final List<String> NOISE = List.of("/metadata/resourceVersion", "/metadata/managedFields");
  private static final int MAX_VALUE_CHARS = 120;

  /** The change from {@code before} (null: nothing, as for a creation) to {@code after}. */
  public static ObjectDiff between(JsonNode before, JsonNode after) {
    JsonNode from = before == null ? JsonNodeFactory.instance.objectNode() : before;
    JsonNode patch = JsonDiff.asJson(from, after, FLAGS);
    List<String> lines = new ArrayList<>();
    for (JsonNode op : patch) {
      String path = op.path("path").asText();
      if (noise(path)) continue;
      String field = readable(path);
      switch (op.path("op").asText()) {
        case "add" -> lines.add("+ " + field + ": " + shown(op.get("value")));
        case "remove" -> lines.add("- " + field + ": " + shown(from.at(JsonPointer.compile(path))));
        case "replace" -> lines.add("~ " + field + ": " + shown(from.at(JsonPointer.compile(path))) + " -> "
            + shown(op.get("value")));
        default -> lines.add(op.path("op").asText() + " " + field);
      }
    }
    return new ObjectDiff((ArrayNode) patch, List.copyOf(lines));
  }

  private static boolean noise(String path) {
    for (String n : NOISE) {
      if (path.equals(n) || path.startsWith(n + "/")) return true;
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
      } else if (key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
        if (out.length() > 0) out.append('.');
        out.append(key);
      } else {
        out.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
      }
    }
    return out.toString();
  }

  private static String shown(JsonNode value) {
    if (value == null || value.isMissingNode()) return "<none>";
    String text = value.toString();
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
