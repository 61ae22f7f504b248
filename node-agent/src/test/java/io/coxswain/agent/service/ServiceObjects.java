package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices as the API serves them, for the proxy's tests. */
final class ServiceObjects {
  /** An endpoint of a slice: address and conditions. */
  record Ep(String ip, int port, boolean ready, boolean serving, boolean terminating) {
    static Ep ready(String ip, int port) {
      return new Ep(ip, port, true, true, false);
    }

    static Ep notReady(String ip, int port) {
      return new Ep(ip, port, false, false, false);
    }
  }

  private ServiceObjects() {}

  static ObjectNode service(String name, String clusterIP, int port, int nodePort) {
    ObjectNode svc = Json.MAPPER.createObjectNode();
    svc.put("apiVersion", "v1").put("kind", "Service");
    svc.putObject("metadata").put("name", name).put("namespace", "default");
    ObjectNode spec = svc.putObject("spec");
    spec.put("type", nodePort > 0 ? "NodePort" : "ClusterIP");
    if (clusterIP != null) spec.put("clusterIP", clusterIP);
    ObjectNode p = spec.putArray("ports").addObject().put("name", "http").put("protocol", "TCP").put("port", port);
    if (nodePort > 0) p.put("nodePort", nodePort);
    return svc;
  }

  static ObjectNode udp(ObjectNode service) {
    ((ObjectNode) service.path("spec").path("ports").get(0)).put("protocol", "UDP");
    return service;
  }

  /** The endpoints' slices: one per port number, as a slice's port applies to all its endpoints. */
  static List<ObjectNode> slices(String service, String protocol, List<Ep> endpoints) {
    Map<Integer, List<Ep>> byPort = new java.util.TreeMap<>();
    for (Ep e : endpoints) byPort.computeIfAbsent(e.port(), k -> new java.util.ArrayList<>()).add(e);
    List<ObjectNode> out = new java.util.ArrayList<>();
    byPort.forEach((port, eps) -> out.add(slice(service + "-" + port, service, protocol, eps)));
    return out;
  }

  static ObjectNode slice(String service, String protocol, List<Ep> endpoints) {
    return slice(service + "-abc", service, protocol, endpoints);
  }

  static ObjectNode slice(String name, String service, String protocol, List<Ep> endpoints) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice").put("addressType", "IPv4");
    s.putObject("metadata").put("name", name).put("namespace", "default")
        .putObject("labels").put("kubernetes.io/service-name", service);
    int port = endpoints.isEmpty() ? 80 : endpoints.get(0).port();
    s.putArray("ports").addObject().put("name", "http").put("protocol", protocol).put("port", port);
    ArrayNode eps = s.putArray("endpoints");
    for (Ep e : endpoints) {
      ObjectNode o = eps.addObject();
      o.putArray("addresses").add(e.ip());
      o.putObject("conditions").put("ready", e.ready()).put("serving", e.serving()).put("terminating", e.terminating());
    }
    return s;
  }

  static ServiceTable table(List<ObjectNode> services, List<ObjectNode> slices) {
    Map<String, ObjectNode> svcs = new HashMap<>();
    for (ObjectNode s : services) svcs.put("default/" + s.path("metadata").path("name").asText(), s);
    Map<String, ObjectNode> sl = new HashMap<>();
    for (ObjectNode s : slices) sl.put("default/" + s.path("metadata").path("name").asText(), s);
    return ServiceTable.of(svcs, sl);
  }
}
