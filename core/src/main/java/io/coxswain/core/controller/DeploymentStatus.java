package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.kinds.SemanticEquality;
import java.time.Instant;
import java.util.List;

/**
 * A Deployment's status from its ReplicaSets (calculateStatus in Kubernetes' deployment
 * controller): counts summed over all of them, updatedReplicas from the new one, and the Available
 * condition against spec.replicas - maxUnavailable. Zero counts are left out, as Go's omitempty does.
 */
public final class DeploymentStatus {
  private static final List<String> COUNTS =
      List.of("replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas");

  private DeploymentStatus() {}

  public static ObjectNode calculate(JsonNode deployment, List<ReplicaSetSummary> all, ReplicaSetSummary newRs, Instant now) {
    int available = 0;
    int total = 0;
    int actual = 0;
    int ready = 0;
    for (ReplicaSetSummary rs : all) {
      available += rs.availableReplicas();
      total += rs.replicas();
      actual += rs.statusReplicas();
      ready += rs.readyReplicas();
    }
    ObjectNode status = DeploymentConditions.statusCopy(deployment);
    COUNTS.forEach(status::remove);
    status.put("observedGeneration", deployment.path("metadata").path("generation").asLong(0));
    putCount(status, "replicas", actual);
    putCount(status, "updatedReplicas", newRs == null ? 0 : newRs.statusReplicas());
    putCount(status, "readyReplicas", ready);
    putCount(status, "availableReplicas", available);
    putCount(status, "unavailableReplicas", Math.max(0, total - available));
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    if (available >= replicas - RolloutFenceposts.of(deployment).maxUnavailable()) {
      DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "True",
          DeploymentConditions.MIN_AVAILABLE, "Deployment has minimum availability.", now));
    } else {
      DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "False",
          DeploymentConditions.MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now));
    }
    return status;
  }

  /** Whether two statuses say the same (absent, null and zero counts alike). */
  public static boolean same(JsonNode a, JsonNode b) {
    return SemanticEquality.equal(normalized(a), normalized(b));
  }

  /** The merge patch body for /status that turns any stored status into {@code status}: dropped counts become null. */
  public static ObjectNode patchBody(ObjectNode status) {
    ObjectNode body = status.deepCopy();
    for (String c : COUNTS) if (!body.has(c)) body.putNull(c);
    if (!body.has("conditions")) body.putNull("conditions");
    return body;
  }

  private static JsonNode normalized(JsonNode status) {
    if (!(status instanceof ObjectNode o)) return status;
    ObjectNode copy = o.deepCopy();
    for (String c : COUNTS) if (copy.path(c).asLong(0) == 0) copy.remove(c);
    return copy;
  }

  private static void putCount(ObjectNode status, String field, int value) {
    if (value != 0) status.put(field, value);
  }
}
