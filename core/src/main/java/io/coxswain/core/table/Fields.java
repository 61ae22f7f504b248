package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tolerant reads of Kubernetes JSON for printers: a missing or wrong-typed field reads as the Go
 * zero value ("" / 0 / false / empty list / no time), so a partial object still prints a row.
 */
final class Fields {
  private Fields() {}

  static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n;
  }

  static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isTextual() ? n.asText() : "";
  }

  static long integer(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isNumber() ? n.asLong() : 0L;
  }

  static boolean bool(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isBoolean() && n.booleanValue();
  }

  /** Whether the field is present as an object, as a non-nil Go pointer to a struct would be. */
  static boolean isSet(JsonNode node, String... path) {
    return at(node, path).isObject();
  }

  static List<JsonNode> items(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (!n.isArray() || n.isEmpty()) return Collections.emptyList();
    List<JsonNode> out = new ArrayList<>(n.size());
    n.forEach(out::add);
    return out;
  }

  /** Entries of a map or elements of a list; anything else counts as empty. */
  static int size(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isArray() || n.isObject() ? n.size() : 0;
  }

  /** An RFC 3339 timestamp, or null when absent or unparseable (Kubernetes' zero time). */
  static Instant instant(JsonNode node, String... path) {
    String ts = text(node, path);
    if (ts.isEmpty()) return null;
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Kubernetes prints an empty value in these columns as {@code <none>}. */
  static String orNone(String s) {
    return s.isEmpty() ? "<none>" : s;
  }
}
