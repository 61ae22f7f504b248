package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a Service takes from the cluster's finite pools (a cluster IP, node ports, a health check
 * node port), read from its JSON, and how an update carries them over, as Kubernetes' service
 * registry decides (needsClusterIP, needsNodePort, patchAllocatedValues, dropTypeDependentFields).
 */
public final class ServiceAddresses {
  private ServiceAddresses() {}

  public static String type(JsonNode service) {
    String type = FieldDefaults.text(service.path("spec"), "type");
    return type.isEmpty() ? ServiceStrategy.CLUSTER_IP : type;
  }

  /** Every type but ExternalName has a clusterIP field to fill (a headless one holds "None"). */
  public static boolean needsClusterIp(JsonNode service) {
    return !type(service).equals(ServiceStrategy.EXTERNAL_NAME);
  }

  /** Whether the Service takes an address from the service range: it needs one and is not headless. */
  public static boolean allocatesClusterIp(JsonNode service) {
    return needsClusterIp(service) && !ServiceStrategy.headless(service.path("spec"));
  }

  public static boolean needsNodePorts(JsonNode service) {
    String type = type(service);
    return type.equals(ServiceStrategy.NODE_PORT) || type.equals(ServiceStrategy.LOAD_BALANCER);
  }

  /** NodePort Services, and LoadBalancer ones unless allocateLoadBalancerNodePorts is false, get node ports. */
  public static boolean allocatesNodePorts(JsonNode service) {
    String type = type(service);
    return type.equals(ServiceStrategy.NODE_PORT) || (type.equals(ServiceStrategy.LOAD_BALANCER)
        && service.path("spec").path("allocateLoadBalancerNodePorts").asBoolean(true));
  }

  /** A LoadBalancer that keeps client addresses (externalTrafficPolicy Local) gets a health check port. */
  public static boolean needsHealthCheckNodePort(JsonNode service) {
    return type(service).equals(ServiceStrategy.LOAD_BALANCER)
        && "Local".equals(FieldDefaults.text(service.path("spec"), "externalTrafficPolicy"));
  }

  /** The cluster IP the Service holds from the range, or "" (none yet, headless, ExternalName). */
  public static String clusterIp(JsonNode service) {
    if (!needsClusterIp(service)) return "";
    JsonNode spec = service.path("spec");
    String ip = FieldDefaults.text(spec, "clusterIP");
    if (ip.isEmpty() && spec.path("clusterIPs").isArray() && spec.path("clusterIPs").size() > 0) {
      ip = spec.path("clusterIPs").path(0).asText("");
    }
    return ip.equals(ServiceStrategy.HEADLESS) ? "" : ip;
  }

  /** Every node port the Service holds: its ports' node ports and its health check node port. */
  public static SortedSet<Integer> nodePorts(JsonNode service) {
    SortedSet<Integer> ports = new TreeSet<>();
    for (ObjectNode port : FieldDefaults.objects(service.path("spec"), "ports")) {
      int n = port.path("nodePort").asInt(0);
      if (n > 0) ports.add(n);
    }
    int healthCheck = service.path("spec").path("healthCheckNodePort").asInt(0);
    if (healthCheck > 0) ports.add(healthCheck);
    return ports;
  }

  /**
   * Before an update is validated: fields the old type was given and the new type has no use for
   * are wiped when the client left them as they were (so "type: ClusterIP" on a NodePort Service
   * just works), then values the client left out are carried over from the stored version (so a
   * PUT without clusterIP keeps the address). A Service that is no LoadBalancer shows no
   * load-balancer status.
   */
  static void prepareForUpdate(ObjectNode updated, ObjectNode stored) {
    if (!(updated.get("spec") instanceof ObjectNode spec)) return;
    JsonNode old = stored.path("spec");
    dropTypeDependentFields(updated, spec, stored, old);
    patchAllocatedValues(updated, spec, stored, old);
    if (!type(updated).equals(ServiceStrategy.LOAD_BALANCER) && updated.get("status") instanceof ObjectNode status) {
      status.putObject("loadBalancer");
    }
  }

