package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.List;

/** metadata.ownerReferences: who owns an object, and which owner is its controller. */
public final class OwnerReferences {
  private OwnerReferences() {}

  /** The uid of the owner reference with {@code controller: true}, or null. */
  public static String controllerUid(JsonNode obj) {
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) return ref.path("uid").asText(null);
    }
    return null;
  }

  /** The owner reference with {@code controller: true}, or null. */
  public static JsonNode controllerRef(JsonNode obj) {
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) return ref;
    }
    return null;
  }

  /** Every owner's uid, controller or not. */
  public static List<String> ownerUids(JsonNode obj) {
    List<String> out = new ArrayList<>(1);
    for (JsonNode ref : obj.path("metadata").path("ownerReferences")) {
      String uid = ref.path("uid").asText("");
      if (!uid.isEmpty()) out.add(uid);
    }
    return out;
  }

  /** A controller reference to {@code owner}, as controllers set it on what they create or adopt. */
  public static ObjectNode controllerRefTo(JsonNode owner) {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("apiVersion", owner.path("apiVersion").asText());
    ref.put("kind", owner.path("kind").asText());
    ref.put("name", Metadata.name(owner));
    ref.put("uid", Metadata.uid(owner));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    return ref;
  }

  /** The object's owner references with {@code ref} added (for an adoption patch). */
  public static ArrayNode with(JsonNode obj, ObjectNode ref) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode r : obj.path("metadata").path("ownerReferences")) out.add(r);
    out.add(ref);
    return out;
  }

  /** The object's owner references without the one to {@code uid} (for a release patch). */
  public static ArrayNode without(JsonNode obj, String uid) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (JsonNode r : obj.path("metadata").path("ownerReferences")) {
      if (!uid.equals(r.path("uid").asText())) out.add(r);
    }
    return out;
  }
}
