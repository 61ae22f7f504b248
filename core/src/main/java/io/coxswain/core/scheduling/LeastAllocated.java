package io.coxswain.core.scheduling;

/**
 * NodeResourcesFit's default score: nodes with more cpu and memory left after the pod score higher,
 * so pods spread. Requests left unset count as the scheduler's non-zero defaults.
 */
public final class LeastAllocated implements ScorePlugin {
  @Override
  public String name() {
    return "NodeResourcesFit";
  }

  @Override
  public int weight() {
    return 1;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    long cpu = leastAllocated(node.nonZeroMilliCpu + pod.nonZeroMilliCpu(), node.allocatable().milliCpu());
    long memory = leastAllocated(node.nonZeroMemory + pod.nonZeroMemory(), node.allocatable().memory());
    return (cpu + memory) / 2;
  }

  static long leastAllocated(long requested, long capacity) {
    if (capacity <= 0 || requested > capacity) return 0;
    return (capacity - requested) * MAX_SCORE / capacity;
  }
}
