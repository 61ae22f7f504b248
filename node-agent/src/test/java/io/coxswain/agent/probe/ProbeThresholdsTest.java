package io.coxswain.agent.probe;

import static io.coxswain.agent.probe.ProbeOutcome.Result.FAILURE;
import static io.coxswain.agent.probe.ProbeOutcome.Result.SUCCESS;
import static io.coxswain.agent.probe.ProbeOutcome.Result.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeThresholdsTest {

  @Test
  void failsOnlyAfterFailureThresholdConsecutiveFailures() {
    ProbeThresholds t = new ProbeThresholds(1, 3, true);
    assertEquals(Optional.empty(), t.record(FAILURE));
    assertEquals(Optional.empty(), t.record(FAILURE));
    assertEquals(Optional.of(false), t.record(FAILURE));
    assertEquals(false, t.current());
  }

  @Test
  void successInBetweenRestartsTheFailureRun() {
    ProbeThresholds t = new ProbeThresholds(1, 2, true);
    t.record(FAILURE);
    t.record(SUCCESS);
    assertEquals(Optional.empty(), t.record(FAILURE));
    assertEquals(Optional.of(false), t.record(FAILURE));
  }

  @Test
  void needsSuccessThresholdConsecutiveSuccessesToRecover() {
    ProbeThresholds t = new ProbeThresholds(2, 1, false);
    assertEquals(Optional.empty(), t.record(SUCCESS));
    assertEquals(Optional.of(true), t.record(SUCCESS));
    assertEquals(Optional.empty(), t.record(SUCCESS));
  }

  @Test
  void reportsOnlyChangesFromTheInitialResult() {
    ProbeThresholds readiness = new ProbeThresholds(1, 1, false);
    assertEquals(Optional.empty(), readiness.record(FAILURE));
    assertEquals(Optional.of(true), readiness.record(SUCCESS));
    ProbeThresholds startup = new ProbeThresholds(1, 1, null);
    assertNull(startup.current());
    assertEquals(Optional.of(false), startup.record(FAILURE));
  }

  @Test
  void unknownChecksNeitherCountNorBreakARun() {
    ProbeThresholds t = new ProbeThresholds(1, 2, true);
    t.record(FAILURE);
    assertEquals(Optional.empty(), t.record(UNKNOWN));
    assertEquals(Optional.of(false), t.record(FAILURE));
  }
}
