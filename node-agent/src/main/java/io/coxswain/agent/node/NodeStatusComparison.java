package io.coxswain.agent.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the status parts the agent owns differ between the stored and the desired Node.
 * Quantities compare by value ("1Gi" equals "1024Mi"), conditions by state but not timestamps,
 * and status fields the agent does not set (images, volumesInUse) are ignored.
 */
final class NodeStatusComparison {
  private static final List<String> OWNED_EXACT = List.of("addresses", "daemonEndpoints", "nodeInfo");

  private NodeStatusComparison() {}

  static boolean differs(JsonNode existing, JsonNode desired) {
    for (String field : List.of("capacity", "allocatable")) {
      if (!sameQuantities(existing.path(field), desired.path(field))) return true;
    }
    for (String field : OWNED_EXACT) {
      if (!existing.path(field).equals(desired.path(field))) return true;
    }
    for (JsonNode wanted : desired.path("conditions")) {
      String type = wanted.path("type").asText();
      if (!NodeConditions.TYPES.contains(type)) continue;
      Optional<JsonNode> stored = NodeConditions.ofType(existing.path("conditions"), type);
      if (stored.isEmpty() || !NodeConditions.sameState(stored.get(), wanted)) return true;
    }
    return false;
  }

  private static boolean sameQuantities(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) return false;
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Optional<BigDecimal> old = ResourceQuantity.parse(a.get(e.getKey()));
      Optional<BigDecimal> now = ResourceQuantity.parse(e.getValue());
      if (old.isEmpty() || now.isEmpty() || old.get().compareTo(now.get()) != 0) return false;
    }
    return true;
  }
}
