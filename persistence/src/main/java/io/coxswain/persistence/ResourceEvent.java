package io.coxswain.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change to one object, as stored in the journal. Each event carries the whole object version it
 * produced (for a deletion: the last version, stamped with the deletion's resourceVersion), so
 * replay, watch caches and audit never need to look anything up.
 */
public sealed interface ResourceEvent extends JsonSerializable {
  ObjectNode object();

  long resourceVersion();

  Audit audit();

  record ObjectCreated(ObjectNode object, long resourceVersion, Audit audit) implements ResourceEvent {}

  record ObjectUpdated(ObjectNode object, long resourceVersion, Audit audit) implements ResourceEvent {}

  record ObjectDeleted(ObjectNode object, long resourceVersion, Audit audit) implements ResourceEvent {}
}
