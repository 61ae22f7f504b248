package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Pods and nodes for the plugin tests, written as the YAML a user would write. */
final class Objects {
  private Objects() {}

  static ObjectNode yaml(String yaml) {
    try {
      return (ObjectNode) Json.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pod with uid = name; {@code spec} is the YAML body of its spec, indented by 2. */
  static PodInfo pod(String name, String labels, String spec) {
    return PodInfo.of(yaml("""
        metadata: {name: %s, namespace: default, uid: %s, labels: %s}
        spec:
        %s
        """.formatted(name, name, labels, spec.isEmpty() ? "  containers: [{name: c, image: i}]" : spec)));
  }

  static PodInfo pod(String name, String spec) {
    return pod(name, "{}", spec);
  }

  static PodInfo requesting(String name, String cpu, String memory) {
    return pod(name, "  containers: [{name: c, image: i, resources: {requests: {cpu: '%s', memory: '%s'}}}]".formatted(cpu, memory));
  }

  static ObjectNode node(String name, String labels, String cpu, String memory, String spec) {
    return yaml("""
        metadata: {name: %s, labels: %s}
        spec: %s
        status: {allocatable: {cpu: '%s', memory: '%s', pods: '110'}}
        """.formatted(name, labels, spec.isEmpty() ? "{}" : spec, cpu, memory));
  }

  static ObjectNode node(String name, String labels) {
    return node(name, labels, "4", "8Gi", "");
  }

  /** A cache holding these nodes. */
  static SchedulerCache cluster(ObjectNode... nodes) {
    SchedulerCache cache = new SchedulerCache();
    for (ObjectNode n : nodes) cache.setNode(n);
    return cache;
  }
}
