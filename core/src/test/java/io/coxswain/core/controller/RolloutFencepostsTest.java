package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.Json;
import org.junit.jupiter.api.Test;

class RolloutFencepostsTest {
  static RolloutFenceposts of(String spec) throws Exception {
    return RolloutFenceposts.of(Json.MAPPER.readTree("{\"spec\":" + spec + "}"));
  }

  @Test
  void percentSurgeRoundsUpAndUnavailableDown() throws Exception {
    assertEquals(new RolloutFenceposts(1, 0),
        of("{\"replicas\":3,\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}}}"));
    assertEquals(new RolloutFenceposts(3, 2),
        of("{\"replicas\":10,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}}}"));
  }

  @Test
  void bothZeroLeavesOneUnavailable() throws Exception {
    assertEquals(new RolloutFenceposts(0, 1), RolloutFenceposts.resolve(Json.MAPPER.readTree("0"), Json.MAPPER.readTree("\"0%\""), 5));
    assertEquals(new RolloutFenceposts(1, 0), of("{\"replicas\":3,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"10%\",\"maxUnavailable\":0}}}"),
        "10% of 3 rounds up to 1 surge, so none need be unavailable");
    assertEquals(new RolloutFenceposts(0, 1), of("{\"replicas\":3,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"10%\"}}}"),
        "10% of 3 rounds down to 0 unavailable, then becomes 1");
  }

  @Test
  void unavailableIsCappedAtReplicasAndRecreateHasNone() throws Exception {
    assertEquals(new RolloutFenceposts(1, 2), of("{\"replicas\":2,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":5}}}"));
    assertEquals(new RolloutFenceposts(1, 0), of("{\"replicas\":0,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":5}}}"));
    assertEquals(new RolloutFenceposts(0, 0), of("{\"replicas\":3,\"strategy\":{\"type\":\"Recreate\"}}"));
  }
}
