package io.coxswain.actors.store;

import io.coxswain.persistence.JsonSerializable;

/**
 * Who is writing and how: carried by every write command and recorded in its event.
 *
 * @param user the authenticated user
 * @param requestId the API request id
 * @param verb the Kubernetes verb (create, update, patch, delete)
 * @param dryRun compute and validate, but store nothing
 * @param fieldManager the client's field manager, for apply
 * @param force an apply takes fields other managers own instead of failing with a conflict
 */
public record RequestInfo(String user, String requestId, String verb, boolean dryRun, String fieldManager, boolean force)
    implements JsonSerializable {

  public RequestInfo(String user, String requestId, String verb, boolean dryRun, String fieldManager) {
    this(user, requestId, verb, dryRun, fieldManager, false);
  }
}
