package io.coxswain.core.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectWritesStatusTest {
  static ObjectNode stored(io.coxswain.core.KindStrategy strategy, String kind) throws Exception {
    ObjectNode obj = (ObjectNode) Json.YAML.readTree("""
        apiVersion: apps/v1
        kind: %s
        metadata: {name: web, namespace: default}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: busybox}]}
        """.formatted(kind));
    return ObjectWrites.prepareCreate(strategy, obj, "u1", Instant.parse("2024-01-01T00:00:00Z"));
  }

  static ObjectNode statusWrite(ObjectNode stored) {
    ObjectNode incoming = stored.deepCopy();
    ((ObjectNode) incoming.get("metadata")).putObject("annotations").put("deployment.kubernetes.io/revision", "1");
    ((ObjectNode) incoming.get("status")).put("observedGeneration", 1);
    return incoming;
  }

  @Test
  void deploymentStatusWritesCarryAnnotationsWithoutBumpingTheGeneration() throws Exception {
    DeploymentStrategy strategy = new DeploymentStrategy();
    ObjectNode stored = stored(strategy, "Deployment");
    ObjectNode result = ObjectWrites.prepareUpdate(strategy, stored, statusWrite(stored), Subresource.STATUS);
    assertEquals("1", result.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
    assertEquals(1, result.path("metadata").path("generation").asInt());
    assertEquals(1, result.path("status").path("observedGeneration").asInt());
  }

  @Test
  void otherKindsKeepTheirAnnotationsOnStatusWrites() throws Exception {
    ReplicaSetStrategy strategy = new ReplicaSetStrategy();
    ObjectNode stored = stored(strategy, "ReplicaSet");
    ObjectNode result = ObjectWrites.prepareUpdate(strategy, stored, statusWrite(stored), Subresource.STATUS);
    assertEquals(true, result.path("metadata").path("annotations").isMissingNode());
  }
}
