package io.coxswain.core.scheduling;

/**
 * A scheduling filter: whether a pod may run on a node. {@link #filter} answers null when the node
 * fits, or the reason it does not, worded as Kubernetes words it ("Insufficient cpu"), because
 * identical reasons are counted into the pod's "0/N nodes are available" message.
 */
public interface FilterPlugin {
  String name();

  /** Work done once per pod before any node is filtered; {@code state} carries it to {@link #filter}. */
  default void preFilter(PodInfo pod, SchedulerCache cluster, CycleState state) {}

  /** Whether the plugin has anything to check for this pod at all (the hot path skips it if not). */
  default boolean filters(PodInfo pod, CycleState state) {
    return true;
  }

  String filter(PodInfo pod, NodeInfo node, CycleState state);
}
