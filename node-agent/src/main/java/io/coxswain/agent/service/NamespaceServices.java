package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The Services a pod's environment is made from, as the agent knows them at this moment. */
@FunctionalInterface
public interface NamespaceServices {
  /** The namespace's Services and {@code default/kubernetes} (Kubernetes JSON); never blocks on the network. */
  List<ObjectNode> services(String namespace);

  /** For nodes that give pods no Service variables (hollow nodes). */
  static NamespaceServices none() {
    return namespace -> List.of();
  }
}
