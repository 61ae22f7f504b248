package io.coxswain.agent.node;

import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Resources held back from pods for the system or for the agent itself (kubelet's --system-reserved
 * and --kube-reserved). Kubelet reserves nothing unless told to; so does this.
 *
 * @param cpu cores
 * @param memory bytes
 * @param ephemeralStorage bytes
 */
public record Reservation(BigDecimal cpu, BigDecimal memory, BigDecimal ephemeralStorage) {
  public static final Reservation NONE = new Reservation(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  /**
   * Parses kubelet's flag syntax, {@code cpu=500m,memory=1Gi,ephemeral-storage=1Gi}; missing
   * resources reserve nothing.
   *
   * @throws IllegalArgumentException for an unknown resource or a bad quantity
   */
  public static Reservation parse(String spec) {
    Map<String, String> pairs = NodeLabels.parsePairs(spec, "reservation");
    BigDecimal cpu = BigDecimal.ZERO;
    BigDecimal memory = BigDecimal.ZERO;
    BigDecimal storage = BigDecimal.ZERO;
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      BigDecimal q = ResourceQuantity.parse(e.getValue()).orElseThrow(() -> new IllegalArgumentException(
          "invalid quantity \"" + e.getValue() + "\" for " + e.getKey() + ": " + ResourceQuantity.FORMAT_ERROR));
      if (q.signum() < 0) throw new IllegalArgumentException(e.getKey() + " reservation must not be negative");
      switch (e.getKey()) {
        case "cpu" -> cpu = q;
        case "memory" -> memory = q;
        case "ephemeral-storage" -> storage = q;
        default -> throw new IllegalArgumentException("cannot reserve \"" + e.getKey()
            + "\": only cpu, memory and ephemeral-storage can be reserved");
      }
    }
    return new Reservation(cpu, memory, storage);
  }

  Reservation plus(Reservation o) {
    return new Reservation(cpu.add(o.cpu), memory.add(o.memory), ephemeralStorage.add(o.ephemeralStorage));
  }
}
