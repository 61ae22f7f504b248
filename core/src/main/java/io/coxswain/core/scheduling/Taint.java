package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A node taint ({@code core/v1 Taint}); effect is NoSchedule, PreferNoSchedule or NoExecute. */
public record Taint(String key, String value, String effect) {
  public static final String NO_SCHEDULE = "NoSchedule";
  public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
  public static final String NO_EXECUTE = "NoExecute";

  static List<Taint> of(JsonNode taints) {
    List<Taint> out = new ArrayList<>(taints.size());
    for (JsonNode t : taints) out.add(new Taint(t.path("key").asText(""), t.path("value").asText(""), t.path("effect").asText("")));
    return out;
  }

  /** Whether any of {@code tolerations} tolerates this taint. */
  public boolean toleratedBy(List<Toleration> tolerations) {
    for (Toleration t : tolerations) {
      if (t.tolerates(this)) return true;
    }
    return false;
  }

  /** As Kubernetes prints an untolerated taint in a scheduling failure: {@code {key: value}}. */
  @Override
  public String toString() {
    return "{" + key + ": " + value + "}";
  }
}
