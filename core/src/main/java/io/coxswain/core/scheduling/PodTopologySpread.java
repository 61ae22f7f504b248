package io.coxswain.core.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * topologySpreadConstraints: DoNotSchedule constraints filter out nodes whose domain would exceed
 * maxSkew over the least-loaded domain; ScheduleAnyway constraints score nodes in emptier domains
 * higher. Only nodes that pass the pod's node selector and required affinity make domains
 * (nodeAffinityPolicy Honor), and only pods the constraint selects in the pod's namespace count.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {
  static final String REASON = "node(s) didn't match pod topology spread constraints";
  static final String MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
  private static final String HARD = "PodTopologySpread/hard";
  private static final String SOFT = "PodTopologySpread/soft";

  /** One constraint's pod count per domain, and the smallest count. */
  private record Counts(SpreadConstraint constraint, Map<String, Integer> byDomain, int min) {}

  @Override
  public String name() {
    return "PodTopologySpread";
  }

  @Override
  public int weight() {
    return 2;
  }

  @Override
  public void preFilter(PodInfo pod, SchedulerCache cluster, CycleState state) {
    List<Counts> hard = counts(pod, cluster, true);
    if (!hard.isEmpty()) state.put(HARD, hard);
  }

  @Override
  public boolean filters(PodInfo pod, CycleState state) {
    return state.get(HARD) != null;
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    List<Counts> hard = state.get(HARD);
    for (Counts c : hard) {
      String v = node.labels().get(c.constraint().topologyKey());
      if (v == null) return MISSING_LABEL;
      int self = c.constraint().counts(pod, pod.namespace()) ? 1 : 0;
      if (c.byDomain().getOrDefault(v, 0) + self - c.min() > c.constraint().maxSkew()) return REASON;
    }
    return null;
  }

  @Override
  public void preScore(PodInfo pod, SchedulerCache cluster, List<NodeInfo> feasible, CycleState state) {
    List<Counts> soft = counts(pod, cluster, false);
    if (!soft.isEmpty()) state.put(SOFT, soft);
  }

  @Override
  public boolean scores(PodInfo pod, CycleState state) {
    return state.get(SOFT) != null;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    List<Counts> soft = state.get(SOFT);
    long sum = 0;
    for (Counts c : soft) {
      String v = node.labels().get(c.constraint().topologyKey());
      // a node outside every domain is the worst place to spread to
      sum += v == null ? c.byDomain().values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1
          : c.byDomain().getOrDefault(v, 0);
    }
    return sum;
  }

  @Override
  public void normalize(long[] scores, int count) {
    ScorePlugin.normalizeToMax(scores, count, true);
  }

  private static List<Counts> counts(PodInfo pod, SchedulerCache cluster, boolean hard) {
    List<Counts> out = new ArrayList<>(0);
    for (SpreadConstraint c : pod.spreadConstraints()) {
      if (c.hard() != hard) continue;
      Map<String, Integer> byDomain = new HashMap<>();
      for (NodeInfo node : cluster.nodes()) {
        String v = node.labels().get(c.topologyKey());
        if (v == null || !NodeAffinity.matchesRequired(pod, node)) continue;
        int n = 0;
        for (PodInfo existing : node.pods()) {
          if (!existing.terminating() && c.counts(existing, pod.namespace())) n++;
        }
        byDomain.merge(v, n, Integer::sum);
      }
      int min = byDomain.size() < c.minDomains() ? 0
          : byDomain.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      out.add(new Counts(c, byDomain, min));
    }
    return out;
  }
}
