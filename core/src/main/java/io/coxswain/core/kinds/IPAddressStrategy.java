package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;

/**
 * Rules for networking.k8s.io/v1 IPAddress: one object per allocated cluster IP, named by the IP,
 * so that creating it is taking the address and a second create is refused by its entity. This is
 * how Kubernetes 1.33 allocates service IPs across API servers.
 */
public final class IPAddressStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("networking.k8s.io", "v1", "IPAddress", "ipaddresses", "ipaddress", false,
          List.of("ip"), List.of(), false, false);
  /** Labels the allocator puts on the objects it creates; the repair loop touches only those. */
  public static final String FAMILY_LABEL = "ipaddress.kubernetes.io/ip-family";
  public static final String MANAGED_BY_LABEL = "ipaddress.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "ipallocator.k8s.io";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE, NameFormat.CANONICAL_IP);
    JsonFields f = new JsonFields(causes);
    ParentReference.validate(f.object(obj, "", "spec"), f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return ParentReference.validateUnchanged(updated, stored);
  }
}
