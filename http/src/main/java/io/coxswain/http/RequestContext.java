package io.coxswain.http;

import io.coxswain.actors.store.RequestInfo;
import java.util.Map;
import java.util.Optional;

/**
 * One API request as the handlers see it: the caller, the request id, the query, the negotiated
 * media types and the body.
 */
public record RequestContext(
    Authenticator.UserInfo user, String requestId, Map<String, String> query, String accept,
    String contentType, byte[] body) {

  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  public String param(String name, String otherwise) {
    String v = query.get(name);
    return v == null ? otherwise : v;
  }

  public boolean flag(String name) {
    String v = query.get(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }

  /** dryRun=All; any other value is refused, as Kubernetes does. */
  public boolean dryRun() {
    String v = query.get("dryRun");
    if (v == null || v.isEmpty()) return false;
    if (v.equals("All")) return true;
    throw io.coxswain.core.StatusException.badRequest("dryRun must be \"All\" or empty, got \"" + v + "\"");
  }

  public RequestInfo info(String verb) {
    return new RequestInfo(user.name(), requestId, verb, dryRun(), param("fieldManager", defaultManager()), flag("force"));
  }

  private String defaultManager() {
    return "unknown";
  }
}
