package io.coxswain.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Issues resourceVersions: wall-clock milliseconds times 1000 plus a logical counter, never going
 * backwards and always above every version this member has observed. Versions from several members
 * stay comparable as one cluster-wide increasing sequence as long as clocks are roughly in sync, and
 * an entity additionally keeps its own versions strictly increasing by observing its last one.
 */
public final class HybridLogicalClock {
  public static final long LOGICAL_PER_MILLI = 1000;

  private final AtomicLong last = new AtomicLong();
  private final LongSupplier wallClock;

  public HybridLogicalClock() {
    this(System::currentTimeMillis);
  }

  public HybridLogicalClock(LongSupplier wallClockMillis) {
    this.wallClock = wallClockMillis;
  }

  /** A new version, greater than every version issued or observed before. */
  public long next() {
    long physical = wallClock.getAsLong() * LOGICAL_PER_MILLI;
    return last.accumulateAndGet(physical, (prev, phys) -> Math.max(prev + 1, phys));
  }

  /** Raises the clock so that later versions are above {@code version}. */
  public void observe(long version) {
    last.accumulateAndGet(version, Math::max);
  }

  /**
   * The current version, used as a read barrier and watermark. Reading it also raises the clock, so
   * every version issued afterwards is strictly greater: "everything up to now()" stays true.
   */
  public long now() {
    return last.accumulateAndGet(wallClock.getAsLong() * LOGICAL_PER_MILLI, Math::max);
  }

  /** Wall-clock milliseconds a version was issued at. */
  public static long millisOf(long version) {
    return version / LOGICAL_PER_MILLI;
  }
}
