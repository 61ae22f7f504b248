package io.coxswain.core.scheduling;

/** A cordoned node (spec.unschedulable) takes only pods that tolerate its unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {
  static final String REASON = "node(s) were unschedulable";
  private static final Taint UNSCHEDULABLE = new Taint("node.kubernetes.io/unschedulable", "", Taint.NO_SCHEDULE);

  @Override
  public String name() {
    return "NodeUnschedulable";
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    return !node.unschedulable() || UNSCHEDULABLE.toleratedBy(pod.tolerations()) ? null : REASON;
  }
}
