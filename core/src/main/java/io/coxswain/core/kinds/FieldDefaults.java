package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Setting defaults the way Go defaulters see "unset": a missing or null field, and for strings
 * also "". A value of the wrong JSON type is never overwritten, so validation can still report it,
 * and the walkers skip such values, so defaulting hostile input never throws.
 */
public final class FieldDefaults {
  private FieldDefaults() {}

  public static boolean isUnset(JsonNode parent, String name) {
    JsonNode v = parent.get(name);
    return v == null || v.isNull();
  }

  public static void string(ObjectNode parent, String name, String value) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) parent.put(name, value);
  }

  /** Small values go in as ints, the node type a parser gives them, so stored and re-read objects compare equal. */
  public static void number(ObjectNode parent, String name, long value) {
    if (!isUnset(parent, name)) return;
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      parent.put(name, (int) value);
    } else {
      parent.put(name, value);
    }
  }

  public static void bool(ObjectNode parent, String name, boolean value) {
    if (isUnset(parent, name)) parent.put(name, value);
  }

  /** The child object, created empty when unset; null when the field holds something else. */
  public static ObjectNode object(ObjectNode parent, String name) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) return parent.putObject(name);
    return v instanceof ObjectNode o ? o : null;
  }

  /** The child object if there is one; never creates it. */
  public static ObjectNode existingObject(JsonNode parent, String name) {
    return parent != null && parent.get(name) instanceof ObjectNode o ? o : null;
  }

  /** The object elements of an array field, skipping anything else. */
  public static List<ObjectNode> objects(JsonNode parent, String name) {
    List<ObjectNode> out = new ArrayList<>();
    if (parent != null && parent.get(name) instanceof ArrayNode a) {
      for (JsonNode e : a) {
        if (e instanceof ObjectNode o) out.add(o);
      }
    }
    return out;
  }

  /** A string field's value, or "" when unset or not a string. */
  public static String text(JsonNode parent, String name) {
    JsonNode v = parent == null ? null : parent.get(name);
    return v != null && v.isTextual() ? v.textValue() : "";
  }
}
