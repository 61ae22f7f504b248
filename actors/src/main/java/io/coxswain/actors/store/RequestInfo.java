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
 */
public record RequestInfo(String user, String requestId, String verb, boolean dryRun, String fieldManager)
    implements JsonSerializable {}
