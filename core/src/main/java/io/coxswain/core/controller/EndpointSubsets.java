package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The subsets of a Service's Endpoints (the endpoints controller's syncService): one address per
 * pod that belongs in endpoints, per service port that resolves on that pod, repacked so that
 * addresses offering the same ports share a subset.
 */
public final class EndpointSubsets {
  private EndpointSubsets() {}

  /** A port of a subset; a port number of -1 stands for "no ports" while repacking. */
  public record Port(String name, int port, String protocol, String appProtocol) {
    static final Port NONE = new Port("", -1, "", null);
    static final Comparator<Port> ORDER = Comparator.comparing(Port::name).thenComparingInt(Port::port)
        .thenComparing(Port::protocol);

    public ObjectNode toJson() {
      ObjectNode p = Json.MAPPER.createObjectNode();
      if (!name.isEmpty()) p.put("name", name);
      p.put("port", port);
      p.put("protocol", protocol);
      if (appProtocol != null) p.put("appProtocol", appProtocol);
      return p;
    }

    static Port fromJson(JsonNode p) {
      JsonNode app = p.get("appProtocol");
      return new Port(p.path("name").asText(""), p.path("port").asInt(), PodPorts.protocol(p),
          app == null || app.isNull() ? null : app.asText());
    }
  }

  /** One pod's endpoint: its address and whether it counts as ready. */
  public record Subset(List<ObjectNode> addresses, List<ObjectNode> notReadyAddresses, List<Port> ports) {}

  /** At most this many addresses in one Endpoints object (the endpoints controller's maxCapacity). */
  public static final int MAX_CAPACITY = 1000;
  /** The annotation that says addresses were left out for capacity, and its value. */
  public static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
  public static final String TRUNCATED = "truncated";

  /** Subsets cut to a capacity, and whether anything had to go. */
  public record Capped(List<Subset> subsets, boolean truncated) {}

  /** The Endpoints subsets of {@code service} over {@code pods} (already those its selector matches), as stored. */
  public static ArrayNode compute(JsonNode service, Collection<? extends JsonNode> pods) {
    return toJson(subsets(service, pods));
  }

  /** As {@link #compute}, as records. */
  public static List<Subset> subsets(JsonNode service, Collection<? extends JsonNode> pods) {
    boolean publishNotReady = service.path("spec").path("publishNotReadyAddresses").asBoolean(false);
    String family = EndpointPods.family(service);
    JsonNode servicePorts = service.path("spec").path("ports");
    List<Subset> subsets = new ArrayList<>();
    for (JsonNode pod : pods) {
      if (!EndpointPods.shouldBeInEndpoints(pod, publishNotReady)) continue;
      String ip = EndpointPods.address(pod, family);
      if (ip == null) continue;
      ObjectNode address = address(pod, service, ip);
      boolean ready = publishNotReady || PodConditions.isReady(pod);
      if (servicePorts.isEmpty()) {
        // A headless Service may have no ports; its pods are still its endpoints.
        if (ServiceSelectors.isHeadless(service)) subsets.add(subset(address, ready, List.of()));
        continue;
      }
      for (JsonNode sp : servicePorts) {
        Integer number = PodPorts.find(pod, sp);
        if (number == null) continue;
        JsonNode app = sp.get("appProtocol");
        Port port = new Port(sp.path("name").asText(""), number, PodPorts.protocol(sp),
            app == null || app.isNull() ? null : app.asText());
        subsets.add(subset(address, ready, List.of(port)));
      }
    }
    return repack(subsets);
  }

  /**
   * truncateEndpoints: more than {@code max} addresses are cut, ready ones kept first; each subset
   * keeps a share proportional to its size (rounded up, so the last ones may get less).
   */
  public static Capped truncate(List<Subset> subsets, int max) {
    int ready = 0;
    int notReady = 0;
    for (Subset s : subsets) {
      ready += s.addresses().size();
      notReady += s.notReadyAddresses().size();
    }
    if (ready + notReady <= max) return new Capped(subsets, false);
    boolean cutReady = ready > max;
    int room = cutReady ? max : max - ready;
    int total = cutReady ? ready : notReady;
    int left = room;
    List<Subset> out = new ArrayList<>(subsets.size());
    for (Subset s : subsets) {
      List<ObjectNode> cut = cutReady ? s.addresses() : s.notReadyAddresses();
      int share = Math.min((int) Math.ceil((double) cut.size() / total * room), left);
      List<ObjectNode> kept = cut.size() <= share ? cut : cut.subList(0, share);
      left -= kept.size();
      out.add(cutReady
          ? new Subset(kept, List.of(), s.ports())
          : new Subset(s.addresses(), kept, s.ports()));
    }
    return new Capped(out, true);
  }

