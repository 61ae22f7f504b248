package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the endpoint controllers read from a Pod (endpointsliceutil and podutil in Kubernetes). */
public final class EndpointPods {
  private EndpointPods() {}

  /**
   * Whether the pod belongs in a Service's endpoints at all: it has an IP, has not finished, and is
   * not terminating unless {@code includeTerminating}.
   */
  public static boolean shouldBeInEndpoints(JsonNode pod, boolean includeTerminating) {
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) return false;
    if (ips(pod).isEmpty()) return false;
    return includeTerminating || Metadata.deletionTimestamp(pod) == null;
  }

  public static boolean isTerminating(JsonNode pod) {
    return Metadata.deletionTimestamp(pod) != null;
  }

  /** The pod's address of one family ("IPv4" or "IPv6"), or null when it has none. */
  public static String address(JsonNode pod, String family) {
    for (String ip : ips(pod)) {
      if (family.equals("IPv6") ? IpAddress.isIPv6(ip) : IpAddress.isIPv4(ip)) return ip;
    }
    return null;
  }

  /** The family a Service's endpoints use: its first ipFamilies entry, IPv4 when it has none. */
  public static String family(JsonNode service) {
    String f = service.path("spec").path("ipFamilies").path(0).asText("");
    return f.equals("IPv6") ? "IPv6" : "IPv4";
  }

  /** spec.hostname, when the pod's subdomain names this Service (in its namespace); else null. */
  public static String hostname(JsonNode pod, JsonNode service) {
    String hostname = pod.path("spec").path("hostname").asText("");
    if (hostname.isEmpty()) return null;
    boolean named = pod.path("spec").path("subdomain").asText("").equals(Metadata.name(service))
        && Objects.equals(Metadata.namespace(pod), Metadata.namespace(service));
    return named ? hostname : null;
  }

  public static ObjectNode targetRef(JsonNode pod) {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("kind", "Pod");
    ref.put("namespace", Metadata.namespace(pod));
    ref.put("name", Metadata.name(pod));
    ref.put("uid", Metadata.uid(pod));
    return ref;
  }

  /**
   * The part of a pod endpoints depend on; two versions with equal views need no endpoint update
   * (podEndpointsChanged in Kubernetes).
   */
  public static JsonNode view(JsonNode pod) {
    ObjectNode v = Json.MAPPER.createObjectNode();
    v.set("labels", pod.path("metadata").path("labels"));
    v.put("deleting", isTerminating(pod));
    v.put("phase", pod.path("status").path("phase").asText(""));
    v.put("ready", PodConditions.isReady(pod));
    ArrayNode ips = v.putArray("ips");
    ips(pod).forEach(ips::add);
    v.set("nodeName", pod.path("spec").path("nodeName"));
    v.set("hostname", pod.path("spec").path("hostname"));
    v.set("subdomain", pod.path("spec").path("subdomain"));
    ArrayNode ports = v.putArray("ports");
    for (JsonNode container : pod.path("spec").path("containers")) ports.add(container.path("ports"));
    return v;
  }

  private static List<String> ips(JsonNode pod) {
    JsonNode status = pod.path("status");
    JsonNode podIps = status.path("podIPs");
    if (podIps.isArray() && !podIps.isEmpty()) {
      List<String> out = new ArrayList<>(podIps.size());
      for (JsonNode ip : podIps) {
        String s = ip.path("ip").asText("");
        if (!s.isEmpty()) out.add(s);
      }
      if (!out.isEmpty()) return out;
    }
    String ip = status.path("podIP").asText("");
    return ip.isEmpty() ? List.of() : List.of(ip);
  }
}
