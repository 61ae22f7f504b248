package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading the ConfigMaps and Secrets a pod refers to: finding them (with kubelet's "not found"
 * message) and decoding their payload. Keys come back sorted, the order the Kubernetes API
 * serialises maps in, so results do not depend on how an object's JSON happened to be ordered.
 */
final class ReferencedData {
  private ReferencedData() {}

  /**
   * Kubelet's configmap manager answers a NotFound error for the resource "configmap" (singular),
   * hence {@code configmap "cfg" not found} rather than the API server's {@code configmaps}.
   */
  static String configMapNotFound(String name) {
    return "configmap \"" + name + "\" not found";
  }

  static String secretNotFound(String name) {
    return "secret \"" + name + "\" not found";
  }

  /** A ConfigMap's {@code data}: the only part environment variables can come from. */
  static Map<String, String> configMapStrings(ObjectNode configMap) {
    Map<String, String> out = new TreeMap<>();
    configMap.path("data").fields().forEachRemaining(e -> {
      if (e.getValue().isTextual()) out.put(e.getKey(), e.getValue().textValue());
    });
    return out;
  }

  /** A ConfigMap's {@code data} and {@code binaryData} as file contents, as volumes see them. */
  static Map<String, byte[]> configMapFiles(ObjectNode configMap) {
    Map<String, byte[]> out = new TreeMap<>();
    configMapStrings(configMap).forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    out.putAll(base64Values(configMap.path("binaryData")));
    return out;
  }

  /**
   * A Secret's {@code data}, base64-decoded. {@code stringData} is ignored: the API server folds it
   * into {@code data} on write and never stores it, so a stored Secret does not carry it.
   */
  static Map<String, byte[]> secretBytes(ObjectNode secret) {
    return base64Values(secret.path("data"));
  }

  /** A Secret value as an environment variable: its bytes as UTF-8 text, as Go's string(bytes). */
  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Values that are not valid base64 are skipped: validation rejected them when they were stored. */
  private static Map<String, byte[]> base64Values(JsonNode map) {
    Map<String, byte[]> out = new TreeMap<>();
    map.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) return;
      try {
        out.put(e.getKey(), Base64.getDecoder().decode(e.getValue().textValue().replace("\n", "").replace("\r", "")));
      } catch (IllegalArgumentException ignored) {
        // unreachable for objects that passed validation
      }
    });
    return out;
  }
}
