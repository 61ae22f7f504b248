package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.write.ObjectWrites;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A Deployment's Available and Progressing conditions, as deploymentutil and the controller's
 * progress.go keep them: a condition's lastTransitionTime moves only when its status flips, its
 * lastUpdateTime whenever it is rewritten (for Progressing: on every step of a rollout, which is
 * what the progress deadline counts from).
 */
public final class DeploymentConditions {
  public static final String AVAILABLE = "Available";
  public static final String PROGRESSING = "Progressing";
  public static final String REPLICA_FAILURE = "ReplicaFailure";

  public static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
  public static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";
  public static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  public static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  public static final String RS_UPDATED = "ReplicaSetUpdated";
  public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  public static final String TIMED_OUT = "ProgressDeadlineExceeded";
  public static final String PAUSED = "DeploymentPaused";
  public static final String RESUMED = "DeploymentResumed";
  public static final String FAILED_RS_CREATE = "ReplicaSetCreateError";

  private static final int NO_DEADLINE = Integer.MAX_VALUE;

  private DeploymentConditions() {}

  public static ObjectNode condition(String type, String status, String reason, String message, Instant now) {
    String time = ObjectWrites.timestamp(now);
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", type).put("status", status).put("lastUpdateTime", time).put("lastTransitionTime", time)
        .put("reason", reason).put("message", message);
    return c;
  }

