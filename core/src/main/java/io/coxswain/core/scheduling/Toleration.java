package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;

/** A pod's toleration of node taints ({@code core/v1 Toleration}). */
public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {
  /** A {@code Toleration} as the API gives it (operator defaults to Equal). */
  public static Toleration of(JsonNode t) {
    return new Toleration(t.path("key").asText(""), t.path("operator").asText("Equal"), t.path("value").asText(""),
        t.path("effect").asText(""), t.path("tolerationSeconds").isNumber() ? t.path("tolerationSeconds").asLong() : null);
  }

  /** As {@code v1.Toleration.ToleratesTaint}: an empty key with Exists tolerates every key. */
  public boolean tolerates(Taint taint) {
    if (!effect.isEmpty() && !effect.equals(taint.effect())) return false;
    if (!key.isEmpty() && !key.equals(taint.key())) return false;
    return switch (operator) {
      case "Exists" -> true;
      case "Equal", "" -> value.equals(taint.value());
      default -> false;
    };
  }
}
