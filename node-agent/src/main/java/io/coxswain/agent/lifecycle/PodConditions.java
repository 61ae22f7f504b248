package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The pod conditions kubelet owns (PodReadyToStartContainers, Initialized, Ready, ContainersReady),
 * with kubelet's reasons and messages, followed by PodScheduled and every condition someone else
 * set (readiness gates, DisruptionTarget…), kept as they are. A condition keeps its
 * lastTransitionTime while its status stays the same.
 */
final class PodConditions {
  private static final Set<String> OWNED = Set.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady");

  private PodConditions() {}

  /**
   * @param current the conditions the pod has in the store (readiness gates and others' conditions)
   * @param previous the conditions last computed, for lastTransitionTime
   */
  static ArrayNode build(JsonNode spec, List<JsonNode> initStatuses, List<JsonNode> statuses, String phase,
      boolean sandboxReady, JsonNode current, JsonNode previous, Instant now) {
    List<ObjectNode> out = new ArrayList<>();
    out.add(condition("PodReadyToStartContainers", sandboxReady, null, null));
    out.add(initialized(initStatuses, statuses, phase));
    ObjectNode containersReady = containersReady(statuses, phase);
    out.add(ready(spec, containersReady, current));
    out.add(containersReady);
    ArrayNode result = Json.MAPPER.createArrayNode();
    for (ObjectNode c : out) result.add(withTransitionTime(c, previous, now));
    JsonNode scheduled = find(current, "PodScheduled");
    result.add(scheduled != null ? scheduled.deepCopy() : withTransitionTime(condition("PodScheduled", true, null, null), previous, now));
    for (JsonNode c : current) {
      String type = c.path("type").asText();
      if (!OWNED.contains(type) && !type.equals("PodScheduled")) result.add(c.deepCopy());
    }
    return result;
  }

  private static ObjectNode initialized(List<JsonNode> initStatuses, List<JsonNode> statuses, String phase) {
    if (PodPhase.SUCCEEDED.equals(phase) && !initStatuses.isEmpty()) return condition("Initialized", true, "PodCompleted", null);
    boolean regularStarted = statuses.stream().anyMatch(s -> s.path("state").has("running")
        || s.path("state").has("terminated") || s.path("lastState").has("terminated"));
    if (regularStarted) return condition("Initialized", true, null, null);
    List<String> incomplete = new ArrayList<>();
    for (JsonNode s : initStatuses) if (!s.path("ready").asBoolean()) incomplete.add(s.path("name").asText());
    if (incomplete.isEmpty()) return condition("Initialized", true, null, null);
    return condition("Initialized", false, "ContainersNotInitialized", "containers with incomplete status: " + goList(incomplete));
  }

  private static ObjectNode containersReady(List<JsonNode> statuses, String phase) {
    if (PodPhase.SUCCEEDED.equals(phase)) return condition("ContainersReady", false, "PodCompleted", null);
    List<String> unready = new ArrayList<>();
    for (JsonNode s : statuses) if (!s.path("ready").asBoolean()) unready.add(s.path("name").asText());
    if (unready.isEmpty()) return condition("ContainersReady", true, null, null);
    return condition("ContainersReady", false, "ContainersNotReady", "containers with unready status: " + goList(unready));
  }

  /** Ready is ContainersReady, further held back by readiness gates whose conditions are not True. */
  private static ObjectNode ready(JsonNode spec, ObjectNode containersReady, JsonNode current) {
    if (!"True".equals(containersReady.path("status").asText())) {
      return condition("Ready", false, text(containersReady, "reason"), text(containersReady, "message"));
    }
    List<String> unready = new ArrayList<>();
    for (JsonNode gate : spec.path("readinessGates")) {
      String type = gate.path("conditionType").asText();
      JsonNode c = find(current, type);
      if (c == null) {
        unready.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
      } else if (!"True".equals(c.path("status").asText())) {
        unready.add("the status of pod readiness gate \"" + type + "\" is not \"True\", but " + c.path("status").asText());
      }
    }
    if (unready.isEmpty()) return condition("Ready", true, null, null);
    return condition("Ready", false, "ReadinessGatesNotReady", String.join(", ", unready));
  }

  private static ObjectNode condition(String type, boolean status, String reason, String message) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", type);
    c.put("status", status ? "True" : "False");
    c.putNull("lastProbeTime");
    if (reason != null) c.put("reason", reason);
    if (message != null) c.put("message", message);
    return c;
  }

  private static ObjectNode withTransitionTime(ObjectNode c, JsonNode previous, Instant now) {
    JsonNode before = find(previous, c.path("type").asText());
    boolean same = before != null && before.path("status").asText().equals(c.path("status").asText())
        && before.path("lastTransitionTime").isTextual();
    String time = same ? before.path("lastTransitionTime").asText() : Rfc3339.format(now);
    // Kubernetes' field order: type, status, lastProbeTime, lastTransitionTime, reason, message.
    ObjectNode ordered = Json.MAPPER.createObjectNode();
    ordered.set("type", c.get("type"));
    ordered.set("status", c.get("status"));
    ordered.set("lastProbeTime", c.get("lastProbeTime"));
    ordered.put("lastTransitionTime", time);
    if (c.has("reason")) ordered.set("reason", c.get("reason"));
    if (c.has("message")) ordered.set("message", c.get("message"));
    return ordered;
  }

  private static JsonNode find(JsonNode conditions, String type) {
    if (conditions == null) return null;
    for (JsonNode c : conditions) if (type.equals(c.path("type").asText())) return c;
    return null;
  }

  private static String text(JsonNode n, String field) {
    return n.has(field) ? n.path(field).asText() : null;
  }

  /** Go's %s of a []string: "[a b]". */
  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }
}
