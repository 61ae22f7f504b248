package io.coxswain.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ConfigMaps and Secrets a pod names (env, envFrom, volumes, projected sources), so the agent
 * can fetch them before resolving the pod's inputs.
 */
record PodReferences(Set<String> configMaps, Set<String> secrets) {

  static PodReferences of(JsonNode pod) {
    Set<String> configMaps = new TreeSet<>();
    Set<String> secrets = new TreeSet<>();
    JsonNode spec = pod.path("spec");
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        for (JsonNode from : c.path("envFrom")) {
          add(configMaps, from.path("configMapRef").path("name"));
          add(secrets, from.path("secretRef").path("name"));
        }
        for (JsonNode env : c.path("env")) {
          add(configMaps, env.path("valueFrom").path("configMapKeyRef").path("name"));
          add(secrets, env.path("valueFrom").path("secretKeyRef").path("name"));
        }
      }
    }
    for (JsonNode v : spec.path("volumes")) {
      add(configMaps, v.path("configMap").path("name"));
      add(secrets, v.path("secret").path("secretName"));
      for (JsonNode source : v.path("projected").path("sources")) {
        add(configMaps, source.path("configMap").path("name"));
        add(secrets, source.path("secret").path("name"));
      }
    }
    return new PodReferences(configMaps, secrets);
  }

  private static void add(Set<String> names, JsonNode name) {
    if (name.isTextual() && !name.textValue().isEmpty()) names.add(name.textValue());
  }
}
