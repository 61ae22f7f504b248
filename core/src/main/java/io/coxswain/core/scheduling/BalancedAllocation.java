package io.coxswain.core.scheduling;

/**
 * NodeResourcesBalancedAllocation: nodes whose cpu and memory would be used in similar fractions
 * after the pod score higher, so one resource is not exhausted while the other idles.
 */
public final class BalancedAllocation implements ScorePlugin {
  @Override
  public String name() {
    return "NodeResourcesBalancedAllocation";
  }

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    double cpu = fraction(node.nonZeroMilliCpu + pod.nonZeroMilliCpu(), node.allocatable().milliCpu());
    double memory = fraction(node.nonZeroMemory + pod.nonZeroMemory(), node.allocatable().memory());
    // the standard deviation of two fractions is half their difference
    double std = Math.abs(cpu - memory) / 2;
    return (long) ((1 - std) * MAX_SCORE);
  }

  private static double fraction(long requested, long capacity) {
    if (capacity <= 0) return 1;
    return Math.min(1.0, (double) requested / capacity);
  }
}
