package io.coxswain.core.scheduling;

import java.util.Map;

/**
 * spec.nodeSelector and required node affinity as a filter (both must hold); preferred node
 * affinity terms as a score, the sum of the weights of the terms a node matches.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {
  static final String REASON = "node(s) didn't match Pod's node affinity/selector";

  @Override
  public String name() {
    return "NodeAffinity";
  }

  @Override
  public int weight() {
    return 2;
  }

  @Override
  public boolean filters(PodInfo pod, CycleState state) {
    return !pod.nodeSelector().isEmpty() || pod.requiredNodeAffinity() != null;
  }

  @Override
  public boolean scores(PodInfo pod, CycleState state) {
    return !pod.preferredNodeAffinity().isEmpty();
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    return matchesRequired(pod, node) ? null : REASON;
  }

  /** The node passes the pod's nodeSelector and required node affinity (what topology spread also honours). */
  static boolean matchesRequired(PodInfo pod, NodeInfo node) {
    Map<String, String> labels = node.labels();
    for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    return pod.requiredNodeAffinity() == null || pod.requiredNodeAffinity().matches(node);
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    long sum = 0;
    for (PodInfo.PreferredTerm t : pod.preferredNodeAffinity()) {
      if (t.weight() != 0 && t.term().matches(node.labels(), node.fields())) sum += t.weight();
    }
    return sum;
  }

  @Override
  public void normalize(long[] scores, int count) {
    ScorePlugin.normalizeToMax(scores, count, false);
  }
}
