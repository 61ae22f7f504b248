package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetStatusTest {
  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  static ObjectNode rs(int minReadySeconds) {
    ObjectNode rs = Json.MAPPER.createObjectNode();
    rs.putObject("metadata").put("name", "web").put("generation", 4);
    ObjectNode spec = rs.putObject("spec");
    spec.put("minReadySeconds", minReadySeconds);
    spec.putObject("template").putObject("metadata").putObject("labels").put("app", "web").put("tier", "front");
    return rs;
  }

  static ObjectNode pod(String name, Instant readySince, String... labels) {
    ObjectNode pod = Json.MAPPER.createObjectNode();
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", name).put("creationTimestamp", "2026-12-03T09:00:00Z");
    ObjectNode l = meta.putObject("labels");
    for (int i = 0; i < labels.length; i += 2) l.put(labels[i], labels[i + 1]);
    ObjectNode status = pod.putObject("status");
    status.put("phase", readySince == null ? "Pending" : "Running");
    if (readySince != null) {
      status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
          .put("lastTransitionTime", readySince.toString());
    }
    return pod;
  }

  @Test
  void countsFullyLabeledReadyAndAvailablePods() {
    List<JsonNode> pods = List.of(
        pod("a", NOW.minusSeconds(60), "app", "web", "tier", "front"),
        pod("b", NOW.minusSeconds(5), "app", "web", "tier", "front"),
        pod("c", null, "app", "web"));
    ReplicaSetStatus s = ReplicaSetStatus.compute(rs(10), pods, NOW);
    assertEquals(3, s.status().path("replicas").asInt());
    assertEquals(2, s.status().path("fullyLabeledReplicas").asInt());
    assertEquals(2, s.status().path("readyReplicas").asInt());
    assertEquals(1, s.status().path("availableReplicas").asInt(), "b is ready but not yet for minReadySeconds");
    assertEquals(4, s.status().path("observedGeneration").asInt());
    assertEquals(Duration.ofMillis(5_010), s.nextAvailabilityChange(), "b becomes available in 5 s");
  }

  @Test
  void zeroCountsAreClearedAndCompareEqualToMissingFields() {
    ReplicaSetStatus s = ReplicaSetStatus.compute(rs(0), List.of(pod("a", null, "app", "web")), NOW);
    assertTrue(s.status().path("readyReplicas").isNull(), "a merge patch must clear a stale count");
    assertNull(s.nextAvailabilityChange());
    ObjectNode stored = Json.MAPPER.createObjectNode().put("replicas", 1).put("observedGeneration", 4);
    assertTrue(s.sameAs(stored), "omitted zero counts equal computed zeros");
    stored.put("readyReplicas", 2);
    assertFalse(s.sameAs(stored), "a stale ready count must be rewritten");
    stored.remove("readyReplicas");
    stored.put("observedGeneration", 3);
    assertFalse(s.sameAs(stored));
  }

  @Test
  void scaleDownRemovesUnscheduledThenPendingThenNotReadyThenNewestFirst() {
    ObjectNode unscheduled = pod("unscheduled", null);
    ObjectNode pending = pod("pending", null);
    pending.putObject("spec").put("nodeName", "n1");
    ObjectNode readyOld = pod("ready-old", NOW.minusSeconds(600));
    readyOld.putObject("spec").put("nodeName", "n1");
    ObjectNode readyNew = pod("ready-new", NOW.minusSeconds(60));
    readyNew.putObject("spec").put("nodeName", "n1");
    List<JsonNode> pods = new ArrayList<>(List.of(readyOld, readyNew, pending, unscheduled));
    pods.sort(PodDeletionOrder.FIRST_TO_DELETE);
    assertEquals(List.of("unscheduled", "pending", "ready-new", "ready-old"),
        pods.stream().map(p -> p.path("metadata").path("name").asText()).toList());
  }
}
