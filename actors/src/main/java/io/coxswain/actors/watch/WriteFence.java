package io.coxswain.actors.watch;

import io.coxswain.core.HybridLogicalClock;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The resourceVersions this member has issued whose events the change feed has not delivered yet.
 * Watch caches release events only below the lowest of them, so a watcher never sees version N+1
 * before a version N written on this member, and a list never skips a write that was already
 * acknowledged. Writes from other members are ordered by the caches' hold-back instead.
 *
 * <p>Thread-safe: entities issue versions from many threads; caches settle them from the feed.
 * Issuing and reading the fence are serialised so a version is never issued unseen by a reader.
 */
public final class WriteFence {
  /** A version whose event never arrives (its write failed) stops holding back the feed after this. */
  private static final long ABANDON_AFTER_MILLIS = 5_000;

  private final HybridLogicalClock clock;
  private final ConcurrentSkipListMap<Long, Long> inFlight = new ConcurrentSkipListMap<>();
  private volatile boolean soleWriter;

  public WriteFence(HybridLogicalClock clock) {
    this.clock = clock;
  }

  public HybridLogicalClock clock() {
    return clock;
  }

  /** Issues a version above {@code atLeastAbove} for a write about to be persisted. */
  public synchronized long issue(long atLeastAbove) {
    clock.observe(atLeastAbove);
    long rv = clock.next();
    inFlight.put(rv, System.currentTimeMillis());
    return rv;
  }

  /** The change feed delivered the event of version {@code rv} (or its write failed). */
  public void settle(long rv) {
    inFlight.remove(rv);
  }

  /**
   * Whether this member is the only one that can write (the only control-plane member, where every
   * entity lives): then this fence alone orders the feed and no hold-back for other members'
   * writes is needed.
   */
  public boolean soleWriter() {
    return soleWriter;
  }

  public void soleWriter(boolean sole) {
    soleWriter = sole;
  }

  /** Every version at or below this has been settled or was never issued here. */
  public synchronized long settledThrough() {
    long now = System.currentTimeMillis();
    while (true) {
      Map.Entry<Long, Long> first = inFlight.firstEntry();
      if (first == null) return clock.now();
      if (now - first.getValue() > ABANDON_AFTER_MILLIS) {
        inFlight.remove(first.getKey(), first.getValue());
        continue;
      }
      return first.getKey() - 1;
    }
  }
}
