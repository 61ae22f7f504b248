package io.coxswain.core.scheduling;

/**
 * NoSchedule and NoExecute taints a pod does not tolerate keep it off the node; PreferNoSchedule
 * taints it does not tolerate count against the node.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {
  @Override
  public String name() {
    return "TaintToleration";
  }

  @Override
  public int weight() {
    return 3;
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    for (Taint taint : node.taints()) {
      if (taint.effect().equals(Taint.PREFER_NO_SCHEDULE)) continue;
      if (!taint.toleratedBy(pod.tolerations())) return "node(s) had untolerated taint " + taint;
    }
    return null;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    long intolerable = 0;
    for (Taint taint : node.taints()) {
      if (taint.effect().equals(Taint.PREFER_NO_SCHEDULE) && !taint.toleratedBy(pod.tolerations())) intolerable++;
    }
    return intolerable;
  }

  @Override
  public void normalize(long[] scores, int count) {
    ScorePlugin.normalizeToMax(scores, count, true);
  }
}
