package io.coxswain.core.scheduling;

/** A pod that names its node in spec.nodeName fits that node only. */
public final class NodeName implements FilterPlugin {
  static final String REASON = "node(s) didn't match the requested node name";

  @Override
  public String name() {
    return "NodeName";
  }

  @Override
  public boolean filters(PodInfo pod, CycleState state) {
    return pod.bound();
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    return !pod.bound() || pod.nodeName().equals(node.name()) ? null : REASON;
  }
}
