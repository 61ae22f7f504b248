package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.io.IOException;

/** Services and pods for the endpoint helpers' tests, written as YAML. */
final class EndpointFixtures {
  private EndpointFixtures() {}

  /** A YAML document as the node type the caller expects (an object or an array). */
  @SuppressWarnings("unchecked")
  static <T extends JsonNode> T yaml(String text) {
    try {
      return (T) Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A Service selecting app=web with an http port to the named port "web" and a metrics port 9090. */
  static ObjectNode service() {
    return yaml("""
        metadata: {name: web, namespace: ns, labels: {team: a}}
        spec:
          selector: {app: web}
          ports:
          - {name: http, port: 80, targetPort: web, protocol: TCP}
          - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}
        """);
  }

  /** A pod with the named port "web" on {@code webPort} (none when 0), IP {@code ip} (none when null). */
  static ObjectNode pod(String name, String ip, boolean ready, int webPort) {
    ObjectNode pod = yaml("""
        metadata: {name: %s, namespace: ns, uid: uid-%s, labels: {app: web}}
        spec:
          nodeName: node-1
          containers: [{name: c, image: busybox}]
        status: {phase: Running}
        """.formatted(name, name));
    if (webPort > 0) {
      ((ObjectNode) pod.path("spec").path("containers").path(0)).putArray("ports").addObject()
          .put("name", "web").put("containerPort", webPort).put("protocol", "TCP");
    }
    ObjectNode status = (ObjectNode) pod.path("status");
    if (ip != null) status.put("podIP", ip);
    status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False");
    return pod;
  }
}
