package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What controllers read from a Pod's status: active, ready, available (podutil in Kubernetes). */
public final class PodConditions {
  private PodConditions() {}

  /** Neither finished (Succeeded/Failed) nor being deleted: it counts toward replicas. */
  public static boolean isActive(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return !phase.equals("Succeeded") && !phase.equals("Failed")
        && pod.path("metadata").path("deletionTimestamp").isMissingNode();
  }

  public static boolean isReady(JsonNode pod) {
    JsonNode ready = condition(pod, "Ready");
    return ready != null && ready.path("status").asText().equals("True");
  }

  /** When the pod last turned Ready, or null when it is not ready. */
  public static Instant readySince(JsonNode pod) {
    JsonNode ready = condition(pod, "Ready");
    if (ready == null || !ready.path("status").asText().equals("True")) return null;
    try {
      return Instant.parse(ready.path("lastTransitionTime").asText());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** Ready for at least {@code minReadySeconds} at {@code now}. */
  public static boolean isAvailable(JsonNode pod, int minReadySeconds, Instant now) {
    Instant since = readySince(pod);
    if (since == null) return false;
    return minReadySeconds <= 0 || !since.plusSeconds(minReadySeconds).isAfter(now);
  }

  public static JsonNode condition(JsonNode pod, String type) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) return c;
    }
    return null;
  }
}
