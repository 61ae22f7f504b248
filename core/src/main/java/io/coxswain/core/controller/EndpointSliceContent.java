package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a Service's EndpointSlices should hold (the endpointslice reconciler's desired state): one
 * endpoint per pod with an address of the slice family, grouped by the ports the Service's ports
 * resolve to on that pod; plus the labels and owner every managed slice carries.
 */
public final class EndpointSliceContent {
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "endpointslice-controller.k8s.io";
  public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
  public static final String ADDRESS_TYPE = "IPv4";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private EndpointSliceContent() {}

  /** The endpoints of pods that offer the same ports, and those ports as a slice lists them. */
  public record Group(ArrayNode ports, List<ObjectNode> endpoints) {
    /** Identifies the port set whatever the order of its ports. */
    public String portsKey() {
      return EndpointSliceContent.portsKey(ports);
    }
  }

  /**
   * The desired endpoints of {@code service} over {@code pods} (those its selector matches), keyed
   * by {@link #portsKey}; pods within a group in name order.
   */
  public static Map<String, Group> desired(JsonNode service, Collection<? extends JsonNode> pods) {
    return desired(service, pods, node -> null);
  }

  /** As {@link #desired(JsonNode, Collection)}, with each endpoint's zone from its node ({@code zoneOfNode} may answer null). */
  public static Map<String, Group> desired(
      JsonNode service, Collection<? extends JsonNode> pods, Function<String, String> zoneOfNode) {
    boolean publishNotReady = service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    List<JsonNode> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparing(Metadata::name));
    Map<String, Group> out = new LinkedHashMap<>();
    for (JsonNode pod : sorted) {
      // Terminating pods stay, marked terminating, so consumers can drain them.
      if (!EndpointPods.shouldBeInEndpoints(pod, true)) continue;
      String ip = EndpointPods.address(pod, ADDRESS_TYPE);
      if (ip == null) continue;
      ArrayNode ports = ports(service, pod);
      String key = portsKey(ports);
      out.computeIfAbsent(key, k -> new Group(ports, new ArrayList<>())).endpoints()
          .add(endpoint(pod, service, ip, publishNotReady, zoneOfNode));
    }
    return out;
  }

  static ArrayNode ports(JsonNode service, JsonNode pod) {
    ArrayNode ports = Json.MAPPER.createArrayNode();
    for (JsonNode sp : service.path("spec").path("ports")) {
      Integer number = PodPorts.find(pod, sp);
      if (number == null) continue;
      ObjectNode p = ports.addObject();
      p.put("name", sp.path("name").asText(""));
      p.put("port", number);
      p.put("protocol", PodPorts.protocol(sp));
      JsonNode app = sp.get("appProtocol");
      if (app != null && !app.isNull()) p.put("appProtocol", app.asText());
    }
    return ports;
  }

  static ObjectNode endpoint(
      JsonNode pod, JsonNode service, String ip, boolean publishNotReady, Function<String, String> zoneOfNode) {
    boolean serving = PodConditions.isReady(pod);
    boolean terminating = EndpointPods.isTerminating(pod);
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.putArray("addresses").add(ip);
    ObjectNode conditions = e.putObject("conditions");
    // A terminating pod is never ready, unless the Service publishes not-ready addresses.
    conditions.put("ready", publishNotReady || (serving && !terminating));
    conditions.put("serving", serving);
    conditions.put("terminating", terminating);
    String hostname = EndpointPods.hostname(pod, service);
    if (hostname != null) e.put("hostname", hostname);
    e.set("targetRef", EndpointPods.targetRef(pod));
    String node = pod.path("spec").path("nodeName").asText("");
    if (!node.isEmpty()) {
      e.put("nodeName", node);
      String zone = zoneOfNode.apply(node);
      if (zone != null && !zone.isEmpty()) e.put("zone", zone);
    }
    return e;
  }

  /** Which pod an endpoint stands for: its targetRef's uid, or its addresses when it has none. */
  public static String endpointKey(JsonNode endpoint) {
    String uid = endpoint.path("targetRef").path("uid").asText("");
    return uid.isEmpty() ? "addresses:" + endpoint.path("addresses") : uid;
  }

  public static String portsKey(JsonNode ports) {
    List<EndpointSubsets.Port> list = new ArrayList<>();
    for (JsonNode p : ports) list.add(EndpointSubsets.Port.fromJson(p));
    list.sort(EndpointSubsets.Port.ORDER.thenComparing(p -> String.valueOf(p.appProtocol())));
    return list.toString();
  }

  /** The labels of every slice of {@code service}: its own labels, the service name and the manager. */
  public static ObjectNode labels(JsonNode service) {
    ObjectNode labels = Json.MAPPER.createObjectNode();
    Metadata.labels(service).forEach((k, v) -> {
      if (!k.equals(SERVICE_NAME_LABEL) && !k.equals(MANAGED_BY_LABEL)) labels.put(k, v);
    });
    if (ServiceSelectors.isHeadless(service)) labels.put(HEADLESS_LABEL, "");
    labels.put(SERVICE_NAME_LABEL, Metadata.name(service));
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    return labels;
  }

  /** Whether this controller manages the slice (other controllers may keep slices for the same Service). */
  public static boolean isManaged(JsonNode slice) {
    return MANAGED_BY.equals(Metadata.labels(slice).get(MANAGED_BY_LABEL));
  }

  /** A new slice of {@code service} holding {@code group}, named {@code <service>-<random>}. */
  public static ObjectNode newSlice(JsonNode service, Group group) {
    ObjectNode slice = Json.MAPPER.createObjectNode();
    slice.put("apiVersion", "discovery.k8s.io/v1");
    slice.put("kind", "EndpointSlice");
    ObjectNode meta = slice.putObject("metadata");
    String prefix = Metadata.name(service) + "-";
    meta.put("name", GeneratedNames.generate(prefix));
    meta.put("generateName", prefix);
    meta.put("namespace", Metadata.namespace(service));
    meta.set("labels", labels(service));
    ObjectNode owner = OwnerReferences.controllerRefTo(service);
    owner.put("apiVersion", "v1");
    owner.put("kind", "Service");
    meta.putArray("ownerReferences").add(owner);
    slice.put("addressType", ADDRESS_TYPE);
    slice.putArray("endpoints").addAll(group.endpoints());
    slice.set("ports", group.ports().deepCopy());
    return slice;
  }
}
