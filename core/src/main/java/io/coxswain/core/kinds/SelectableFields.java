package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Building the field sets a field selector tests. Kubernetes compares against the Go zero value,
 * so an absent string is "" (and an absent bool or number its zero, formatted as Go would).
 */
final class SelectableFields {
  private SelectableFields() {}

  /** metadata.name, and metadata.namespace for namespaced kinds only, as Kubernetes offers them. */
  static Map<String, String> objectMeta(JsonNode obj, boolean namespaced) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", orEmpty(Metadata.name(obj)));
    if (namespaced) fields.put("metadata.namespace", orEmpty(Metadata.namespace(obj)));
    return fields;
  }

  /** The string at a dotted path, or "" when absent or not a string. */
  static String text(JsonNode obj, String dottedPath) {
    JsonNode n = at(obj, dottedPath);
    return n.isTextual() ? n.textValue() : "";
  }

  /** A bool at a dotted path as Go's strconv.FormatBool writes it; absent is "false". */
  static String bool(JsonNode obj, String dottedPath) {
    return String.valueOf(at(obj, dottedPath).asBoolean(false) && at(obj, dottedPath).isBoolean());
  }

  /** An integer at a dotted path in decimal; absent is "0". */
  static String integer(JsonNode obj, String dottedPath) {
    JsonNode n = at(obj, dottedPath);
    return n.isIntegralNumber() ? n.asText() : "0";
  }

  private static JsonNode at(JsonNode obj, String dottedPath) {
    JsonNode n = obj;
    for (String part : dottedPath.split("\\.")) n = n.path(part);
    return n;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
