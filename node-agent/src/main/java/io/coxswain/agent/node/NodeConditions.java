package io.coxswain.agent.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The four conditions kubelet maintains on its Node, with kubelet's reasons and messages word for
 * word (kubectl describe and alerting rules match on them). A condition whose status has not
 * changed keeps both timestamps from the stored Node, so recomputing the status of a healthy node
 * gives the stored object again and causes no write: the agent's liveness is its cluster
 * membership, not a heartbeat in the journal.
 */
final class NodeConditions {
  static final List<String> TYPES = List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

  /** DiskPressure when less than this share of the data directory's file system is free. */
  static final double DISK_FREE_THRESHOLD = 0.10;

  /** PIDPressure when more than this share of pid_max is in use. */
  static final double PID_USED_THRESHOLD = 0.90;

  private NodeConditions() {}

  /**
   * @param existing the stored Node's status.conditions, or null
   * @param runtimeProblem why the runtime cannot run pods; empty when it can
   */
  static List<ObjectNode> compute(MachineFacts.Usage usage, Optional<String> runtimeProblem, JsonNode existing,
      Instant now) {
    boolean memoryPressure = usage.memoryAvailableBytes() < NodeResources.MEMORY_EVICTION_THRESHOLD;
    // Zero totals mean "could not measure": no evidence of pressure.
    boolean diskPressure = usage.diskTotalBytes() > 0
        && usage.diskFreeBytes() < usage.diskTotalBytes() * DISK_FREE_THRESHOLD;
    boolean pidPressure = usage.pidMax() > 0 && usage.processes() > usage.pidMax() * PID_USED_THRESHOLD;
    return List.of(
        memoryPressure
            ? condition("MemoryPressure", "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")
            : condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        diskPressure
            ? condition("DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure")
            : condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        pidPressure
            ? condition("PIDPressure", "True", "KubeletHasInsufficientPID", "kubelet has insufficient PID available")
            : condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        runtimeProblem.isPresent()
            ? condition("Ready", "False", "KubeletNotReady", runtimeProblem.get())
            : condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"))
        .stream().map(c -> stamp(c, existing, now)).toList();
  }

  /** The stored Node's conditions with ours put in place of their namesakes, others kept (e.g. NetworkUnavailable). */
  static ArrayNode merge(JsonNode existing, List<ObjectNode> ours) {
    ArrayNode merged = Json.MAPPER.createArrayNode();
    if (existing != null) {
      for (JsonNode c : existing) {
        if (!TYPES.contains(c.path("type").asText())) merged.add(c.deepCopy());
      }
    }
    ours.forEach(merged::add);
    return merged;
  }

  /** Same type, status, reason and message; timestamps are not compared. */
  static boolean sameState(JsonNode a, JsonNode b) {
    for (String f : List.of("type", "status", "reason", "message")) {
      if (!a.path(f).asText("").equals(b.path(f).asText(""))) return false;
    }
    return true;
  }

  static Optional<JsonNode> ofType(JsonNode conditions, String type) {
    if (conditions != null) {
      for (JsonNode c : conditions) {
        if (type.equals(c.path("type").asText())) return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static ObjectNode condition(String type, String status, String reason, String message) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", type).put("status", status);
    c.putNull("lastHeartbeatTime");
    c.putNull("lastTransitionTime");
    return c.put("reason", reason).put("message", message);
  }

  private static ObjectNode stamp(ObjectNode c, JsonNode existing, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    Optional<JsonNode> old = ofType(existing, c.path("type").asText());
    boolean unchanged = old.isPresent() && old.get().path("status").asText("").equals(c.path("status").asText());
    c.put("lastHeartbeatTime", unchanged ? textOr(old.get(), "lastHeartbeatTime", time) : time);
    c.put("lastTransitionTime", unchanged ? textOr(old.get(), "lastTransitionTime", time) : time);
    return c;
  }

  private static String textOr(JsonNode node, String field, String fallback) {
    String v = node.path(field).asText("");
    return v.isEmpty() ? fallback : v;
  }
}
