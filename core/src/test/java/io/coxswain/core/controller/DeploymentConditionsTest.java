package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentConditionsTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  static ObjectNode deployment(String yaml) throws Exception {
    return (ObjectNode) Json.YAML.readTree(yaml);
  }

  @Test
  void rewritingAConditionKeepsItsTransitionTimeUnlessTheStatusFlips() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    DeploymentConditions.set(status, DeploymentConditions.condition("Progressing", "True", "A", "m", T0));
    DeploymentConditions.set(status, DeploymentConditions.condition("Progressing", "True", "B", "m", T0.plusSeconds(5)));
    JsonNode c = DeploymentConditions.get(status, "Progressing");
    assertEquals("B", c.path("reason").asText());
    assertEquals("2024-05-01T10:00:00Z", c.path("lastTransitionTime").asText());
    assertEquals("2024-05-01T10:00:05Z", c.path("lastUpdateTime").asText());
    DeploymentConditions.set(status, DeploymentConditions.condition("Progressing", "False", "C", "m", T0.plusSeconds(9)));
    assertEquals("2024-05-01T10:00:09Z", DeploymentConditions.get(status, "Progressing").path("lastTransitionTime").asText());
    assertEquals(1, status.path("conditions").size());
  }

  @Test
  void aCompleteRolloutSaysNewReplicaSetAvailable() throws Exception {
    ObjectNode d = deployment("""
        metadata: {name: web, generation: 2}
        spec: {replicas: 2, progressDeadlineSeconds: 600}
        status: {observedGeneration: 1, replicas: 3, updatedReplicas: 1, availableReplicas: 2}
        """);
    ReplicaSetSummary fresh = new ReplicaSetSummary("web-abc", "2", 2, 2, 2, 2, 2, 3);
    ObjectNode status = DeploymentStatus.calculate(d, List.of(fresh), fresh, T0);
    DeploymentConditions.rollout(d, status, "web-abc", T0);
    JsonNode p = DeploymentConditions.get(status, "Progressing");
    assertEquals("NewReplicaSetAvailable", p.path("reason").asText());
    assertEquals("ReplicaSet \"web-abc\" has successfully progressed.", p.path("message").asText());
    assertEquals("MinimumReplicasAvailable", DeploymentConditions.get(status, "Available").path("reason").asText());
    assertEquals(2, status.path("observedGeneration").asInt());
    assertNull(status.get("unavailableReplicas"), "zero counts are left out");
    assertNull(DeploymentConditions.requeueForDeadline(d, status, T0));
  }

  @Test
  void aRolloutWithoutProgressTimesOutAfterTheDeadline() throws Exception {
    ObjectNode d = deployment("""
        metadata: {name: web, generation: 1}
        spec: {replicas: 2, progressDeadlineSeconds: 30}
        status:
          observedGeneration: 1
          replicas: 2
          updatedReplicas: 2
          conditions:
          - {type: Progressing, status: "True", reason: ReplicaSetUpdated, lastUpdateTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z"}
        """);
    ReplicaSetSummary fresh = new ReplicaSetSummary("web-abc", "2", 1, 2, 2, 0, 0, 3);
    ObjectNode early = DeploymentStatus.calculate(d, List.of(fresh), fresh, T0.plusSeconds(10));
    DeploymentConditions.rollout(d, early, "web-abc", T0.plusSeconds(10));
    assertEquals("ReplicaSetUpdated", DeploymentConditions.get(early, "Progressing").path("reason").asText());
    assertNotNull(DeploymentConditions.requeueForDeadline(d, early, T0.plusSeconds(10)));
    ObjectNode late = DeploymentStatus.calculate(d, List.of(fresh), fresh, T0.plusSeconds(31));
    DeploymentConditions.rollout(d, late, "web-abc", T0.plusSeconds(31));
    JsonNode p = DeploymentConditions.get(late, "Progressing");
    assertEquals("ProgressDeadlineExceeded", p.path("reason").asText());
    assertEquals("False", p.path("status").asText());
  }

  @Test
  void pausingAndResumingShowInProgressing() throws Exception {
    ObjectNode d = deployment("spec: {paused: true, progressDeadlineSeconds: 600}\nstatus: {}");
    ObjectNode paused = DeploymentConditions.pausedOrResumed(d, T0);
    assertEquals("DeploymentPaused", DeploymentConditions.get(paused, "Progressing").path("reason").asText());
    assertEquals("Unknown", DeploymentConditions.get(paused, "Progressing").path("status").asText());
    d.set("status", paused);
    assertNull(DeploymentConditions.pausedOrResumed(d, T0), "already shown");
    ((ObjectNode) d.get("spec")).put("paused", false);
    assertEquals("DeploymentResumed",
        DeploymentConditions.get(DeploymentConditions.pausedOrResumed(d, T0), "Progressing").path("reason").asText());
  }
}