  static ObjectNode address(JsonNode pod, JsonNode service, String ip) {
    ObjectNode a = Json.MAPPER.createObjectNode();
    a.put("ip", ip);
    String hostname = EndpointPods.hostname(pod, service);
    if (hostname != null) a.put("hostname", hostname);
    String node = pod.path("spec").path("nodeName").asText("");
    if (!node.isEmpty()) a.put("nodeName", node);
    a.set("targetRef", EndpointPods.targetRef(pod));
    return a;
  }

  private static Subset subset(ObjectNode address, boolean ready, List<Port> ports) {
    return ready ? new Subset(List.of(address), List.of(), ports) : new Subset(List.of(), List.of(address), ports);
  }

  /**
   * endpoints.RepackSubsets: every distinct port is mapped to the addresses offering it (ready
   * wins when an address is listed both ways), then ports whose address sets are equal become one
   * subset. Addresses are sorted by IP and pod uid, ports by name, number and protocol, subsets by
   * their content, so equal inputs always give equal output.
   */
  public static List<Subset> repack(List<Subset> subsets) {
    Map<String, ObjectNode> allAddresses = new LinkedHashMap<>();
    Map<Port, TreeMap<String, Boolean>> addressesByPort = new LinkedHashMap<>();
    for (Subset s : subsets) {
      List<Port> ports = s.ports().isEmpty() ? List.of(Port.NONE) : s.ports();
      for (Port port : ports) {
        TreeMap<String, Boolean> offered = addressesByPort.computeIfAbsent(port, p -> new TreeMap<>());
        for (ObjectNode a : s.addresses()) offered.merge(remember(a, allAddresses), true, Boolean::logicalOr);
        for (ObjectNode a : s.notReadyAddresses()) offered.merge(remember(a, allAddresses), false, Boolean::logicalOr);
      }
    }
    // Ports whose address sets are equal (same addresses, same readiness) share a subset.
    Map<TreeMap<String, Boolean>, List<Port>> portsByAddresses = new LinkedHashMap<>();
    for (Map.Entry<Port, TreeMap<String, Boolean>> e : addressesByPort.entrySet()) {
      List<Port> ports = portsByAddresses.computeIfAbsent(e.getValue(), k -> new ArrayList<>());
      if (e.getKey().port() > 0) ports.add(e.getKey());
    }
    List<Subset> out = new ArrayList<>();
    for (Map.Entry<TreeMap<String, Boolean>, List<Port>> e : portsByAddresses.entrySet()) {
      List<ObjectNode> ready = new ArrayList<>();
      List<ObjectNode> notReady = new ArrayList<>();
      e.getValue().sort(Port.ORDER);
      e.getKey().forEach((key, isReady) -> (isReady ? ready : notReady).add(allAddresses.get(key)));
      ready.sort(ADDRESS_ORDER);
      notReady.sort(ADDRESS_ORDER);
      out.add(new Subset(ready, notReady, e.getValue()));
    }
    out.sort(Comparator.comparing(s -> subsetJson(s).toString()));
    return out;
  }

  /** Subsets as stored: empty lists left out. */
  public static ArrayNode toJson(List<Subset> subsets) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Subset s : subsets) out.add(subsetJson(s));
    return out;
  }

  /** Subsets as stored back into records (for repacking what someone else wrote). */
  public static List<Subset> fromJson(JsonNode subsets) {
    List<Subset> out = new ArrayList<>();
    for (JsonNode s : subsets) {
      List<ObjectNode> ready = new ArrayList<>();
      List<ObjectNode> notReady = new ArrayList<>();
      List<Port> ports = new ArrayList<>();
      s.path("addresses").forEach(a -> ready.add((ObjectNode) a));
      s.path("notReadyAddresses").forEach(a -> notReady.add((ObjectNode) a));
      s.path("ports").forEach(p -> ports.add(Port.fromJson(p)));
      out.add(new Subset(ready, notReady, ports));
    }
    return out;
  }

  private static ObjectNode subsetJson(Subset s) {
    ObjectNode subset = Json.MAPPER.createObjectNode();
    if (!s.addresses().isEmpty()) subset.putArray("addresses").addAll(s.addresses());
    if (!s.notReadyAddresses().isEmpty()) subset.putArray("notReadyAddresses").addAll(s.notReadyAddresses());
    if (!s.ports().isEmpty()) {
      ArrayNode ports = subset.putArray("ports");
      s.ports().forEach(p -> ports.add(p.toJson()));
    }
    return subset;
  }

  /** Addresses are the same endpoint when IP and pod uid agree (RepackSubsets' addressKey). */
  private static String remember(ObjectNode address, Map<String, ObjectNode> all) {
    String key = address.path("ip").asText() + "\u0000" + address.path("targetRef").path("uid").asText("");
    all.putIfAbsent(key, address);
    return key;
  }

  private static final Comparator<ObjectNode> ADDRESS_ORDER =
      Comparator.<ObjectNode, String>comparing(a -> a.path("ip").asText())
          .thenComparing(a -> a.path("targetRef").path("uid").asText(""));
}
