package io.coxswain.persistence;

import io.coxswain.core.ResourceType;

/** Change-feed tags: every event of a kind carries its kind's tag, read back with eventsByTag. */
public final class JournalTags {
  private JournalTags() {}

  public static String of(ResourceType type) {
    return type.qualifiedResource();
  }
}
