package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;

/** Rules for core/v1 Endpoints. */
public final class EndpointsStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Endpoints", "endpoints", "endpoints", true,
          List.of("ep"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public void applyDefaults(ObjectNode obj) {
    for (ObjectNode subset : FieldDefaults.objects(obj, "subsets")) {
      for (ObjectNode port : FieldDefaults.objects(subset, "ports")) FieldDefaults.string(port, "protocol", "TCP");
    }
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    ArrayNode subsets = f.array(obj, "", "subsets");
    for (int i = 0; subsets != null && i < subsets.size(); i++) {
      ObjectNode subset = f.objectAt(subsets, "subsets", i);
      if (subset == null) continue;
      String path = index("subsets", i);
      ArrayNode ready = f.array(subset, path, "addresses");
      ArrayNode notReady = f.array(subset, path, "notReadyAddresses");
      if ((ready == null || ready.isEmpty()) && (notReady == null || notReady.isEmpty())) {
        f.add(new Cause("FieldValueRequired", "Required value: must specify `addresses` or `notReadyAddresses`", path));
      }
      validateAddresses(ready, child(path, "addresses"), f);
      validateAddresses(notReady, child(path, "notReadyAddresses"), f);
      ArrayNode ports = f.array(subset, path, "ports");
      for (int j = 0; ports != null && j < ports.size(); j++) {
        ObjectNode port = f.objectAt(ports, child(path, "ports"), j);
        if (port != null) validatePort(port, index(child(path, "ports"), j), ports.size() > 1, f);
      }
    }
    return causes;
  }

  private static void validateAddresses(ArrayNode addresses, String path, JsonFields f) {
    for (int i = 0; addresses != null && i < addresses.size(); i++) {
      ObjectNode a = f.objectAt(addresses, path, i);
      if (a == null) continue;
      String addressPath = index(path, i);
      String ip = f.requiredString(a, addressPath, "ip");
      if (ip != null && !IpAddress.isIp(ip)) f.add(Cause.invalid(child(addressPath, "ip"), ip, IpAddress.INVALID_IP));
      String hostname = f.string(a, addressPath, "hostname");
      if (hostname != null && !hostname.isEmpty()) {
        for (String msg : ValueFormats.dns1123Label(hostname)) f.add(Cause.invalid(child(addressPath, "hostname"), hostname, msg));
      }
      String nodeName = f.string(a, addressPath, "nodeName");
      if (nodeName != null && !nodeName.isEmpty()) {
        for (String msg : ValueFormats.dns1123Subdomain(nodeName)) f.add(Cause.invalid(child(addressPath, "nodeName"), nodeName, msg));
      }
      f.object(a, addressPath, "targetRef");
    }
  }

  private static void validatePort(ObjectNode port, String path, boolean nameRequired, JsonFields f) {
    String name = f.string(port, path, "name");
    if (name == null || name.isEmpty()) {
      if (nameRequired && (name != null || FieldDefaults.isUnset(port, "name"))) f.add(Cause.required(child(path, "name")));
    } else {
      for (String msg : ValueFormats.dns1123Label(name)) f.add(Cause.invalid(child(path, "name"), name, msg));
    }
    Long number = f.int32(port, path, "port");
    if (number != null || FieldDefaults.isUnset(port, "port")) {
      long n = number == null ? 0 : number;
      for (String msg : ValueFormats.portNumber(n)) f.add(Cause.invalid(child(path, "port"), n, msg));
    }
    ContainerValidation.protocol(f.string(port, path, "protocol"), child(path, "protocol"), f);
    f.string(port, path, "appProtocol");
  }
}
