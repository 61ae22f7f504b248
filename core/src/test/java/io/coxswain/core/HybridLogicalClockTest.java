package io.coxswain.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {
  final AtomicLong wall = new AtomicLong(5_000);
  final HybridLogicalClock clock = new HybridLogicalClock(wall::get);

  @Test
  void versionsFollowWallClockMillisecondsTimesAThousand() {
    assertEquals(5_000_000, clock.next());
    wall.set(6_000);
    assertEquals(6_000_000, clock.next());
  }

  @Test
  void versionsKeepIncreasingWhenTheWallClockStandsStillOrGoesBack() {
    long a = clock.next();
    long b = clock.next();
    wall.set(1_000);
    long c = clock.next();
    assertTrue(a < b && b < c, a + " " + b + " " + c);
  }

  @Test
  void observedVersionsFromElsewhereAreNeverReissued() {
    clock.observe(9_000_000_123L);
    assertEquals(9_000_000_124L, clock.next());
  }

  @Test
  void everyVersionIssuedAfterReadingNowIsAboveIt() {
    long now = clock.now();
    assertTrue(clock.next() > now);
    assertTrue(clock.next() > clock.now() - 1);
  }
}
