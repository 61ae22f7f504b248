package io.coxswain.core.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.StatusException;
import java.util.Set;

/**
 * What a DELETE asks for: preconditions, a grace period and how dependents are treated.
 *
 * @param preconditionUid delete only if the object still has this uid (null: any)
 * @param preconditionResourceVersion delete only at this version (null: any)
 * @param gracePeriodSeconds null for the kind's default; 0 deletes at once
 * @param propagationPolicy Orphan, Background or Foreground (null: the kind's default)
 */
public record DeleteOptions(
    String preconditionUid, String preconditionResourceVersion, Long gracePeriodSeconds, String propagationPolicy) {

  public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null);
  private static final Set<String> POLICIES = Set.of("Orphan", "Background", "Foreground");

  /** Reads a metav1.DeleteOptions body (may be null) merged with query parameters. */
  public static DeleteOptions from(JsonNode body, String queryGrace, String queryPolicy, Boolean queryOrphan) {
    JsonNode b = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body;
    String uid = text(b.path("preconditions").path("uid"));
    String rv = text(b.path("preconditions").path("resourceVersion"));
    Long grace = null;
    JsonNode g = b.path("gracePeriodSeconds");
    if (g.isIntegralNumber()) grace = g.asLong();
    else if (!g.isMissingNode() && !g.isNull()) throw StatusException.badRequest("gracePeriodSeconds must be an integer");
    if (queryGrace != null && !queryGrace.isEmpty()) {
      try {
        grace = Long.parseLong(queryGrace);
      } catch (NumberFormatException e) {
        throw StatusException.badRequest("gracePeriodSeconds must be an integer, got \"" + queryGrace + "\"");
      }
    }
    if (grace != null && grace < 0) grace = 1L;
    String policy = text(b.path("propagationPolicy"));
    if (queryPolicy != null && !queryPolicy.isEmpty()) policy = queryPolicy;
    Boolean orphan = b.path("orphanDependents").isBoolean() ? Boolean.valueOf(b.path("orphanDependents").asBoolean()) : queryOrphan;
    if (policy == null && orphan != null) policy = orphan ? "Orphan" : "Background";
    if (policy != null && !POLICIES.contains(policy)) {
      throw StatusException.badRequest(
          "propagationPolicy must be one of Orphan, Background, Foreground; got \"" + policy + "\"");
    }
    return new DeleteOptions(uid, rv, grace, policy);
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }
}
