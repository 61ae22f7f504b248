package io.coxswain.persistence.audit;

import java.time.Instant;

/**
 * Which changes a timeline shows: a time range and, each optional (null: any), the resource, the
 * namespace, the object name, the user and the verb.
 */
public record ChangeFilter(
    Instant since, Instant until, String resource, String namespace, String name, String user, String verb) {

  public static ChangeFilter everything() {
    return new ChangeFilter(null, null, null, null, null, null, null);
  }

  public boolean matches(JournalEntry e) {
    long t = e.timeMillis();
    if (since != null && t < since.toEpochMilli()) return false;
    if (until != null && t > until.toEpochMilli()) return false;
    ObjectKey k = e.key();
    return same(resource, k.resource()) && same(namespace, k.namespace()) && same(name, k.name())
        && same(user, e.event().audit().user()) && same(verb, e.event().audit().verb());
  }

  private static boolean same(String wanted, String actual) {
    return wanted == null || wanted.isEmpty() || wanted.equals(actual);
  }
}
