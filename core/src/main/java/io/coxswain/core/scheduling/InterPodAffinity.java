package io.coxswain.core.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod affinity and anti-affinity, required (a filter) and preferred (a score), in any topology
 * domain a node label defines. Existing pods' required anti-affinity keeps the incoming pod out of
 * their domains too, and their preferred terms pull or push it, as in Kubernetes.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {
  static final String AFFINITY = "node(s) didn't match pod affinity rules";
  static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
  static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
  /** Weight of an existing pod's required affinity term that the incoming pod matches. */
  static final int HARD_POD_AFFINITY_WEIGHT = 1;

  /** Domains ("key=value") that existing pods' or the pod's own terms rule in or out. */
  private static final class Required {
    final Set<String> existingAntiDomains = new HashSet<>();
    final List<Map<String, Integer>> affinityCounts;
    final List<Set<String>> antiDomains;
    boolean anyAffinityMatch;

    Required(int affinityTerms, int antiTerms) {
      affinityCounts = new ArrayList<>(affinityTerms);
      for (int i = 0; i < affinityTerms; i++) affinityCounts.add(new HashMap<>());
      antiDomains = new ArrayList<>(antiTerms);
      for (int i = 0; i < antiTerms; i++) antiDomains.add(new HashSet<>());
    }
  }

  @Override
  public String name() {
    return "InterPodAffinity";
  }

  @Override
  public int weight() {
    return 2;
  }

  @Override
  public void preFilter(PodInfo pod, SchedulerCache cluster, CycleState state) {
    if (!pod.hasPodAffinity() && cluster.podsWithAffinity() == 0) return;
    Required r = new Required(pod.requiredAffinity().size(), pod.requiredAntiAffinity().size());
    boolean ownTerms = !pod.requiredAffinity().isEmpty() || !pod.requiredAntiAffinity().isEmpty();
    for (NodeInfo node : cluster.nodes()) {
      if (node.podCount() == 0 || (!ownTerms && node.podsWithRequiredAntiAffinity == 0)) continue;
      for (PodInfo existing : node.pods()) {
        for (AffinityTerm t : existing.requiredAntiAffinity()) {
          String v = node.labels().get(t.topologyKey());
          if (v != null && t.matches(pod)) r.existingAntiDomains.add(t.topologyKey() + "=" + v);
        }
        for (int i = 0; i < pod.requiredAffinity().size(); i++) {
          AffinityTerm t = pod.requiredAffinity().get(i);
          String v = node.labels().get(t.topologyKey());
          if (v != null && t.matches(existing)) {
            r.affinityCounts.get(i).merge(v, 1, Integer::sum);
            r.anyAffinityMatch = true;
          }
        }
        for (int i = 0; i < pod.requiredAntiAffinity().size(); i++) {
          AffinityTerm t = pod.requiredAntiAffinity().get(i);
          String v = node.labels().get(t.topologyKey());
          if (v != null && t.matches(existing)) r.antiDomains.get(i).add(v);
        }
      }
    }
    state.put(name(), r);
  }

  @Override
  public boolean filters(PodInfo pod, CycleState state) {
    return state.get(name()) != null || !pod.requiredAffinity().isEmpty();
  }

  @Override
  public String filter(PodInfo pod, NodeInfo node, CycleState state) {
    Required r = state.get(name());
    Map<String, String> labels = node.labels();
    if (r != null) {
      if (!r.existingAntiDomains.isEmpty()) {
        for (Map.Entry<String, String> l : labels.entrySet()) {
          if (r.existingAntiDomains.contains(l.getKey() + "=" + l.getValue())) return EXISTING_ANTI_AFFINITY;
        }
      }
      for (int i = 0; i < pod.requiredAntiAffinity().size(); i++) {
        String v = labels.get(pod.requiredAntiAffinity().get(i).topologyKey());
        if (v != null && r.antiDomains.get(i).contains(v)) return ANTI_AFFINITY;
      }
    }
    List<AffinityTerm> affinity = pod.requiredAffinity();
    if (affinity.isEmpty()) return null;
    // The first pod of a group that wants to be with its own kind may go anywhere the terms' keys exist.
    boolean selfMatch = (r == null || !r.anyAffinityMatch) && affinity.stream().allMatch(t -> t.matches(pod));
    for (int i = 0; i < affinity.size(); i++) {
      String v = labels.get(affinity.get(i).topologyKey());
      if (v == null) return AFFINITY;
      if (!selfMatch && (r == null || r.affinityCounts.get(i).getOrDefault(v, 0) == 0)) return AFFINITY;
    }
    return null;
  }

  // Score

  @Override
  public void preScore(PodInfo pod, SchedulerCache cluster, List<NodeInfo> feasible, CycleState state) {
    boolean ownPreferred = !pod.preferredAffinity().isEmpty() || !pod.preferredAntiAffinity().isEmpty();
    if (!ownPreferred && cluster.podsWithAffinity() == 0) return;
    Map<String, Long> domainScores = new HashMap<>();
    for (NodeInfo node : cluster.nodes()) {
      if (node.podCount() == 0 || (!ownPreferred && node.podsWithAffinity == 0)) continue;
      for (PodInfo existing : node.pods()) {
        for (AffinityTerm t : pod.preferredAffinity()) add(domainScores, node, t, t.matches(existing), t.weight());
        for (AffinityTerm t : pod.preferredAntiAffinity()) add(domainScores, node, t, t.matches(existing), -t.weight());
        for (AffinityTerm t : existing.preferredAffinity()) add(domainScores, node, t, t.matches(pod), t.weight());
        for (AffinityTerm t : existing.preferredAntiAffinity()) add(domainScores, node, t, t.matches(pod), -t.weight());
        for (AffinityTerm t : existing.requiredAffinity()) add(domainScores, node, t, t.matches(pod), HARD_POD_AFFINITY_WEIGHT);
      }
    }
    if (!domainScores.isEmpty()) state.put(name() + "/score", domainScores);
  }

  private static void add(Map<String, Long> scores, NodeInfo node, AffinityTerm t, boolean matches, long weight) {
    if (!matches || weight == 0) return;
    String v = node.labels().get(t.topologyKey());
    if (v != null) scores.merge(t.topologyKey() + "=" + v, weight, Long::sum);
  }

  @Override
  public boolean scores(PodInfo pod, CycleState state) {
    return state.get(name() + "/score") != null;
  }

  @Override
  public long score(PodInfo pod, NodeInfo node, CycleState state) {
    Map<String, Long> domainScores = state.get(name() + "/score");
    if (domainScores == null) return 0;
    long sum = 0;
    for (Map.Entry<String, String> l : node.labels().entrySet()) {
      Long s = domainScores.get(l.getKey() + "=" + l.getValue());
      if (s != null) sum += s;
    }
    return sum;
  }

  @Override
  public void normalize(long[] scores, int count) {
    ScorePlugin.normalizeMinMax(scores, count);
  }
}
