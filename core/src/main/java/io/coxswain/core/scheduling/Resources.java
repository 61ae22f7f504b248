package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A resource vector as the scheduler counts it (the scheduler framework's {@code Resource}): cpu in
 * millicores, memory and ephemeral storage in bytes, a pod count, and extended resources such as
 * {@code nvidia.com/gpu} by name. Mutable, so a node's requested total is updated in place.
 */
public final class Resources {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";
  /** What a container without a request counts as when nodes are scored (the scheduler's non-zero defaults). */
  static final long DEFAULT_MILLI_CPU = 100;
  static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  long milliCpu;
  long memory;
  long ephemeralStorage;
  long pods;
  Map<String, Long> scalars;

  public Resources() {}

  Resources(long milliCpu, long memory, long ephemeralStorage, long pods) {
    this.milliCpu = milliCpu;
    this.memory = memory;
    this.ephemeralStorage = ephemeralStorage;
    this.pods = pods;
  }

  /** A {@code ResourceList} (capacity, allocatable, requests); unparsable quantities count as 0. */
  public static Resources of(JsonNode list) {
    Resources r = new Resources();
    r.addList(list);
    return r;
  }

  void addList(JsonNode list) {
    for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      BigDecimal value = ResourceQuantity.parse(e.getValue()).orElse(BigDecimal.ZERO);
      switch (name) {
        case CPU -> milliCpu += value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
        case MEMORY -> memory += ceil(value);
        case EPHEMERAL_STORAGE -> ephemeralStorage += ceil(value);
        case PODS -> pods += ceil(value);
        default -> {
          if (isScalar(name)) addScalar(name, ceil(value));
        }
      }
    }
  }

  /** Extended resources, hugepages and attachable volumes; the scheduler ignores other names. */
  static boolean isScalar(String name) {
    return name.contains("/") || name.startsWith("hugepages-");
  }

  private static long ceil(BigDecimal v) {
    return v.setScale(0, RoundingMode.CEILING).longValue();
  }

  public long milliCpu() {
    return milliCpu;
  }

  public long memory() {
    return memory;
  }

  public long ephemeralStorage() {
    return ephemeralStorage;
  }

  public long pods() {
    return pods;
  }

  public long scalar(String name) {
    return scalars == null ? 0 : scalars.getOrDefault(name, 0L);
  }

  public Map<String, Long> scalars() {
    return scalars == null ? Map.of() : scalars;
  }

  void addScalar(String name, long value) {
    if (scalars == null) scalars = new HashMap<>(4);
    scalars.merge(name, value, Long::sum);
  }

  void add(Resources other) {
    milliCpu += other.milliCpu;
    memory += other.memory;
    ephemeralStorage += other.ephemeralStorage;
    pods += other.pods;
    if (other.scalars != null) other.scalars.forEach(this::addScalar);
  }

  void subtract(Resources other) {
    milliCpu -= other.milliCpu;
    memory -= other.memory;
    ephemeralStorage -= other.ephemeralStorage;
    pods -= other.pods;
    if (other.scalars != null) other.scalars.forEach((k, v) -> addScalar(k, -v));
  }

  /** Raises each amount to at least the other's (how init containers count against the regular ones). */
  void max(Resources other) {
    milliCpu = Math.max(milliCpu, other.milliCpu);
    memory = Math.max(memory, other.memory);
    ephemeralStorage = Math.max(ephemeralStorage, other.ephemeralStorage);
    if (other.scalars != null) {
      other.scalars.forEach((k, v) -> {
        if (v > scalar(k)) addScalar(k, v - scalar(k));
      });
    }
  }

  @Override
  public String toString() {
    return "cpu=" + milliCpu + "m memory=" + memory + " ephemeral-storage=" + ephemeralStorage + " pods=" + pods
        + (scalars == null ? "" : " " + scalars);
  }
}
