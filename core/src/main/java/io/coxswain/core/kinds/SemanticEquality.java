package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Equality of JSON values the way Kubernetes' Semantic.DeepEqual sees Go values when checking
 * immutable fields: an unset field, a null and an empty list or map are all the same, and numbers
 * are equal by value whatever node type the parser picked.
 */
public final class SemanticEquality {
  private SemanticEquality() {}

  public static boolean equal(JsonNode a, JsonNode b) {
    boolean aEmpty = isEmpty(a);
    boolean bEmpty = isEmpty(b);
    if (aEmpty || bEmpty) return aEmpty && bEmpty;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    if (a instanceof ObjectNode ao && b instanceof ObjectNode bo) return objectsEqual(ao, bo);
    if (a instanceof ArrayNode aa && b instanceof ArrayNode ba) {
      if (aa.size() != ba.size()) return false;
      for (int i = 0; i < aa.size(); i++) {
        if (!equal(aa.get(i), ba.get(i))) return false;
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean objectsEqual(ObjectNode a, ObjectNode b) {
    return containedIn(a, b) && containedIn(b, a);
  }

  private static boolean containedIn(ObjectNode a, ObjectNode b) {
    Iterator<Map.Entry<String, JsonNode>> it = a.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!equal(e.getValue(), b.get(e.getKey()))) return false;
    }
    return true;
  }

  private static boolean isEmpty(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || ((n.isArray() || n.isObject()) && n.isEmpty());
  }
}
