package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The QoS class Kubernetes records in a Pod's status.qosClass (and the kubelet evicts by):
 * BestEffort without any cpu/memory request or limit, Guaranteed when every container limits both
 * and requests equal limits, Burstable otherwise. Same rules as Kubernetes' ComputePodQOS.
 */
public final class PodQosClass {
  public static final String BEST_EFFORT = "BestEffort";
  public static final String BURSTABLE = "Burstable";
  public static final String GUARANTEED = "Guaranteed";

  private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

  private PodQosClass() {}

  /** The class of a pod spec whose requests have already been defaulted from limits. */
  public static String of(JsonNode podSpec) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    for (String list : List.of("containers", "initContainers")) {
      for (ObjectNode c : FieldDefaults.objects(podSpec, list)) {
        JsonNode resources = c.path("resources");
        addPositive(resources.path("requests"), requests);
        Set<String> limited = addPositive(resources.path("limits"), limits);
        if (!limited.containsAll(QOS_RESOURCES)) guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) return BEST_EFFORT;
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
        BigDecimal limit = limits.get(e.getKey());
        if (limit == null || limit.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
  }

  /** Adds each positive cpu/memory quantity into the sums; answers which resources were added. */
  private static Set<String> addPositive(JsonNode list, Map<String, BigDecimal> sums) {
    Set<String> found = new HashSet<>();
    if (!list.isObject()) return found;
    list.fields().forEachRemaining(e -> {
      if (!QOS_RESOURCES.contains(e.getKey())) return;
      Optional<BigDecimal> q = ResourceQuantity.parse(e.getValue());
      if (q.isPresent() && q.get().signum() > 0) {
        found.add(e.getKey());
        sums.merge(e.getKey(), q.get(), BigDecimal::add);
      }
    });
    return found;
  }
}
