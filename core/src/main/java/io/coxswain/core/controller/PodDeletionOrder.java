package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.time.Instant;
import java.util.Comparator;

/**
 * Which pods a scale-down removes first (controller.ActivePods in Kubernetes): unscheduled before
 * scheduled, pending before unknown before running, not ready before ready, ready for less time
 * before longer, more restarts before fewer, newer before older.
 */
public final class PodDeletionOrder {
  private PodDeletionOrder() {}

  public static final Comparator<JsonNode> FIRST_TO_DELETE = Comparator
      .comparingInt((JsonNode p) -> p.path("spec").path("nodeName").asText("").isEmpty() ? 0 : 1)
      .thenComparingInt(PodDeletionOrder::phaseRank)
      .thenComparingInt(p -> PodConditions.isReady(p) ? 1 : 0)
      .thenComparing(PodDeletionOrder::readySince, Comparator.reverseOrder())
      .thenComparing(PodDeletionOrder::restarts, Comparator.reverseOrder())
      .thenComparing(PodDeletionOrder::created, Comparator.reverseOrder());

  private static int phaseRank(JsonNode pod) {
    return switch (pod.path("status").path("phase").asText("Pending")) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }

  private static Instant readySince(JsonNode pod) {
    Instant since = PodConditions.readySince(pod);
    return since == null ? Instant.MAX : since;
  }

  private static int restarts(JsonNode pod) {
    int max = 0;
    for (JsonNode s : pod.path("status").path("containerStatuses")) max = Math.max(max, s.path("restartCount").asInt());
    return max;
  }

  private static Instant created(JsonNode pod) {
    String ts = Metadata.creationTimestamp(pod);
    try {
      return ts == null ? Instant.EPOCH : Instant.parse(ts);
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }
}
