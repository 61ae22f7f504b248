package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value of a downward API {@code resourceFieldRef}, as kubelet computes it: limits the
 * container leaves unset (or zero) become the node's allocatable (defaultPodLimitsForDownwardAPI),
 * the value is divided by {@code divisor} (default 1) and rounded up to a whole number, CPU in
 * millicores first (so 250m with divisor 1 is "1", with divisor 1m "250").
 */
final class ResourceFieldRefs {
  private static final List<String> DEFAULTED_LIMITS = List.of("cpu", "memory", "ephemeral-storage");
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private ResourceFieldRefs() {}

  /**
   * @param container the container the reference sits in; a reference without containerName
   *     (allowed only in env) means this one
   */
  static String resolve(ObjectNode pod, JsonNode container, JsonNode ref, Map<String, BigDecimal> nodeAllocatable)
      throws PodInputException {
    String containerName = ref.path("containerName").asText("");
    JsonNode target = containerName.isEmpty() ? container : find(pod, containerName);
    if (target == null) throw PodInputException.config("container " + containerName + " not found");
    String resource = ref.path("resource").asText("");
    int dot = resource.indexOf('.');
    String kind = dot < 0 ? "" : resource.substring(0, dot);
    String name = dot < 0 ? "" : resource.substring(dot + 1);
    boolean supported = (kind.equals("limits") || kind.equals("requests"))
        && (DEFAULTED_LIMITS.contains(name) || name.startsWith("hugepages-"));
    if (!supported) throw PodInputException.config("unsupported container resource : " + resource);

    BigDecimal value = quantity(target.path("resources").path(kind).get(name)).orElse(BigDecimal.ZERO);
    if (kind.equals("limits") && value.signum() == 0 && DEFAULTED_LIMITS.contains(name)) {
      value = nodeAllocatable.getOrDefault(name, BigDecimal.ZERO);
    }
    BigDecimal divisor = quantity(ref.get("divisor")).filter(d -> d.signum() != 0).orElse(BigDecimal.ONE);
    return name.equals("cpu") ? cpu(value, divisor) : bytes(value, divisor);
  }

  /** convertResourceCPUToString: ceil(MilliValue(cpu) / MilliValue(divisor)). */
  private static String cpu(BigDecimal cpu, BigDecimal divisor) throws PodInputException {
    BigDecimal d = ceil(divisor.multiply(THOUSAND));
    if (d.signum() <= 0) throw PodInputException.config("invalid divisor for cpu: " + divisor.toPlainString());
    return ceil(cpu.multiply(THOUSAND)).divide(d, 0, RoundingMode.CEILING).toPlainString();
  }

  /** convertResourceMemoryToString: ceil(Value(memory) / Value(divisor)). */
  private static String bytes(BigDecimal value, BigDecimal divisor) throws PodInputException {
    BigDecimal d = ceil(divisor);
    if (d.signum() <= 0) throw PodInputException.config("invalid divisor: " + divisor.toPlainString());
    return ceil(value).divide(d, 0, RoundingMode.CEILING).toPlainString();
  }

  private static BigDecimal ceil(BigDecimal v) {
    return v.setScale(0, RoundingMode.CEILING);
  }

  private static Optional<BigDecimal> quantity(JsonNode node) {
    return ResourceQuantity.parse(node);
  }

  /** Kubelet's findContainerInPod: regular containers first, then init containers. */
  private static JsonNode find(ObjectNode pod, String name) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : pod.path("spec").path(list)) {
        if (name.equals(c.path("name").asText())) return c;
      }
    }
    return null;
  }
}
