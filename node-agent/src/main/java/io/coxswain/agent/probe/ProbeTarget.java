package io.coxswain.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.agent.runtime.ContainerRuntime;

/**
 * The container a probe or hook acts on: where exec runs, the address network checks default to,
 * and the container's manifest for named ports.
 */
public record ProbeTarget(ContainerRuntime runtime, String containerId, String podIP, JsonNode container) {

  /** A port as written in a probe: its number, or the containerPort of the container's port with that name. */
  public int resolvePort(String port) {
    if (port != null && !port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
      int n = Integer.parseInt(port);
      if (n > 0 && n < 65536) return n;
      throw new IllegalArgumentException("invalid port number: " + port);
    }
    if (container != null) {
      for (JsonNode p : container.path("ports")) {
        if (p.path("name").asText("").equals(port) && p.path("containerPort").isIntegralNumber()) {
          return p.path("containerPort").asInt();
        }
      }
    }
    String name = container == null ? "" : container.path("name").asText("");
    throw new IllegalArgumentException("couldn't find port: " + port + " in container " + name);
  }

  /** The host a network check goes to: the one given, else the pod's address. */
  public String hostOr(String host) {
    return host == null || host.isEmpty() ? podIP : host;
  }
}
