package io.coxswain.persistence;

/**
 * The change-feed tag. Every object event carries the same tag and the feed is read once for all
 * kinds (each event's object says its kind), so the journal is polled once however many kinds
 * there are, and each event costs one tag row.
 */
public final class JournalTags {
  public static final String OBJECTS = "objects";

  private JournalTags() {}
}
