package io.coxswain.persistence.audit;

import java.time.Instant;

/** A point in the cluster's history: a wall-clock time or a resourceVersion. */
public sealed interface Moment {
  /** Whether the change {@code entry} records had happened by this moment. */
  boolean includes(JournalEntry entry);

  /** The changes accepted at or before {@code time} (their recorded time, to the millisecond). */
  record AtTime(Instant time) implements Moment {
    @Override
    public boolean includes(JournalEntry entry) {
      return entry.timeMillis() <= time.toEpochMilli();
    }

    @Override
    public String toString() {
      return time.toString();
    }
  }

  /** The changes whose resourceVersion is at most {@code resourceVersion}. */
  record AtVersion(long resourceVersion) implements Moment {
    @Override
    public boolean includes(JournalEntry entry) {
      return entry.resourceVersion() <= resourceVersion;
    }

    @Override
    public String toString() {
      return "resourceVersion " + resourceVersion;
    }
  }
}
