package io.coxswain.core.scheduling;

import static io.coxswain.core.scheduling.Objects.cluster;
import static io.coxswain.core.scheduling.Objects.node;
import static io.coxswain.core.scheduling.Objects.pod;
import static io.coxswain.core.scheduling.Objects.requesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plugins that look at other pods: inter-pod affinity, topology spread, and the resource scores. */
class PodPlacementPluginsTest {
  static final String ZONES = "{zone: %s, kubernetes.io/hostname: %s}";

  SchedulerCache zonedCluster() {
    return cluster(node("a1", ZONES.formatted("a", "a1")), node("a2", ZONES.formatted("a", "a2")),
        node("b1", ZONES.formatted("b", "b1")));
  }

  static PodInfo web(String name, String node) {
    return pod(name, "{app: web}", "  nodeName: " + node + "\n  containers: [{name: c, image: i}]");
  }

  @Test
  void requiredAffinityPlacesAPodInTheDomainOfItsPeers() {
    SchedulerCache cache = zonedCluster();
    cache.addBoundPod(web("w1", "a2"));
    PodInfo cacheFront = pod("cache", "{app: cache}", """
          affinity:
            podAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector: {matchLabels: {app: web}}
                topologyKey: zone
          containers: [{name: c, image: i}]
        """);
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState state = new CycleState();
    plugin.preFilter(cacheFront, cache, state);
    assertNull(plugin.filter(cacheFront, cache.node("a1"), state), "same zone as the web pod");
    assertEquals(InterPodAffinity.AFFINITY, plugin.filter(cacheFront, cache.node("b1"), state));
  }

  @Test
  void theFirstPodOfAGroupThatWantsItsOwnKindMayGoAnywhere() {
    SchedulerCache cache = zonedCluster();
    PodInfo first = pod("w1", "{app: web}", """
          affinity:
            podAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector: {matchLabels: {app: web}}
                topologyKey: zone
          containers: [{name: c, image: i}]
        """);
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState state = new CycleState();
    plugin.preFilter(first, cache, state);
    assertNull(plugin.filter(first, cache.node("b1"), state));
  }

  @Test
  void requiredAntiAffinityKeepsReplicasApartBothWays() {
    SchedulerCache cache = zonedCluster();
    String spread = """
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
              - labelSelector: {matchLabels: {app: web}}
                topologyKey: kubernetes.io/hostname
          containers: [{name: c, image: i}]
        """;
    cache.addBoundPod(pod("w1", "{app: web}", "  nodeName: a1\n" + spread));
    InterPodAffinity plugin = new InterPodAffinity();
    PodInfo second = pod("w2", "{app: web}", spread);
    CycleState state = new CycleState();
    plugin.preFilter(second, cache, state);
    assertTrue(plugin.filter(second, cache.node("a1"), state) != null);
    assertNull(plugin.filter(second, cache.node("a2"), state));
    // a pod without terms of its own is still kept out by the existing pod's anti-affinity
    PodInfo plainWeb = pod("w3", "{app: web}", "");
    CycleState plainState = new CycleState();
    plugin.preFilter(plainWeb, cache, plainState);
    assertTrue(plugin.filters(plainWeb, plainState));
    assertEquals(InterPodAffinity.EXISTING_ANTI_AFFINITY, plugin.filter(plainWeb, cache.node("a1"), plainState));
    assertNull(plugin.filter(plainWeb, cache.node("b1"), plainState));
  }

  @Test
  void preferredAntiAffinityScoresEmptierDomainsHigher() {
    SchedulerCache cache = zonedCluster();
    cache.addBoundPod(web("w1", "a1"));
    PodInfo p = pod("w2", "{app: web}", """
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                podAffinityTerm: {labelSelector: {matchLabels: {app: web}}, topologyKey: zone}
          containers: [{name: c, image: i}]
        """);
    InterPodAffinity plugin = new InterPodAffinity();
    CycleState state = new CycleState();
    plugin.preScore(p, cache, cache.nodes(), state);
    assertTrue(plugin.scores(p, state));
    long[] scores = {plugin.score(p, cache.node("a2"), state), plugin.score(p, cache.node("b1"), state)};
    plugin.normalize(scores, 2);
    assertEquals(0, scores[0]);
    assertEquals(100, scores[1]);
  }

