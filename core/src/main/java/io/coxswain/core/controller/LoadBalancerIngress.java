package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.ServiceAddresses;
import java.util.Collection;
import java.util.TreeSet;

/**
 * What a LoadBalancer Service's status.loadBalancer.ingress should list, the way k3s's service
 * load balancer does it: every Ready node's address (its ExternalIP, else its InternalIP), since
 * each node accepts the Service's traffic on its node ports.
 */
public final class LoadBalancerIngress {
  private LoadBalancerIngress() {}

  /** LoadBalancer Services that name no other load-balancer implementation (loadBalancerClass). */
  public static boolean served(JsonNode service) {
    return ServiceAddresses.type(service).equals("LoadBalancer")
        && service.path("spec").path("loadBalancerClass").asText("").isEmpty();
  }

  /** The address traffic reaches a node on, or null when the node is not Ready or has none. */
  public static String nodeAddress(JsonNode node) {
    boolean ready = false;
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) ready = "True".equals(c.path("status").asText());
    }
    if (!ready) return null;
    String internal = null;
    for (JsonNode a : node.path("status").path("addresses")) {
      String address = a.path("address").asText("");
      if (address.isEmpty()) continue;
      if ("ExternalIP".equals(a.path("type").asText())) return address;
      if ("InternalIP".equals(a.path("type").asText()) && internal == null) internal = address;
    }
    return internal;
  }

  /** The ingress list for these nodes, sorted by address; ipMode VIP as Kubernetes defaults it. */
  public static ArrayNode of(Collection<? extends JsonNode> nodes) {
    TreeSet<String> addresses = new TreeSet<>();
    for (JsonNode node : nodes) {
      String address = nodeAddress(node);
      if (address != null) addresses.add(address);
    }
    ArrayNode ingress = Json.MAPPER.createArrayNode();
    for (String address : addresses) ingress.addObject().put("ip", address).put("ipMode", "VIP");
    return ingress;
  }
}
