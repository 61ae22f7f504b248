package io.coxswain.core.scheduling;

/** A pod's hostPorts must be free on the node (same port and protocol on an overlapping address). */
public final class NodePorts implements FilterPlugin {
  static final String REASON = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public String name() {
    return "NodePorts";
  }

  @Override
  public boolean filters(PodInfo pod, CycleState state) {
    return !pod.hostPorts().isEmpty();
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    for (PodInfo.HostPort wanted : pod.hostPorts()) {
      for (PodInfo.HostPort used : node.usedPorts) {
        if (wanted.conflicts(used)) return REASON;
      }
    }
    return null;
  }
}
