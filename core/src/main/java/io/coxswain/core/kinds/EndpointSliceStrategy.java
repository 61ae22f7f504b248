package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for discovery.k8s.io/v1 EndpointSlice. */
public final class EndpointSliceStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", true,
          List.of(), List.of(), false, false);

  private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
  private static final int MAX_ADDRESSES = 100;
  private static final int MAX_ENDPOINTS = 1000;
  private static final int MAX_PORTS = 20000;

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /** Unnamed ports get name "" and TCP, so ports compare equal however they were written. */
  @Override
  public void applyDefaults(ObjectNode obj) {
    for (ObjectNode port : FieldDefaults.objects(obj, "ports")) {
      if (FieldDefaults.isUnset(port, "name")) port.put("name", "");
      FieldDefaults.string(port, "protocol", "TCP");
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    String addressType = f.requiredString(obj, "", "addressType");
    if (addressType != null && !ADDRESS_TYPES.contains(addressType)) {
      f.add(Cause.notSupported("addressType", addressType, ADDRESS_TYPES));
    }
    validateEndpoints(f.array(obj, "", "endpoints"), addressType, f);
    validatePorts(f.array(obj, "", "ports"), f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    String newType = FieldDefaults.text(updated, "addressType");
    String oldType = FieldDefaults.text(stored, "addressType");
    return newType.equals(oldType) ? List.of() : List.of(Cause.invalid("addressType", newType, "field is immutable"));
  }

  /** Kubernetes bumps an EndpointSlice's generation for any change but metadata, and for label changes. */
  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public boolean specChanged(ObjectNode stored, ObjectNode updated) {
    return KindStrategy.super.specChanged(stored, updated)
        || !SemanticEquality.equal(stored.path("metadata").get("labels"), updated.path("metadata").get("labels"));
  }

  private static void validateEndpoints(ArrayNode endpoints, String addressType, JsonFields f) {
    if (endpoints == null) return;
    if (endpoints.size() > MAX_ENDPOINTS) {
      f.add(new Cause("FieldValueTooMany", "Too many: " + endpoints.size() + ": must have at most " + MAX_ENDPOINTS + " items",
          "endpoints"));
      return;
    }
    for (int i = 0; i < endpoints.size(); i++) {
      ObjectNode e = f.objectAt(endpoints, "endpoints", i);
      if (e == null) continue;
      String path = index("endpoints", i);
      ArrayNode addresses = f.array(e, path, "addresses");
      String addressesPath = child(path, "addresses");
      if (addresses == null || addresses.isEmpty()) {
        if (addresses != null || FieldDefaults.isUnset(e, "addresses")) {
          f.add(new Cause("FieldValueRequired", "Required value: must contain at least 1 address", addressesPath));
        }
      } else if (addresses.size() > MAX_ADDRESSES) {
        f.add(new Cause("FieldValueTooMany", "Too many: " + addresses.size() + ": must have at most " + MAX_ADDRESSES + " items",
            addressesPath));
      } else {
        for (int j = 0; j < addresses.size(); j++) {
          String address = f.stringAt(addresses, addressesPath, j);
          if (address != null && addressType != null) validateAddress(address, addressType, index(addressesPath, j), f);
        }
      }
      ObjectNode conditions = f.object(e, path, "conditions");
      for (String condition : List.of("ready", "serving", "terminating")) {
        if (conditions != null) f.bool(conditions, child(path, "conditions"), condition);
      }
      String hostname = f.string(e, path, "hostname");
      if (hostname != null && !hostname.isEmpty()) {
        for (String msg : ValueFormats.dns1123Label(hostname)) f.add(Cause.invalid(child(path, "hostname"), hostname, msg));
      }
      String nodeName = f.string(e, path, "nodeName");
      if (nodeName != null && !nodeName.isEmpty()) {
        for (String msg : ValueFormats.dns1123Subdomain(nodeName)) f.add(Cause.invalid(child(path, "nodeName"), nodeName, msg));
      }
      f.string(e, path, "zone");
      f.object(e, path, "targetRef");
      f.object(e, path, "hints");
    }
  }

  private static void validateAddress(String address, String addressType, String path, JsonFields f) {
    switch (addressType) {
      case "IPv4" -> {
        if (!IpAddress.isIPv4(address)) f.add(Cause.invalid(path, address, "must be a valid IPv4 address"));
      }
      case "IPv6" -> {
        if (!IpAddress.isIPv6(address)) f.add(Cause.invalid(path, address, "must be a valid IPv6 address"));
      }
      case "FQDN" -> {
        for (String msg : ValueFormats.dns1123Subdomain(address)) f.add(Cause.invalid(path, address, msg));
      }
      default -> {}
    }
  }

  private static void validatePorts(ArrayNode ports, JsonFields f) {
    if (ports == null) return;
    if (ports.size() > MAX_PORTS) {
      f.add(new Cause("FieldValueTooMany", "Too many: " + ports.size() + ": must have at most " + MAX_PORTS + " items", "ports"));
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode p = f.objectAt(ports, "ports", i);
      if (p == null) continue;
      String path = index("ports", i);
      String name = f.string(p, path, "name");
      String n = name == null ? "" : name;
      if (!n.isEmpty()) {
        for (String msg : ValueFormats.dns1123Label(n)) f.add(Cause.invalid(child(path, "name"), n, msg));
      }
      // Consumers key ports by name, so even "" may appear only once.
      if ((name != null || FieldDefaults.isUnset(p, "name")) && !names.add(n)) f.add(Cause.duplicate(child(path, "name"), n));
      ContainerValidation.protocol(f.string(p, path, "protocol"), child(path, "protocol"), f);
      Long port = f.int32(p, path, "port");
      if (port != null) {
        for (String msg : ValueFormats.portNumber(port)) f.add(Cause.invalid(child(path, "port"), port, msg));
      }
      String appProtocol = f.string(p, path, "appProtocol");
      if (appProtocol != null && !appProtocol.isEmpty()) {
        for (String msg : ValueFormats.qualifiedName(appProtocol)) f.add(Cause.invalid(child(path, "appProtocol"), appProtocol, msg));
      }
    }
  }
}
