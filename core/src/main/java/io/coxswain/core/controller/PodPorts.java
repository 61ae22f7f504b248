package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;

/** The container port a Service port's targetPort means for one pod (podutil.FindPort). */
public final class PodPorts {
  private PodPorts() {}

  /**
   * A numeric targetPort as it is; a named one looked up among the pod's container ports by name and
   * protocol; null when the pod has no such port (it is then left out of that port's endpoints).
   */
  public static Integer find(JsonNode pod, JsonNode servicePort) {
    JsonNode target = servicePort.path("targetPort");
    if (target.isIntegralNumber()) return target.intValue();
    if (target.isMissingNode() || target.isNull()) {
      JsonNode port = servicePort.path("port");
      return port.isIntegralNumber() ? port.intValue() : null;
    }
    String name = target.asText();
    String protocol = protocol(servicePort);
    for (JsonNode container : pod.path("spec").path("containers")) {
      for (JsonNode port : container.path("ports")) {
        if (name.equals(port.path("name").asText()) && protocol.equals(protocol(port))) {
          JsonNode number = port.path("containerPort");
          return number.isIntegralNumber() ? number.intValue() : null;
        }
      }
    }
    return null;
  }

  public static String protocol(JsonNode port) {
    String p = port.path("protocol").asText("");
    return p.isEmpty() ? "TCP" : p;
  }
}
