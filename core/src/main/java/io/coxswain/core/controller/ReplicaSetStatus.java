package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * A ReplicaSet's status from its active pods (calculateStatus in Kubernetes' replica set controller),
 * and when it will next change on its own (a ready pod becoming available after minReadySeconds).
 */
public record ReplicaSetStatus(ObjectNode status, Duration nextAvailabilityChange) {

  public static ReplicaSetStatus compute(JsonNode rs, Collection<? extends JsonNode> activePods, Instant now) {
    int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
    Map<String, String> templateLabels = Metadata.stringMap(rs.path("spec").path("template").path("metadata").path("labels"));
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    Duration next = null;
    for (JsonNode pod : activePods) {
      Map<String, String> labels = Metadata.labels(pod);
      if (labels.entrySet().containsAll(templateLabels.entrySet())) fullyLabeled++;
      Instant since = PodConditions.readySince(pod);
      if (since == null) continue;
      ready++;
      Instant availableAt = since.plusSeconds(minReady);
      if (minReady <= 0 || !availableAt.isAfter(now)) {
        available++;
      } else {
        Duration wait = Duration.between(now, availableAt).plusMillis(10);
        if (next == null || wait.compareTo(next) < 0) next = wait;
      }
    }
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("replicas", activePods.size());
    // Kubernetes omits these when zero; a merge patch clears them with null.
    putOrClear(status, "fullyLabeledReplicas", fullyLabeled);
    putOrClear(status, "readyReplicas", ready);
    putOrClear(status, "availableReplicas", available);
    status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
    JsonNode conditions = rs.path("status").path("conditions");
    if (conditions.isArray() && !conditions.isEmpty()) status.set("conditions", conditions.deepCopy());
    return new ReplicaSetStatus(status, next);
  }

  /** Whether the stored status already says this (fields with zero values may be omitted there). */
  public boolean sameAs(JsonNode stored) {
    for (var it = status.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode have = stored.path(e.getKey());
      if (e.getValue().isNull()) {
        if (have.asLong(0) != 0) return false;
      } else if (e.getValue().isNumber()) {
        if (have.asLong(0) != e.getValue().asLong()) return false;
      } else if (!e.getValue().equals(have)) {
        return false;
      }
    }
    return true;
  }

  private static void putOrClear(ObjectNode status, String field, int value) {
    if (value == 0) status.putNull(field);
    else status.put(field, value);
  }
}
