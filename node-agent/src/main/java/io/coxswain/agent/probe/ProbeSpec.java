package io.coxswain.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * A container probe with its timings. The API server has defaulted the manifest, but a probe read
 * from an older or hand-written object still gets Kubernetes' defaults here.
 *
 * @param terminationGracePeriod the probe-level grace for a kill this probe causes, or null to use the pod's
 */
public record ProbeSpec(
    Handler handler,
    Duration initialDelay,
    Duration period,
    Duration timeout,
    int successThreshold,
    int failureThreshold,
    Duration terminationGracePeriod) {

  /** The probe in {@code container[type.field()]}, or empty when there is none (or it names no action). */
  public static Optional<ProbeSpec> of(JsonNode container, ProbeType type) {
    JsonNode probe = container == null ? null : container.get(type.field());
    return Handler.of(probe).map(handler -> new ProbeSpec(
        handler,
        Duration.ofSeconds(Math.max(0, probe.path("initialDelaySeconds").asLong(0))),
        Duration.ofSeconds(atLeastOne(probe.path("periodSeconds").asLong(10))),
        Duration.ofSeconds(atLeastOne(probe.path("timeoutSeconds").asLong(1))),
        (int) atLeastOne(probe.path("successThreshold").asLong(1)),
        (int) atLeastOne(probe.path("failureThreshold").asLong(3)),
        probe.path("terminationGracePeriodSeconds").isIntegralNumber()
            ? Duration.ofSeconds(probe.path("terminationGracePeriodSeconds").asLong())
            : null));
  }

  private static long atLeastOne(long v) {
    return Math.max(1, v);
  }
}
