package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.StatusException;
import io.coxswain.core.select.LabelSelector;

/**
 * A {@code TopologySpreadConstraint}: pods its selector picks (in the pod's namespace) may differ by
 * at most maxSkew between the domains of topologyKey. DoNotSchedule makes it a filter, ScheduleAnyway
 * a score. Node affinity and taints are honoured as their policies' defaults say (Honor, Ignore).
 */
public record SpreadConstraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector, int minDomains) {
  static SpreadConstraint of(JsonNode c) {
    LabelSelector selector;
    try {
      selector = c.path("labelSelector").isObject() ? LabelSelector.fromJson(c.path("labelSelector")) : null;
    } catch (StatusException e) {
      selector = null;
    }
    return new SpreadConstraint(Math.max(1, c.path("maxSkew").asInt(1)), c.path("topologyKey").asText(""),
        !"ScheduleAnyway".equals(c.path("whenUnsatisfiable").asText("DoNotSchedule")), selector,
        Math.max(1, c.path("minDomains").asInt(1)));
  }

  /** Whether an existing pod counts for this constraint of a pod in {@code namespace}. */
  boolean counts(PodInfo existing, String namespace) {
    return selector != null && existing.namespace().equals(namespace) && selector.matches(existing.labels());
  }
}