  private static void dropTypeDependentFields(ObjectNode updated, ObjectNode spec, ObjectNode stored, JsonNode old) {
    if (needsClusterIp(stored) && !needsClusterIp(updated)) {
      if (same(old, spec, "clusterIP") && same(old, spec, "clusterIPs")) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
      if (same(old, spec, "ipFamilies")) spec.remove("ipFamilies");
      if (same(old, spec, "ipFamilyPolicy")) spec.remove("ipFamilyPolicy");
    }
    if (needsNodePorts(stored) && !needsNodePorts(updated) && nodePortsOf(old).equals(nodePortsOf(spec))) {
      for (ObjectNode port : FieldDefaults.objects(spec, "ports")) port.remove("nodePort");
    }
    if (needsHealthCheckNodePort(stored) && !needsHealthCheckNodePort(updated) && same(old, spec, "healthCheckNodePort")) {
      spec.remove("healthCheckNodePort");
    }
    boolean wasLoadBalancer = type(stored).equals(ServiceStrategy.LOAD_BALANCER);
    if (wasLoadBalancer && !type(updated).equals(ServiceStrategy.LOAD_BALANCER)) {
      if (same(old, spec, "allocateLoadBalancerNodePorts")) spec.remove("allocateLoadBalancerNodePorts");
      if (same(old, spec, "loadBalancerClass")) spec.remove("loadBalancerClass");
    }
    if (ServiceStrategy.externallyAccessible(old) && !ServiceStrategy.externallyAccessible(spec)
        && same(old, spec, "externalTrafficPolicy")) {
      spec.remove("externalTrafficPolicy");
    }
  }

  private static void patchAllocatedValues(ObjectNode updated, ObjectNode spec, ObjectNode stored, JsonNode old) {
    if (needsClusterIp(stored) && needsClusterIp(updated)) {
      if (FieldDefaults.text(spec, "clusterIP").isEmpty() && !FieldDefaults.text(old, "clusterIP").isEmpty()) {
        spec.put("clusterIP", old.get("clusterIP").textValue());
      }
      boolean noIps = !spec.path("clusterIPs").isArray() || spec.path("clusterIPs").isEmpty();
      if (noIps && old.path("clusterIPs").isArray() && !old.path("clusterIPs").isEmpty()) {
        spec.set("clusterIPs", old.get("clusterIPs").deepCopy());
      }
    }
    if (needsNodePorts(stored) && needsNodePorts(updated)) {
      // Ports both versions use cannot be carried over to another port.
      Set<Integer> used = new HashSet<>(nodePortsOf(old));
      used.retainAll(nodePortsOf(spec));
      Map<String, Integer> byName = new HashMap<>();
      for (ObjectNode port : FieldDefaults.objects(old, "ports")) {
        byName.put(FieldDefaults.text(port, "name"), port.path("nodePort").asInt(0));
      }
      for (ObjectNode port : FieldDefaults.objects(spec, "ports")) {
        if (port.path("nodePort").asInt(0) != 0) continue;
        int previous = byName.getOrDefault(FieldDefaults.text(port, "name"), 0);
        if (previous > 0 && !used.contains(previous)) port.put("nodePort", previous);
      }
    }
    if (needsHealthCheckNodePort(stored) && needsHealthCheckNodePort(updated)
        && spec.path("healthCheckNodePort").asInt(0) == 0 && old.path("healthCheckNodePort").asInt(0) > 0) {
      spec.put("healthCheckNodePort", old.get("healthCheckNodePort").intValue());
    }
  }

  private static List<Integer> nodePortsOf(JsonNode spec) {
    return FieldDefaults.objects(spec, "ports").stream().map(p -> p.path("nodePort").asInt(0)).toList();
  }

  private static boolean same(JsonNode old, JsonNode updated, String field) {
    JsonNode a = old.get(field);
    JsonNode b = updated.get(field);
    boolean aUnset = a == null || a.isNull();
    boolean bUnset = b == null || b.isNull();
    return aUnset || bUnset ? aUnset == bUnset : Objects.equals(a, b);
  }
}
