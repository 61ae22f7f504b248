package io.coxswain.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a node agent says about its Node: the object it wants, given what is stored. Liveness is
 * cluster membership, so the agent writes only when {@link #needsWrite} finds a real change.
 */
public interface NodeRegistration {

  /** The Node to create when none is stored. */
  ObjectNode initial();

  /**
   * The merge patch for the Node's metadata and spec (labels, annotations, taints, podCIDR this
   * agent owns), or null when nothing there changed. It never removes what others added.
   */
  ObjectNode metadataPatch(ObjectNode existing);

  /** The merge patch for the Node's status, or null when nothing the agent reports changed. */
  ObjectNode statusPatch(ObjectNode existing);

  /** The same registration with these annotations added (say, where the agent's endpoint is). */
  NodeRegistration withAnnotations(java.util.Map<String, String> annotations);
}
