package io.coxswain.http.audit;

import io.coxswain.core.StatusException;
import io.coxswain.http.Authenticator;

/**
 * Who may read audit data: asked before every audit request is served. Audit shows every version
 * of everything (Secrets too), so once authorization exists this is where it decides; until then
 * every authenticated caller may, as for the rest of the API.
 */
@FunctionalInterface
public interface AuditAccess {
  /** Returns normally when {@code user} may make {@code request}; throws a 403 StatusException otherwise. */
  void check(Authenticator.UserInfo user, AuditRequest request);

  /** What an audit request reads: its view, and the resource and namespace when it names them (else null). */
  record AuditRequest(String view, String resource, String namespace) {}

  static AuditAccess anyAuthenticatedUser() {
    return (user, request) -> {};
  }

  /** The Kubernetes wording of a refusal, naming the user, the view and where. */
  static StatusException forbidden(Authenticator.UserInfo user, AuditRequest request) {
    String where = request.namespace() == null ? "at the cluster scope" : "in the namespace \"" + request.namespace() + "\"";
    return StatusException.of(403, "Forbidden", request.view() + ".audit.coxswain.io is forbidden: User \""
        + user.name() + "\" cannot get resource \"" + request.view() + "\" in API group \"audit.coxswain.io\" " + where);
  }
}
