package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.ObjectMetaValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A Service's spec (Kubernetes' ValidateService): type, ports, IPs and traffic policies. */
final class ServiceSpecValidation {
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> AFFINITIES = List.of("ClientIP", "None");
  private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
  private static final List<String> FAMILY_POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
  private static final List<String> FAMILIES = List.of("IPv4", "IPv6");
  private static final int MAX_AFFINITY_SECONDS = 86400;

  private ServiceSpecValidation() {}

  static void validate(ObjectNode spec, JsonFields f) {
    String path = "spec";
    String type = f.string(spec, path, "type");
    if (type != null && !TYPES.contains(type)) f.add(Cause.notSupported("spec.type", type, TYPES));
    String clusterIp = f.string(spec, path, "clusterIP");
    boolean headless = ServiceStrategy.HEADLESS.equals(clusterIp);
    String t = type == null ? ServiceStrategy.CLUSTER_IP : type;

    if (t.equals(ServiceStrategy.EXTERNAL_NAME)) {
      validateExternalName(spec, clusterIp, f);
    } else {
      if (clusterIp != null && !clusterIp.isEmpty() && !headless && !IpAddress.isIp(clusterIp)) {
        f.add(Cause.invalid("spec.clusterIP", clusterIp, IpAddress.INVALID_IP));
      }
      if (headless && (t.equals(ServiceStrategy.NODE_PORT) || t.equals(ServiceStrategy.LOAD_BALANCER))) {
        f.add(Cause.invalid("spec.clusterIP", clusterIp, "may not be set to 'None' for " + t + " services"));
      }
    }
    List<String> clusterIps = f.strings(spec, path, "clusterIPs");
    if (clusterIps != null) {
      for (int i = 0; i < clusterIps.size(); i++) {
        String ip = clusterIps.get(i);
        if (!ip.equals(ServiceStrategy.HEADLESS) && !IpAddress.isIp(ip)) {
          f.add(Cause.invalid(index("spec.clusterIPs", i), ip, IpAddress.INVALID_IP));
        }
      }
    }

    validatePorts(f.array(spec, path, "ports"), t, headless, f);
    ObjectMetaValidation.validateLabels(f.stringMap(spec, path, "selector"), "spec.selector", f.causes());

    String affinity = f.string(spec, path, "sessionAffinity");
    if (affinity != null && !AFFINITIES.contains(affinity)) f.add(Cause.notSupported("spec.sessionAffinity", affinity, AFFINITIES));
    ObjectNode affinityConfig = f.object(spec, path, "sessionAffinityConfig");
    ObjectNode clientIp = affinityConfig == null ? null : f.object(affinityConfig, "spec.sessionAffinityConfig", "clientIP");
    if (clientIp != null) {
      Long timeout = f.int32(clientIp, "spec.sessionAffinityConfig.clientIP", "timeoutSeconds");
      if (timeout != null && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)) {
        f.add(Cause.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
            "must be greater than 0 and less than " + MAX_AFFINITY_SECONDS));
      }
    }

    String external = f.string(spec, path, "externalTrafficPolicy");
    if (external != null && !external.isEmpty()) {
      if (!ServiceStrategy.externallyAccessible(spec)) {
        f.add(Cause.invalid("spec.externalTrafficPolicy", external, "may only be set for externally-accessible services"));
      } else if (!TRAFFIC_POLICIES.contains(external)) {
        f.add(Cause.notSupported("spec.externalTrafficPolicy", external, TRAFFIC_POLICIES));
      }
    }
    Long healthCheck = f.int32(spec, path, "healthCheckNodePort");
    if (healthCheck != null && healthCheck != 0) {
      if (!t.equals(ServiceStrategy.LOAD_BALANCER) || !"Local".equals(external)) {
        f.add(Cause.invalid("spec.healthCheckNodePort", healthCheck,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
      } else {
        for (String msg : ValueFormats.portNumber(healthCheck)) f.add(Cause.invalid("spec.healthCheckNodePort", healthCheck, msg));
      }
    }
    String internal = f.string(spec, path, "internalTrafficPolicy");
    if (internal != null && !TRAFFIC_POLICIES.contains(internal)) {
      f.add(Cause.notSupported("spec.internalTrafficPolicy", internal, TRAFFIC_POLICIES));
    }
    Boolean allocateNodePorts = f.bool(spec, path, "allocateLoadBalancerNodePorts");
    if (allocateNodePorts != null && !t.equals(ServiceStrategy.LOAD_BALANCER)) {
      f.add(Cause.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
    }
    validateFamilies(spec, t, f);
    List<String> externalIps = f.strings(spec, path, "externalIPs");
    for (int i = 0; externalIps != null && i < externalIps.size(); i++) {
      if (!IpAddress.isIp(externalIps.get(i))) {
        f.add(Cause.invalid(index("spec.externalIPs", i), externalIps.get(i), IpAddress.INVALID_IP));
      }
    }
    List<String> ranges = f.strings(spec, path, "loadBalancerSourceRanges");
    for (int i = 0; ranges != null && i < ranges.size(); i++) {
      if (!IpAddress.isCidr(ranges.get(i).strip())) {
        f.add(Cause.invalid(index("spec.loadBalancerSourceRanges", i), ranges.get(i),
            "must be a valid IP address in CIDR form, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
      }
    }
    f.string(spec, path, "loadBalancerIP");
    f.string(spec, path, "loadBalancerClass");
    f.bool(spec, path, "publishNotReadyAddresses");
  }

  private static void validateExternalName(ObjectNode spec, String clusterIp, JsonFields f) {
    if (clusterIp != null && !clusterIp.isEmpty()) {
      f.add(Cause.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
    }
    for (String field : List.of("clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
      if (!FieldDefaults.isUnset(spec, field) && !(spec.get(field).isArray() && spec.get(field).isEmpty())) {
        f.add(Cause.forbidden(child("spec", field), "may not be set for ExternalName services"));
      }
    }
    String name = f.string(spec, "spec", "externalName");
    // A trailing dot marks the name fully qualified and is fine.
    String cname = name == null ? "" : name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (cname.isEmpty()) {
      if (name != null || FieldDefaults.isUnset(spec, "externalName")) f.add(Cause.required("spec.externalName"));
    } else {
      for (String msg : ValueFormats.dns1123Subdomain(cname)) f.add(Cause.invalid("spec.externalName", cname, msg));
    }
  }

  private static void validatePorts(ArrayNode ports, String type, boolean headless, JsonFields f) {
    String path = "spec.ports";
    if ((ports == null || ports.isEmpty()) && !headless && !type.equals(ServiceStrategy.EXTERNAL_NAME)) {
      f.add(Cause.required(path));
    }
    if (ports == null) return;
    boolean namesRequired = ports.size() > 1;
    Set<String> names = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    Set<String> nodePortKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode p = f.objectAt(ports, path, i);
      if (p == null) continue;
      String portPath = index(path, i);
      String name = f.string(p, portPath, "name");
      if (name == null || name.isEmpty()) {
        // With several ports, Endpoints and SRV records need names to tell them apart.
        if (namesRequired && (name != null || FieldDefaults.isUnset(p, "name"))) f.add(Cause.required(child(portPath, "name")));
      } else {
        for (String msg : ValueFormats.dns1123Label(name)) f.add(Cause.invalid(child(portPath, "name"), name, msg));
        if (!names.add(name)) f.add(Cause.duplicate(child(portPath, "name"), name));
      }
      Long port = f.int32(p, portPath, "port");
      if (port != null || FieldDefaults.isUnset(p, "port")) {
        long n = port == null ? 0 : port;
        for (String msg : ValueFormats.portNumber(n)) f.add(Cause.invalid(child(portPath, "port"), n, msg));
      }
      String protocol = f.string(p, portPath, "protocol");
      ContainerValidation.protocol(protocol, child(portPath, "protocol"), f);
      String proto = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
      if (port != null && !portKeys.add(port + "/" + proto)) f.add(Cause.duplicate(portPath, port + "/" + proto));
      if (!FieldDefaults.isUnset(p, "targetPort")) ProbeValidation.validatePortNumOrName(p, portPath, "targetPort", f);
      Long nodePort = f.int32(p, portPath, "nodePort");
      if (nodePort != null && nodePort != 0) {
        String nodePortPath = child(portPath, "nodePort");
        if (type.equals(ServiceStrategy.CLUSTER_IP)) {
          f.add(Cause.forbidden(nodePortPath, "may not be used when `type` is 'ClusterIP'"));
        } else if (!ValueFormats.portNumber(nodePort).isEmpty()) {
          // Whether it is in the configured node port range is the allocator's to say.
          for (String msg : ValueFormats.portNumber(nodePort)) f.add(Cause.invalid(nodePortPath, nodePort, msg));
        } else if (!nodePortKeys.add(nodePort + "/" + proto)) {
          f.add(Cause.duplicate(nodePortPath, nodePort));
        }
      }
      String appProtocol = f.string(p, portPath, "appProtocol");
      if (appProtocol != null && !appProtocol.isEmpty()) {
        for (String msg : ValueFormats.qualifiedName(appProtocol)) {
          f.add(Cause.invalid(child(portPath, "appProtocol"), appProtocol, msg));
        }
      }
    }
  }

  private static void validateFamilies(ObjectNode spec, String type, JsonFields f) {
    String policy = f.string(spec, "spec", "ipFamilyPolicy");
    if (policy != null && !type.equals(ServiceStrategy.EXTERNAL_NAME) && !FAMILY_POLICIES.contains(policy)) {
      f.add(Cause.notSupported("spec.ipFamilyPolicy", policy, FAMILY_POLICIES));
    }
    List<String> families = f.strings(spec, "spec", "ipFamilies");
    if (families == null || type.equals(ServiceStrategy.EXTERNAL_NAME)) return;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < families.size(); i++) {
      String family = families.get(i);
      if (!FAMILIES.contains(family)) {
        f.add(Cause.notSupported(index("spec.ipFamilies", i), family, FAMILIES));
      } else if (!seen.add(family)) {
        f.add(Cause.duplicate(index("spec.ipFamilies", i), family));
      }
    }
    if (families.size() > 2) {
      f.add(Cause.invalid("spec.ipFamilies", String.join(",", families), "may specify no more than one IP for each IP family"));
    }
  }
}
