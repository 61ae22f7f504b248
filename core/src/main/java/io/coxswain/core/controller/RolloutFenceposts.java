package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How far a rolling update may go above and below spec.replicas (deploymentutil.ResolveFenceposts,
 * MaxSurge, MaxUnavailable): percentages of the desired count, surge rounded up and unavailable
 * down; when both come out 0 one pod may be unavailable, or the rollout could never move.
 */
public record RolloutFenceposts(int maxSurge, int maxUnavailable) {

  public static final String ROLLING_UPDATE = "RollingUpdate";
  public static final String RECREATE = "Recreate";

  /** The fenceposts of a Deployment; both 0 for Recreate. maxUnavailable never exceeds spec.replicas. */
  public static RolloutFenceposts of(JsonNode deployment) {
    JsonNode spec = deployment.path("spec");
    if (!isRollingUpdate(deployment)) return new RolloutFenceposts(0, 0);
    int replicas = spec.path("replicas").asInt(1);
    JsonNode rollingUpdate = spec.path("strategy").path("rollingUpdate");
    RolloutFenceposts resolved = resolve(rollingUpdate.get("maxSurge"), rollingUpdate.get("maxUnavailable"), replicas);
    int unavailable = replicas == 0 ? 0 : Math.min(resolved.maxUnavailable(), replicas);
    return new RolloutFenceposts(resolved.maxSurge(), unavailable);
  }

  public static boolean isRollingUpdate(JsonNode deployment) {
    return ROLLING_UPDATE.equals(deployment.path("spec").path("strategy").path("type").asText(ROLLING_UPDATE));
  }

  /** ResolveFenceposts: the absolute surge and unavailability for {@code desired} replicas. */
  public static RolloutFenceposts resolve(JsonNode maxSurge, JsonNode maxUnavailable, int desired) {
    int surge = scaledValue(maxSurge, desired, true);
    int unavailable = scaledValue(maxUnavailable, desired, false);
    if (surge == 0 && unavailable == 0) unavailable = 1;
    return new RolloutFenceposts(surge, unavailable);
  }

  /** An int-or-percent as a count of {@code total} (intstr.GetScaledValueFromIntOrPercent); unset or unreadable is 0. */
  public static int scaledValue(JsonNode value, int total, boolean roundUp) {
    if (value == null || value.isNull() || value.isMissingNode()) return 0;
    if (value.isNumber()) return value.asInt();
    String s = value.asText();
    if (!s.endsWith("%")) return 0;
    try {
      long percent = Long.parseLong(s.substring(0, s.length() - 1));
      long scaled = percent * total;
      return (int) (roundUp ? -Math.floorDiv(-scaled, 100) : Math.floorDiv(scaled, 100));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
