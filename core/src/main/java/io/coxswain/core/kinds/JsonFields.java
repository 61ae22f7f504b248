package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads untrusted Kubernetes JSON by field path for validation. A Go server refuses a value of the
 * wrong JSON type while decoding; here every getter instead records a cause for it and answers
 * null, so validators can walk hostile input without ever throwing. Absent and null fields answer
 * null without a cause, as they are "unset" in Kubernetes.
 */
public final class JsonFields {
  private static final int MAX_SHOWN_VALUE = 80;

  private final List<Cause> causes;

  public JsonFields(List<Cause> causes) {
    this.causes = causes;
  }

  /** Where causes are collected; validators add their own rule violations here too. */
  public List<Cause> causes() {
    return causes;
  }

  public void add(Cause cause) {
    causes.add(cause);
  }

  public void addAll(List<Cause> more) {
    causes.addAll(more);
  }

  // Field paths, spelled the way Kubernetes prints them: spec.containers[0].resources.limits[cpu]

  public static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  public static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  // Typed reads

  public ObjectNode object(JsonNode parent, String parentPath, String name) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v instanceof ObjectNode o) return o;
    typeMismatch(child(parentPath, name), v, "object");
    return null;
  }

  public ArrayNode array(JsonNode parent, String parentPath, String name) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v instanceof ArrayNode a) return a;
    typeMismatch(child(parentPath, name), v, "array");
    return null;
  }

  public String string(JsonNode parent, String parentPath, String name) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v.isTextual()) return v.textValue();
    typeMismatch(child(parentPath, name), v, "string");
    return null;
  }

  /**
   * A string that must be set and non-empty: records Required when it is unset or "" (a value of
   * the wrong type is reported as such instead) and answers null then.
   */
  public String requiredString(JsonNode parent, String parentPath, String name) {
    boolean unset = present(parent, name) == null;
    String s = string(parent, parentPath, name);
    if (s != null && !s.isEmpty()) return s;
    if (unset || s != null) causes.add(Cause.required(child(parentPath, name)));
    return null;
  }

  /** A Go int32 field: integral JSON number in range. */
  public Long int32(JsonNode parent, String parentPath, String name) {
    return integer(parent, parentPath, name, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
  }

  /** An int32 field that may not be negative (replicas, minReadySeconds…), as ValidateNonnegativeField. */
  public Long nonNegativeInt32(JsonNode parent, String parentPath, String name) {
    Long n = int32(parent, parentPath, name);
    if (n != null && n < 0) causes.add(Cause.invalid(child(parentPath, name), n, "must be greater than or equal to 0"));
    return n;
  }

  /** A Go int64 field. */
  public Long int64(JsonNode parent, String parentPath, String name) {
    return integer(parent, parentPath, name, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
  }

  public Boolean bool(JsonNode parent, String parentPath, String name) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v.isBoolean()) return v.booleanValue();
    typeMismatch(child(parentPath, name), v, "boolean");
    return null;
  }

  /**
   * An IntOrString field (targetPort, maxSurge…): answers the node when it is an int32 or a
   * string, else records a cause.
   */
  public JsonNode intOrString(JsonNode parent, String parentPath, String name) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v.isTextual() || (v.isIntegralNumber() && v.canConvertToInt())) return v;
    typeMismatch(child(parentPath, name), v, "int or string");
    return null;
  }

  /** A map[string]string field; entries whose value is not a string are reported and skipped. */
  public Map<String, String> stringMap(JsonNode parent, String parentPath, String name) {
    ObjectNode o = object(parent, parentPath, name);
    if (o == null) return null;
    String path = child(parentPath, name);
    Map<String, String> out = new LinkedHashMap<>();
    o.fields().forEachRemaining(e -> {
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().textValue());
      } else if (!e.getValue().isNull()) {
        typeMismatch(key(path, e.getKey()), e.getValue(), "string");
      }
    });
    return out;
  }

  /** Element i of an array that must hold objects. */
  public ObjectNode objectAt(ArrayNode array, String arrayPath, int i) {
    JsonNode v = array.get(i);
    if (v instanceof ObjectNode o) return o;
    typeMismatch(index(arrayPath, i), v, "object");
    return null;
  }

  /** Element i of an array that must hold strings. */
  public String stringAt(ArrayNode array, String arrayPath, int i) {
    JsonNode v = array.get(i);
    if (v != null && v.isTextual()) return v.textValue();
    typeMismatch(index(arrayPath, i), v, "string");
    return null;
  }

  /** Checks that every element of an optional string array is a string; answers them. */
  public List<String> strings(JsonNode parent, String parentPath, String name) {
    ArrayNode a = array(parent, parentPath, name);
    if (a == null) return null;
    String path = child(parentPath, name);
    ArrayList<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String s = stringAt(a, path, i);
      if (s != null) out.add(s);
    }
    return out;
  }

  /** The short form of a JSON value used in messages, cut so hostile input cannot bloat a Status. */
  public static String shown(JsonNode v) {
    String text = v == null ? "null" : v.toString();
    return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE) + "...";
  }

  private Long integer(JsonNode parent, String parentPath, String name, long min, long max, String type) {
    JsonNode v = present(parent, name);
    if (v == null) return null;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      long n = v.longValue();
      if (n >= min && n <= max) return n;
    }
    typeMismatch(child(parentPath, name), v, type);
    return null;
  }

  private void typeMismatch(String path, JsonNode v, String expected) {
    causes.add(new Cause("FieldValueTypeInvalid",
        "Invalid value: " + shown(v) + ": expected " + expected + ", got " + jsonType(v), path));
  }

  private static JsonNode present(JsonNode parent, String name) {
    if (parent == null) return null;
    JsonNode v = parent.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static String jsonType(JsonNode v) {
    if (v == null || v.isNull()) return "null";
    if (v.isTextual()) return "string";
    if (v.isNumber()) return "number";
    if (v.isBoolean()) return "boolean";
    if (v.isArray()) return "array";
    if (v.isObject()) return "object";
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
