package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One Service as the agent knows it, with the EndpointSlices that name it in their
 * {@code kubernetes.io/service-name} label. The JSON is Kubernetes JSON as the API serves it;
 * it is shared by every reader, so treat it as read-only.
 */
public final class ServiceEntry {
  /** A Service port: {@code nodePort} is 0 when it has none. */
  public record ServicePort(String name, String protocol, int port, int nodePort) {}

  /**
   * An endpoint of one Service port, with the EndpointSlice conditions as Kubernetes reads them
   * (ready unset means ready; serving unset means as ready; terminating unset means not).
   *
   * @param nodeName "" when the slice does not say
   * @param podName the targetRef's name, "" without one
   */
  public record Endpoint(String address, int port, boolean ready, boolean serving, boolean terminating,
      String nodeName, String podName) {}

  private final ObjectNode service;
  private final List<ObjectNode> endpointSlices;
  private final List<ServicePort> ports;

  public ServiceEntry(ObjectNode service, List<ObjectNode> endpointSlices) {
    this.service = service;
    this.endpointSlices = List.copyOf(endpointSlices);
    List<ServicePort> ps = new ArrayList<>();
    for (JsonNode p : service.path("spec").path("ports")) {
      ps.add(new ServicePort(p.path("name").asText(""), p.path("protocol").asText("TCP"),
          p.path("port").asInt(), p.path("nodePort").asInt(0)));
    }
    this.ports = List.copyOf(ps);
  }

  public ObjectNode service() {
    return service;
  }

  /** The slices of this Service, in key order. */
  public List<ObjectNode> endpointSlices() {
    return endpointSlices;
  }

  public String namespace() {
    return service.path("metadata").path("namespace").asText("");
  }

  public String name() {
    return service.path("metadata").path("name").asText("");
  }

  /** "namespace/name". */
  public String key() {
    return namespace() + "/" + name();
  }

  /** spec.type, ClusterIP when unset. */
  public String type() {
    return service.path("spec").path("type").asText("ClusterIP");
  }

  /** spec.clusterIP: "" before allocation, "None" for a headless Service. */
  public String clusterIP() {
    return service.path("spec").path("clusterIP").asText("");
  }

  public boolean headless() {
    return "None".equals(clusterIP());
  }

  public List<ServicePort> ports() {
    return ports;
  }

  /** The endpoints of {@code port}, from every slice that lists a port of its name and protocol. */
  public List<Endpoint> endpoints(ServicePort port) {
    List<Endpoint> out = new ArrayList<>();
    for (ObjectNode slice : endpointSlices) {
      if (!"IPv4".equals(slice.path("addressType").asText("IPv4"))) continue;
      int number = -1;
      for (JsonNode sp : slice.path("ports")) {
        if (sp.path("name").asText("").equals(port.name()) && sp.path("protocol").asText("TCP").equals(port.protocol())) {
          number = sp.path("port").asInt(-1);
        }
      }
      if (number <= 0) continue;
      for (JsonNode e : slice.path("endpoints")) {
        JsonNode c = e.path("conditions");
        boolean ready = c.path("ready").asBoolean(true);
        boolean serving = c.path("serving").asBoolean(ready);
        boolean terminating = c.path("terminating").asBoolean(false);
        for (JsonNode address : e.path("addresses")) {
          out.add(new Endpoint(address.asText(), number, ready, serving, terminating,
              e.path("nodeName").asText(""), e.path("targetRef").path("name").asText("")));
        }
      }
    }
    return out;
  }
}
