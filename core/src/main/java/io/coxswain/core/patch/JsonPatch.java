package io.coxswain.core.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.coxswain.core.Cause;
import io.coxswain.core.StatusException;
import java.util.EnumSet;
import java.util.List;

/**
 * JSON patch (RFC 6902, {@code application/json-patch+json}), what {@code kubectl patch --type=json}
 * and {@code rollout undo} send. A body that is not a list of well-formed operations is a 400; an
 * operation that does not apply (missing path, failed {@code test}) is a 422 naming the operation,
 * as Kubernetes answers.
 */
public final class JsonPatch {
  /** Removing a path that does not exist fails, as in Kubernetes, instead of being ignored. */
  private static final EnumSet<CompatibilityFlags> FLAGS = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

  private static final String REJECTED = "the server rejected our request due to an error in our request";

  private JsonPatch() {}

  /** The patched document; {@code target} and {@code operations} are left unchanged. */
  public static JsonNode apply(JsonNode target, JsonNode operations) {
    if (operations == null || !operations.isArray()) {
      throw StatusException.badRequest("a json patch must be a JSON list of operations");
    }
    try {
      com.flipkart.zjsonpatch.JsonPatch.validate(operations, FLAGS);
    } catch (InvalidJsonPatchException | IllegalArgumentException e) {
      throw StatusException.badRequest("invalid json patch: " + e.getMessage());
    }
    JsonNode doc = target == null ? JsonNodeFactory.instance.nullNode() : target;
    // One operation at a time, so a failure can name the operation that caused it.
    for (int i = 0; i < operations.size(); i++) {
      JsonNode op = operations.get(i);
      ArrayNode single = JsonNodeFactory.instance.arrayNode().add(op);
      try {
        doc = com.flipkart.zjsonpatch.JsonPatch.apply(single, doc, FLAGS);
      } catch (InvalidJsonPatchException | IllegalArgumentException e) {
        throw StatusException.badRequest("invalid json patch operation " + i + ": " + e.getMessage());
      } catch (JsonPatchApplicationException e) {
        throw notApplicable(i, op, e.getMessage());
      }
    }
    return doc == target ? doc.deepCopy() : doc;
  }

  private static StatusException notApplicable(int index, JsonNode op, String reason) {
    String detail = op.path("op").asText() + " operation " + index + " at path \"" + op.path("path").asText()
        + "\" does not apply: " + reason;
    return new StatusException(422, "Invalid", REJECTED + ": " + detail, null, null, null,
        List.of(new Cause("UnexpectedServerResponse", detail, null)));
  }
}
