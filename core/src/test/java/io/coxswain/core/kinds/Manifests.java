package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Test manifests written as YAML, the way people write them for kubectl. */
final class Manifests {
  private Manifests() {}

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> fields(List<Cause> causes) {
    return causes.stream().map(Cause::field).toList();
  }
}
