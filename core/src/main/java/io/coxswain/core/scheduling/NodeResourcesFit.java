package io.coxswain.core.scheduling;

import java.util.Map;

/** Whether the node's allocatable resources hold the pod's requests next to what is already requested. */
public final class NodeResourcesFit implements FilterPlugin {
  @Override
  public String name() {
    return "NodeResourcesFit";
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    Resources alloc = node.allocatable();
    Resources used = node.requested;
    Resources req = pod.requests();
    if (used.pods + 1 > alloc.pods) return "Too many pods";
    if (req.milliCpu > 0 && used.milliCpu + req.milliCpu > alloc.milliCpu) return "Insufficient cpu";
    if (req.memory > 0 && used.memory + req.memory > alloc.memory) return "Insufficient memory";
    if (req.ephemeralStorage > 0 && used.ephemeralStorage + req.ephemeralStorage > alloc.ephemeralStorage) {
      return "Insufficient ephemeral-storage";
    }
    if (req.scalars != null) {
      for (Map.Entry<String, Long> e : req.scalars.entrySet()) {
        if (e.getValue() > 0 && used.scalar(e.getKey()) + e.getValue() > alloc.scalar(e.getKey())) {
          return "Insufficient " + e.getKey();
        }
      }
    }
    return null;
  }
}
