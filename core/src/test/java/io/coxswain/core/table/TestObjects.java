package io.coxswain.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.time.Duration;
import java.time.Instant;

/** Builds test objects from JSON text, with timestamps relative to a fixed now. */
final class TestObjects {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private TestObjects() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** An RFC 3339 timestamp this long before {@link #NOW}. */
  static String ago(Duration d) {
    return NOW.minus(d).toString();
  }

  static String minutesAgo(long minutes) {
    return ago(Duration.ofMinutes(minutes));
  }
}
