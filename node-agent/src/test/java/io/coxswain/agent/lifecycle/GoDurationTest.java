package io.coxswain.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void printsDurationsTheWayGoDoesInKubeletMessages() {
    assertEquals("10s", GoDuration.format(Duration.ofSeconds(10)));
    assertEquals("1m20s", GoDuration.format(Duration.ofSeconds(80)));
    assertEquals("5m0s", GoDuration.format(Duration.ofMinutes(5)));
    assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    assertEquals("50ms", GoDuration.format(Duration.ofMillis(50)));
    assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
    assertEquals("0s", GoDuration.format(Duration.ZERO));
  }
}
