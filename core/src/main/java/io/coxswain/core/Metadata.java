package io.coxswain.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read access to an object's {@code metadata}, tolerant of missing fields. */
public final class Metadata {
  private Metadata() {}

  public static ObjectNode of(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    return m instanceof ObjectNode o ? o : obj.putObject("metadata");
  }

  public static String name(JsonNode obj) {
    return text(obj, "name");
  }

  public static String namespace(JsonNode obj) {
    return text(obj, "namespace");
  }

  public static String uid(JsonNode obj) {
    return text(obj, "uid");
  }

  public static String resourceVersion(JsonNode obj) {
    return text(obj, "resourceVersion");
  }

  public static String generateName(JsonNode obj) {
    return text(obj, "generateName");
  }

  public static String creationTimestamp(JsonNode obj) {
    return text(obj, "creationTimestamp");
  }

  public static String deletionTimestamp(JsonNode obj) {
    return text(obj, "deletionTimestamp");
  }

  public static Map<String, String> labels(JsonNode obj) {
    return stringMap(obj.path("metadata").path("labels"));
  }

  public static Map<String, String> annotations(JsonNode obj) {
    return stringMap(obj.path("metadata").path("annotations"));
  }

  public static Map<String, String> stringMap(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) return Collections.emptyMap();
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static String text(JsonNode obj, String field) {
    JsonNode v = obj.path("metadata").path(field);
    return v.isTextual() ? v.asText() : null;
  }
}
