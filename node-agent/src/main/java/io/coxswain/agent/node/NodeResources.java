package io.coxswain.agent.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.math.BigDecimal;

/**
 * A Node's status.capacity and status.allocatable, computed as kubelet's container manager does:
 * allocatable = capacity − system-reserved − kube-reserved − the hard eviction thresholds,
 * never below zero. Kubelet's default thresholds are memory.available&lt;100Mi and
 * nodefs.available&lt;10%; the same ones decide {@link NodeConditions}' pressure, so pods are not
 * admitted into memory and disk that eviction would immediately reclaim.
 */
final class NodeResources {
  /** Kubelet's default hard eviction threshold memory.available&lt;100Mi. */
  static final long MEMORY_EVICTION_THRESHOLD = 100L << 20;

  /**
   * Kubelet's default nodefs.available&lt;10%. Go holds the percentage as a float32, so the bytes
   * it reserves are capacity × (double) 0.1f, truncated; the same arithmetic here gives the same
   * allocatable figure to the byte.
   */
  static final float NODEFS_EVICTION_PERCENT = 0.1f;

  private NodeResources() {}

  static ObjectNode capacity(MachineFacts facts, NodeSettings settings) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("cpu", QuantityFormat.cpu(BigDecimal.valueOf(facts.cpuCores())));
    c.put("ephemeral-storage", QuantityFormat.bytes(facts.ephemeralStorageBytes()));
    c.put("memory", QuantityFormat.bytes(facts.memoryBytes()));
    c.put("pods", Integer.toString(settings.maxPods()));
    return c;
  }

  static ObjectNode allocatable(MachineFacts facts, NodeSettings settings) {
    Reservation reserved = settings.systemReserved().plus(settings.kubeReserved());
    long storage = facts.ephemeralStorageBytes();
    long storageThreshold = (long) (storage * (double) NODEFS_EVICTION_PERCENT);
    ObjectNode a = Json.MAPPER.createObjectNode();
    a.put("cpu", QuantityFormat.cpu(atLeastZero(BigDecimal.valueOf(facts.cpuCores()).subtract(reserved.cpu()))));
    a.put("ephemeral-storage", QuantityFormat.bytes(atLeastZero(
        BigDecimal.valueOf(storage).subtract(reserved.ephemeralStorage()).subtract(BigDecimal.valueOf(storageThreshold)))));
    a.put("memory", QuantityFormat.bytes(atLeastZero(BigDecimal.valueOf(facts.memoryBytes())
        .subtract(reserved.memory()).subtract(BigDecimal.valueOf(MEMORY_EVICTION_THRESHOLD)))));
    a.put("pods", Integer.toString(settings.maxPods()));
    return a;
  }

  private static BigDecimal atLeastZero(BigDecimal v) {
    return v.signum() < 0 ? BigDecimal.ZERO : v;
  }
}
