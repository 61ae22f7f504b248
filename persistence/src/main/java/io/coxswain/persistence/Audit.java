package io.coxswain.persistence;

/**
 * Who made a change, when and through which request: recorded on every event, so the journal is
 * the audit log.
 *
 * @param user the authenticated user name
 * @param timeMillis wall-clock time the change was accepted
 * @param requestId the API request's id (also returned to the client as Audit-Id)
 * @param verb the Kubernetes verb: create, update, patch, delete…
 */
public record Audit(String user, long timeMillis, String requestId, String verb) implements JsonSerializable {}
