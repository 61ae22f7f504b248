package io.coxswain.core.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One scheduling attempt (kube-scheduler's schedulePod): filter nodes, walking round from where the
 * last attempt stopped, until enough feasible ones are found; score those; pick the best, ties at
 * random. Not thread-safe: one scheduler owns one instance and reuses its buffers.
 */
public final class SchedulingAlgorithm {
  /** Below this many nodes every node is filtered; above it, a share of them (kube-scheduler's minFeasibleNodesToFind). */
  static final int MIN_FEASIBLE_NODES_TO_FIND = 100;

  private final List<FilterPlugin> filters;
  private final List<ScorePlugin> scores;
  private final int percentageOfNodesToScore;
  private final Random random;
  private final List<NodeInfo> feasible = new ArrayList<>();
  private final List<FilterPlugin> activeFilters = new ArrayList<>();
  private long[] totals = new long[0];
  private long[] pluginScores = new long[0];
  private int nextStartNodeIndex;

  /** The result: the chosen node, or null with the reasons every node was refused. */
  public record Decision(String nodeName, int nodes, int feasibleNodes, Map<String, Integer> reasons) {
    public boolean scheduled() {
      return nodeName != null;
    }

    /** As kube-scheduler words a FitError: "0/3 nodes are available: 1 …, 2 Insufficient cpu." */
    public String message() {
      if (nodes == 0) return "no nodes available to schedule pods";
      List<String> parts = new ArrayList<>();
      reasons.forEach((reason, count) -> parts.add(count + " " + reason));
      parts.sort(null);
      return "0/" + nodes + " nodes are available: " + String.join(", ", parts) + ".";
    }
  }

  public SchedulingAlgorithm(List<FilterPlugin> filters, List<ScorePlugin> scores, int percentageOfNodesToScore, Random random) {
    this.filters = List.copyOf(filters);
    this.scores = List.copyOf(scores);
    this.percentageOfNodesToScore = percentageOfNodesToScore;
    this.random = random;
  }

  /** The default profile's plugins, in kube-scheduler's order and with its weights; 0 means adaptive sampling. */
  public static SchedulingAlgorithm withDefaultPlugins(int percentageOfNodesToScore, Random random) {
    NodeAffinity nodeAffinity = new NodeAffinity();
    TaintToleration taints = new TaintToleration();
    InterPodAffinity podAffinity = new InterPodAffinity();
    PodTopologySpread spread = new PodTopologySpread();
    return new SchedulingAlgorithm(
        List.of(new NodeUnschedulable(), new NodeName(), taints, nodeAffinity, new NodePorts(), new NodeResourcesFit(),
            spread, podAffinity),
        List.of(taints, nodeAffinity, spread, podAffinity, new LeastAllocated(), new BalancedAllocation()),
        percentageOfNodesToScore, random);
  }

  public Decision schedule(PodInfo pod, SchedulerCache cluster) {
    List<NodeInfo> nodes = cluster.nodes();
    int n = nodes.size();
    if (n == 0) return new Decision(null, 0, 0, Map.of());
    CycleState state = new CycleState();
    activeFilters.clear();
    for (FilterPlugin f : filters) {
      f.preFilter(pod, cluster, state);
      if (f.filters(pod, state)) activeFilters.add(f);
    }
    int toFind = numFeasibleNodesToFind(n);
    feasible.clear();
    Map<String, Integer> reasons = null;
    int processed = 0;
    for (; processed < n && feasible.size() < toFind; processed++) {
      NodeInfo node = nodes.get((nextStartNodeIndex + processed) % n);
      String reason = null;
      for (int i = 0, m = activeFilters.size(); i < m && reason == null; i++) {
        reason = activeFilters.get(i).filter(pod, node, state);
      }
      if (reason == null) {
        feasible.add(node);
      } else {
        if (reasons == null) reasons = new TreeMap<>();
        reasons.merge(reason, 1, Integer::sum);
      }
    }
    nextStartNodeIndex = (nextStartNodeIndex + processed) % n;
    if (feasible.isEmpty()) return new Decision(null, n, 0, reasons == null ? Map.of() : reasons);
    NodeInfo chosen = feasible.size() == 1 ? feasible.get(0) : best(pod, cluster, state);
    return new Decision(chosen.name(), n, feasible.size(), Map.of());
  }

  private NodeInfo best(PodInfo pod, SchedulerCache cluster, CycleState state) {
    int count = feasible.size();
    if (totals.length < count) {
      totals = new long[count];
      pluginScores = new long[count];
    }
    Arrays.fill(totals, 0, count, 0);
    for (ScorePlugin s : scores) {
      s.preScore(pod, cluster, feasible, state);
      if (!s.scores(pod, state)) continue;
      for (int i = 0; i < count; i++) pluginScores[i] = s.score(pod, feasible.get(i), state);
      s.normalize(pluginScores, count);
      for (int i = 0; i < count; i++) totals[i] += pluginScores[i] * s.weight();
    }
    int best = 0;
    int ties = 1;
    for (int i = 1; i < count; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] == totals[best] && random.nextInt(++ties) == 0) {
        best = i;
      }
    }
    return feasible.get(best);
  }

  /** kube-scheduler's adaptive share: 50% less 1% per 125 nodes, at least 5%, at least 100 nodes. */
  int numFeasibleNodesToFind(int nodes) {
    if (nodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return nodes;
    int percentage = percentageOfNodesToScore;
    if (percentage <= 0) percentage = Math.max(5, 50 - nodes / 125);
    int num = nodes * percentage / 100;
    return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
  }
}
