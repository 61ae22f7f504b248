package io.coxswain.http.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.StatusException;
import io.coxswain.http.Authenticator;
import io.coxswain.http.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access check is asked before any audit request reads the journal, and its refusal is a 403 Status. */
class AuditAccessTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();
  private static final Authenticator.UserInfo ALICE = new Authenticator.UserInfo("alice", List.of("system:authenticated"));

  private static RequestContext request(Map<String, String> query) {
    return new RequestContext(ALICE, "req-1", query, "application/json", "", new byte[0]);
  }

  /** No journal at all: a refused request must never get as far as reading one. */
  private static AuditHandler handler(AuditAccess access) {
    return new AuditHandler(REGISTRY, null, access, null);
  }

  @Test
  void everyViewAsksTheCheckWithTheUserAndWhatItReads() {
    List<String> asked = new ArrayList<>();
    AuditAccess refuseAll = (user, what) -> {
      asked.add(user.name() + " " + what.view() + " " + what.resource() + " " + what.namespace());
      throw AuditAccess.forbidden(user, what);
    };
    AuditHandler audit = handler(refuseAll);
    for (String path : List.of(
        "/apis/audit.coxswain.io/v1/namespaces/default/histories/deploy/web",
        "/apis/audit.coxswain.io/v1/namespaces/default/states/pods",
        "/apis/audit.coxswain.io/v1/changes")) {
      AuditPath parsed = AuditPath.parse(path, REGISTRY).orElseThrow();
      Map<String, String> q = path.endsWith("changes") ? Map.of("resource", "secrets") : Map.of("time", "2026-11-23T10:00:00Z");
      StatusException e = assertThrows(StatusException.class, () -> audit.handle(parsed, request(q)));
      assertEquals(403, e.code());
      assertTrue(e.getMessage().contains("User \"alice\" cannot get resource"), e.getMessage());
    }
    assertEquals(List.of(
        "alice histories deployments.apps default",
        "alice states pods default",
        "alice changes secrets null"), asked);
  }
}
