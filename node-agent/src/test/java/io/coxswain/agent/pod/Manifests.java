package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test objects written as YAML, and a lookup over a fixed set of ConfigMaps and Secrets. */
final class Manifests {
  static final DownwardApiFacts FACTS = new DownwardApiFacts("node-1", List.of("10.0.0.5"), List.of("10.244.1.7"),
      Map.of("cpu", new BigDecimal("4"), "memory", new BigDecimal(8L * 1024 * 1024 * 1024),
          "ephemeral-storage", new BigDecimal(50L * 1024 * 1024 * 1024)));

  private Manifests() {}

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A pod in namespace "default" whose spec is given as YAML. */
  static ObjectNode pod(String spec) {
    return yaml("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: default
          uid: 0b5c7e9a-1111-2222-3333-444455556666
          labels: {app: web, tier: front}
          annotations: {owner: "team \\"a\\""}
        spec:
        """ + spec.indent(2));
  }

  static final class Lookup implements PodInputLookup {
    final Map<String, ObjectNode> configMaps = new HashMap<>();
    final Map<String, ObjectNode> secrets = new HashMap<>();
    int fetches;

    Lookup withConfigMap(String name, String yamlBody) {
      configMaps.put("default/" + name, yaml("metadata: {name: " + name + ", namespace: default}\n" + yamlBody));
      return this;
    }

    Lookup withSecret(String name, String yamlBody) {
      secrets.put("default/" + name, yaml("metadata: {name: " + name + ", namespace: default}\n" + yamlBody));
      return this;
    }

    @Override
    public Optional<ObjectNode> configMap(String namespace, String name) {
      fetches++;
      return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public Optional<ObjectNode> secret(String namespace, String name) {
      fetches++;
      return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }
  }
}