  @Test
  void hardSpreadConstraintRefusesADomainBeyondMaxSkew() {
    SchedulerCache cache = zonedCluster();
    cache.addBoundPod(web("w1", "a1"));
    cache.addBoundPod(web("w2", "a2"));
    cache.setNode(node("nolabel", "{}"));
    PodInfo p = pod("w3", "{app: web}", """
          topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
          containers: [{name: c, image: i}]
        """);
    PodTopologySpread plugin = new PodTopologySpread();
    CycleState state = new CycleState();
    plugin.preFilter(p, cache, state);
    assertEquals(PodTopologySpread.REASON, plugin.filter(p, cache.node("a1"), state), "zone a has 2, zone b 0");
    assertNull(plugin.filter(p, cache.node("b1"), state));
    assertEquals(PodTopologySpread.MISSING_LABEL, plugin.filter(p, cache.node("nolabel"), state));
  }

  @Test
  void softSpreadConstraintPrefersTheEmptierDomain() {
    SchedulerCache cache = zonedCluster();
    cache.addBoundPod(web("w1", "a1"));
    PodInfo p = pod("w2", "{app: web}", """
          topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
          containers: [{name: c, image: i}]
        """);
    PodTopologySpread plugin = new PodTopologySpread();
    CycleState state = new CycleState();
    plugin.preScore(p, cache, cache.nodes(), state);
    long[] scores = {plugin.score(p, cache.node("a2"), state), plugin.score(p, cache.node("b1"), state)};
    plugin.normalize(scores, 2);
    assertTrue(scores[1] > scores[0]);
  }

  @Test
  void leastAllocatedPrefersTheEmptierNode() {
    SchedulerCache cache = cluster(node("busy", "{}", "4", "8Gi", ""), node("idle", "{}", "4", "8Gi", ""));
    cache.assume(requesting("x", "3", "6Gi"), "busy");
    LeastAllocated plugin = new LeastAllocated();
    PodInfo p = requesting("p", "500m", "1Gi");
    CycleState state = new CycleState();
    assertTrue(plugin.score(p, cache.node("idle"), state) > plugin.score(p, cache.node("busy"), state));
    // (4000-500)/4000 and (8-1)/8 of 100, averaged
    assertEquals((87 + 87) / 2, plugin.score(p, cache.node("idle"), state));
  }

  @Test
  void balancedAllocationPrefersEvenlyUsedResources() {
    SchedulerCache cache = cluster(node("cpu-heavy", "{}", "4", "8Gi", ""), node("even", "{}", "4", "8Gi", ""));
    cache.assume(requesting("x", "3", "1Gi"), "cpu-heavy");
    cache.assume(requesting("y", "2", "4Gi"), "even");
    BalancedAllocation plugin = new BalancedAllocation();
    PodInfo p = requesting("p", "100m", "100Mi");
    CycleState state = new CycleState();
    assertTrue(plugin.score(p, cache.node("even"), state) > plugin.score(p, cache.node("cpu-heavy"), state));
  }

  @Test
  void preferredNodeAffinityScoresTheWeightsOfMatchingTerms() {
    SchedulerCache cache = cluster(node("ssd", "{disk: ssd}"), node("hdd", "{disk: hdd}"));
    PodInfo p = pod("p", """
          affinity:
            nodeAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 40
                preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}
          containers: [{name: c, image: i}]
        """);
    NodeAffinity plugin = new NodeAffinity();
    CycleState state = new CycleState();
    assertTrue(plugin.scores(p, state));
    long[] scores = {plugin.score(p, cache.node("ssd"), state), plugin.score(p, cache.node("hdd"), state)};
    assertEquals(40, scores[0]);
    plugin.normalize(scores, 2);
    assertEquals(100, scores[0]);
    assertEquals(0, scores[1]);
  }
}
