package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.write.ObjectWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conditions a terminating namespace shows (the namespace controller's condition updater): every
 * type is always present, "False" with its all-well reason, or "True" with what still blocks the
 * deletion. A condition keeps its lastTransitionTime until its status flips.
 */
public final class NamespaceConditions {
  private NamespaceConditions() {}

  private record Kind(String type, String okReason, String okMessage) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
      new Kind("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
      new Kind("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
      new Kind("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
      new Kind("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"));

  /**
   * The conditions after one pass over the namespace's content.
   *
   * @param existing the namespace's status.conditions as stored (may be missing)
   * @param remaining objects left, by resource as Kubernetes names it ("pods.", "deployments.apps")
   * @param finalizers objects left, by each finalizer they still carry
   * @param failures why deletes failed, empty when none did
   */
  public static ArrayNode compute(JsonNode existing, Map<String, Integer> remaining, Map<String, Integer> finalizers,
      List<String> failures, Instant now) {
    String time = ObjectWrites.timestamp(now);
    ArrayNode out = Json.MAPPER.createArrayNode();
    // Conditions the controller does not own stay where they are.
    for (JsonNode c : existing) {
      if (KINDS.stream().noneMatch(k -> k.type().equals(c.path("type").asText()))) out.add(c.deepCopy());
    }
    for (Kind kind : KINDS) {
      ObjectNode wanted = switch (kind.type()) {
        case "NamespaceDeletionContentFailure" -> failures.isEmpty() ? null : condition(kind, "ContentDeletionFailed",
            "Failed to delete all resource types, " + failures.size() + " remaining: "
                + String.join(", ", failures.stream().sorted().toList()));
        case "NamespaceContentRemaining" -> remaining.isEmpty() ? null : condition(kind, "SomeResourcesRemain",
            "Some resources are remaining: " + summary(remaining, " has %d resource instances"));
        case "NamespaceFinalizersRemaining" -> finalizers.isEmpty() ? null : condition(kind, "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + summary(finalizers, " in %d resource instances"));
        default -> null;
      };
      if (wanted == null) {
        wanted = Json.MAPPER.createObjectNode();
        wanted.put("type", kind.type()).put("status", "False").put("reason", kind.okReason()).put("message", kind.okMessage());
      }
      JsonNode old = find(existing, kind.type());
      boolean sameStatus = old != null && old.path("status").asText().equals(wanted.path("status").asText());
      wanted.put("lastTransitionTime", sameStatus && old.hasNonNull("lastTransitionTime")
          ? old.path("lastTransitionTime").asText() : time);
      out.add(wanted);
    }
    return out;
  }

  private static ObjectNode condition(Kind kind, String reason, String message) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", kind.type()).put("status", "True").put("reason", reason).put("message", message);
    return c;
  }

  /** "a has 1 resource instances, b has 2 …", sorted so that repeated passes write the same text. */
  private static String summary(Map<String, Integer> counts, String format) {
    List<String> parts = new ArrayList<>();
    counts.forEach((what, n) -> {
      if (n > 0) parts.add(what + String.format(format, n));
    });
    parts.sort(null);
    return String.join(", ", parts);
  }

  private static JsonNode find(JsonNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (type.equals(c.path("type").asText())) return c;
    }
    return null;
  }
}
