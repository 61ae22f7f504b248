package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 Service. */
public final class ServiceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Service", "services", "service", true,
          List.of("svc"), List.of("all"), true, false);

  static final String CLUSTER_IP = "ClusterIP";
  static final String NODE_PORT = "NodePort";
  static final String LOAD_BALANCER = "LoadBalancer";
  static final String EXTERNAL_NAME = "ExternalName";
  static final String HEADLESS = "None";
  /** Kubernetes' DefaultClientIPServiceAffinitySeconds: three hours. */
  private static final int DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /**
   * core/v1 defaults plus the IP family fields the server's allocator fills in. The cluster IP
   * itself is left for the allocator; this server's service network is single-stack IPv4.
   */
  @Override
  public void applyDefaults(ObjectNode obj) {
    ObjectNode spec = FieldDefaults.object(obj, "spec");
    if (spec == null) return;
    FieldDefaults.string(spec, "sessionAffinity", "None");
    switch (FieldDefaults.text(spec, "sessionAffinity")) {
      case "None" -> spec.remove("sessionAffinityConfig");
      case "ClientIP" -> {
        ObjectNode config = FieldDefaults.object(spec, "sessionAffinityConfig");
        ObjectNode clientIp = config == null ? null : FieldDefaults.object(config, "clientIP");
        if (clientIp != null) FieldDefaults.number(clientIp, "timeoutSeconds", DEFAULT_CLIENT_IP_AFFINITY_SECONDS);
      }
      default -> {}
    }
    FieldDefaults.string(spec, "type", CLUSTER_IP);
    String type = FieldDefaults.text(spec, "type");
    for (ObjectNode port : FieldDefaults.objects(spec, "ports")) {
      FieldDefaults.string(port, "protocol", "TCP");
      JsonNode target = port.get("targetPort");
      boolean unset = target == null || target.isNull() || (target.isIntegralNumber() && target.asLong() == 0)
          || (target.isTextual() && target.textValue().isEmpty());
      if (unset && port.path("port").isIntegralNumber()) port.set("targetPort", port.get("port"));
    }
    if (externallyAccessible(spec)) FieldDefaults.string(spec, "externalTrafficPolicy", "Cluster");
    if (List.of(CLUSTER_IP, NODE_PORT, LOAD_BALANCER).contains(type)) {
      FieldDefaults.string(spec, "internalTrafficPolicy", "Cluster");
    }
    if (type.equals(LOAD_BALANCER)) FieldDefaults.bool(spec, "allocateLoadBalancerNodePorts", true);
    if (!type.equals(EXTERNAL_NAME)) defaultIpFamilies(spec);
    // LoadBalancerStatus is not a pointer in Go, so every Service shows an empty one.
    if (FieldDefaults.isUnset(obj, "status")) obj.putObject("status").putObject("loadBalancer");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE, NameFormat.DNS1035_LABEL);
    JsonFields f = new JsonFields(causes);
    ObjectNode spec = f.object(obj, "", "spec");
    if (spec == null) {
      if (FieldDefaults.isUnset(obj, "spec")) f.add(Cause.required("spec.ports"));
      return causes;
    }
    ServiceSpecValidation.validate(spec, f);
    return causes;
  }

  @Override
  public void prepareForUpdate(ObjectNode updated, ObjectNode stored) {
    ServiceAddresses.prepareForUpdate(updated, stored);
  }

  /** Once allocated, the cluster IP stays: proxies and DNS have handed it out. */
  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    String newType = SelectableFields.text(updated, "spec.type");
    String oldType = SelectableFields.text(stored, "spec.type");
    String newIp = SelectableFields.text(updated, "spec.clusterIP");
    String oldIp = SelectableFields.text(stored, "spec.clusterIP");
    // An update that leaves clusterIP out keeps the allocated one, as Kubernetes carries it over.
    if (!newType.equals(EXTERNAL_NAME) && !oldType.equals(EXTERNAL_NAME) && !oldIp.isEmpty()
        && !newIp.isEmpty() && !newIp.equals(oldIp)) {
      return List.of(Cause.invalid("spec.clusterIP", newIp, "field is immutable"));
    }
    return List.of();
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, true);
    fields.put("spec.clusterIP", SelectableFields.text(obj, "spec.clusterIP"));
    fields.put("spec.type", SelectableFields.text(obj, "spec.type"));
    return fields;
  }

  /** NodePort and LoadBalancer services, and ClusterIP ones with external IPs, take outside traffic. */
  static boolean externallyAccessible(JsonNode spec) {
    String type = FieldDefaults.text(spec, "type");
    return type.equals(NODE_PORT) || type.equals(LOAD_BALANCER)
        || (type.equals(CLUSTER_IP) && spec.path("externalIPs").isArray() && !spec.path("externalIPs").isEmpty());
  }

  static boolean headless(JsonNode spec) {
    return HEADLESS.equals(FieldDefaults.text(spec, "clusterIP"));
  }

  private static void defaultIpFamilies(ObjectNode spec) {
    String clusterIp = FieldDefaults.text(spec, "clusterIP");
    if (!clusterIp.isEmpty() && FieldDefaults.isUnset(spec, "clusterIPs")) spec.putArray("clusterIPs").add(clusterIp);
    JsonNode clusterIps = spec.get("clusterIPs");
    if (clusterIp.isEmpty() && FieldDefaults.isUnset(spec, "clusterIP") && clusterIps instanceof ArrayNode ips
        && ips.size() > 0 && ips.get(0).isTextual()) {
      spec.put("clusterIP", ips.get(0).textValue());
      clusterIp = ips.get(0).textValue();
    }
    boolean selectorless = spec.path("selector").size() == 0;
    // A headless service without selector lists endpoints someone else manages, of any family.
    FieldDefaults.string(spec, "ipFamilyPolicy", headless(spec) && selectorless ? "RequireDualStack" : "SingleStack");
    JsonNode families = spec.get("ipFamilies");
    if (families == null || families.isNull() || (families.isArray() && families.isEmpty())) {
      spec.putArray("ipFamilies").add(IpAddress.isIPv6(clusterIp) ? "IPv6" : "IPv4");
    }
  }
}
