package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;

/**
 * Rules for coxswain.io/v1 NodePortAllocation: one object per node port a Service holds, named by
 * the port number, the node-port counterpart of IPAddress. Kubernetes keeps node ports in one
 * bitmap per API server cluster; an object per port lets several control-plane members allocate
 * at once with the entity refusing the second taker. As in Kubernetes, a port is taken for every
 * protocol at once (one Service may use it for both TCP and UDP).
 */
public final class NodePortAllocationStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("coxswain.io", "v1", "NodePortAllocation", "nodeportallocations", "nodeportallocation", false,
          List.of(), List.of(), false, false);
  public static final String MANAGED_BY_LABEL = "coxswain.io/managed-by";
  public static final String MANAGED_BY = "nodeport-allocator.coxswain.io";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE, NameFormat.PORT_NUMBER);
    JsonFields f = new JsonFields(causes);
    ParentReference.validate(f.object(obj, "", "spec"), f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return ParentReference.validateUnchanged(updated, stored);
  }
}