  public static JsonNode get(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) return c;
    }
    return null;
  }

  /**
   * SetDeploymentCondition: nothing changes when status and reason are the same; otherwise the
   * condition replaces the one of its type, keeping lastTransitionTime when the status did not flip.
   */
  public static void set(ObjectNode status, ObjectNode condition) {
    JsonNode current = get(status, condition.path("type").asText());
    if (current != null && current.path("status").equals(condition.path("status"))
        && current.path("reason").equals(condition.path("reason"))) {
      return;
    }
    if (current != null && current.path("status").equals(condition.path("status"))) {
      condition.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
    }
    remove(status, condition.path("type").asText());
    conditions(status).add(condition);
  }

  public static void remove(ObjectNode status, String type) {
    JsonNode existing = status.path("conditions");
    if (!existing.isArray()) return;
    ArrayNode kept = Json.MAPPER.createArrayNode();
    for (JsonNode c : existing) if (!type.equals(c.path("type").asText())) kept.add(c);
    if (kept.isEmpty()) status.remove("conditions");
    else status.set("conditions", kept);
  }

  private static ArrayNode conditions(ObjectNode status) {
    return status.path("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
  }

  public static boolean hasProgressDeadline(JsonNode deployment) {
    JsonNode s = deployment.path("spec").path("progressDeadlineSeconds");
    return s.isNumber() && s.asInt() != NO_DEADLINE;
  }

  /**
   * checkPausedConditions: a paused Deployment says so in Progressing (Unknown, DeploymentPaused), a
   * resumed one says DeploymentResumed until the rollout moves again. Returns the new status, or
   * null when nothing changes. A timed-out rollout keeps its condition.
   */
  public static ObjectNode pausedOrResumed(JsonNode deployment, Instant now) {
    if (!hasProgressDeadline(deployment)) return null;
    JsonNode current = get(deployment.path("status"), PROGRESSING);
    if (current != null && TIMED_OUT.equals(current.path("reason").asText())) return null;
    boolean pausedShown = current != null && PAUSED.equals(current.path("reason").asText());
    boolean paused = deployment.path("spec").path("paused").asBoolean(false);
    ObjectNode status = statusCopy(deployment);
    if (paused && !pausedShown) {
      set(status, condition(PROGRESSING, "Unknown", PAUSED, "Deployment is paused", now));
    } else if (!paused && pausedShown) {
      set(status, condition(PROGRESSING, "Unknown", RESUMED, "Deployment is resumed", now));
    } else {
      return null;
    }
    return status;
  }

  /**
   * The Progressing condition after a rollout step (syncRolloutStatus): complete once every replica
   * is updated and available, progressing while updated, ready or available replicas grow or old
   * ones shrink, timed out once nothing moved for progressDeadlineSeconds. Changes {@code newStatus}.
   */
  public static void rollout(JsonNode deployment, ObjectNode newStatus, String newReplicaSet, Instant now) {
    if (!hasProgressDeadline(deployment)) {
      remove(newStatus, PROGRESSING);
      return;
    }
    JsonNode oldStatus = deployment.path("status");
    JsonNode current = get(oldStatus, PROGRESSING);
    boolean alreadyComplete = newStatus.path("replicas").asInt(0) == newStatus.path("updatedReplicas").asInt(0)
        && current != null && NEW_RS_AVAILABLE.equals(current.path("reason").asText());
    if (alreadyComplete) return;
    String subject = newReplicaSet != null ? "ReplicaSet \"" + newReplicaSet + "\"" : "Deployment \"" + name(deployment) + "\"";
    if (complete(deployment, newStatus)) {
      set(newStatus, condition(PROGRESSING, "True", NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
    } else if (progressing(deployment, newStatus)) {
      ObjectNode c = condition(PROGRESSING, "True", RS_UPDATED, subject + " is progressing.", now);
      if (current != null) {
        if ("True".equals(current.path("status").asText())) c.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
        remove(newStatus, PROGRESSING);
      }
      set(newStatus, c);
    } else if (timedOut(deployment, newStatus, now)) {
      set(newStatus, condition(PROGRESSING, "False", TIMED_OUT, subject + " has timed out progressing.", now));
    }
  }

  /** DeploymentComplete: every desired replica is updated and available, and the newest spec has been seen. */
  public static boolean complete(JsonNode deployment, JsonNode status) {
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    return status.path("updatedReplicas").asInt(0) == replicas
        && status.path("replicas").asInt(0) == replicas
        && status.path("availableReplicas").asInt(0) == replicas
        && status.path("observedGeneration").asLong(0) >= deployment.path("metadata").path("generation").asLong(0);
  }

  /** DeploymentProgressing: the new status moved forward from the stored one. */
  static boolean progressing(JsonNode deployment, JsonNode newStatus) {
    JsonNode old = deployment.path("status");
    int oldOld = old.path("replicas").asInt(0) - old.path("updatedReplicas").asInt(0);
    int newOld = newStatus.path("replicas").asInt(0) - newStatus.path("updatedReplicas").asInt(0);
    return newStatus.path("updatedReplicas").asInt(0) > old.path("updatedReplicas").asInt(0)
        || newOld < oldOld
        || newStatus.path("readyReplicas").asInt(0) > old.path("readyReplicas").asInt(0)
        || newStatus.path("availableReplicas").asInt(0) > old.path("availableReplicas").asInt(0);
  }

  /** DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds ago. */
  static boolean timedOut(JsonNode deployment, JsonNode newStatus, Instant now) {
    if (!hasProgressDeadline(deployment)) return false;
    JsonNode c = get(newStatus, PROGRESSING);
    if (c == null) return false;
    String reason = c.path("reason").asText();
    if (NEW_RS_AVAILABLE.equals(reason)) return false;
    if (TIMED_OUT.equals(reason)) return true;
    Instant from = time(c.path("lastUpdateTime"));
    return from != null && from.plusSeconds(deployment.path("spec").path("progressDeadlineSeconds").asLong()).isBefore(now);
  }

  /**
   * When to look at a stuck rollout again so it can time out (requeueStuckDeployment): null when it
   * is complete, timed out already or has no deadline.
   */
  public static Duration requeueForDeadline(JsonNode deployment, JsonNode newStatus, Instant now) {
    JsonNode c = get(newStatus, PROGRESSING);
    if (!hasProgressDeadline(deployment) || c == null) return null;
    if (complete(deployment, newStatus) || TIMED_OUT.equals(c.path("reason").asText())) return null;
    Instant from = time(c.path("lastUpdateTime"));
    if (from == null) return null;
    Duration after = Duration.between(now, from.plusSeconds(deployment.path("spec").path("progressDeadlineSeconds").asLong()));
    return after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusMillis(10);
  }

  private static Instant time(JsonNode t) {
    try {
      return Instant.parse(t.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String name(JsonNode obj) {
    return obj.path("metadata").path("name").asText();
  }

  static ObjectNode statusCopy(JsonNode deployment) {
    JsonNode s = deployment.path("status");
    return s.isObject() ? (ObjectNode) s.deepCopy() : Json.MAPPER.createObjectNode();
  }
}
