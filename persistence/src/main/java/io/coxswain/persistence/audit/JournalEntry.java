package io.coxswain.persistence.audit;

import io.coxswain.persistence.ResourceEvent;

/**
 * One stored object event as audit reads it back: where it is in its object's stream and what it
 * says. The event carries the whole object version, its resourceVersion and who made it.
 */
public record JournalEntry(ObjectKey key, long sequenceNr, ResourceEvent event) {
  public long resourceVersion() {
    return event.resourceVersion();
  }

  public long timeMillis() {
    return event.audit().timeMillis();
  }

  public String uid() {
    return event.object().path("metadata").path("uid").asText("");
  }
}
