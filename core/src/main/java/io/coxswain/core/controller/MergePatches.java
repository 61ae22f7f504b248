package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;

/** Pieces of JSON merge patches (RFC 7386) that controllers send. */
public final class MergePatches {
  private MergePatches() {}

  /**
   * A patch value that turns the map {@code stored} (labels, annotations; may be missing) into
   * {@code desired}: every desired entry, and null for each stored key that should go.
   */
  public static ObjectNode replacingMap(JsonNode stored, JsonNode desired) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    stored.fieldNames().forEachRemaining(k -> {
      if (!desired.has(k)) patch.putNull(k);
    });
    desired.fields().forEachRemaining(e -> patch.set(e.getKey(), e.getValue()));
    return patch;
  }
}
