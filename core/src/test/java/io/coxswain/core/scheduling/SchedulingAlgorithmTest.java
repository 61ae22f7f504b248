package io.coxswain.core.scheduling;

import static io.coxswain.core.scheduling.Objects.cluster;
import static io.coxswain.core.scheduling.Objects.node;
import static io.coxswain.core.scheduling.Objects.pod;
import static io.coxswain.core.scheduling.Objects.requesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulingAlgorithmTest {
  final SchedulingAlgorithm algorithm = SchedulingAlgorithm.withDefaultPlugins(0, new Random(7));

  @Test
  void anUnschedulablePodIsToldWhyEachNodeRefusedIt() {
    SchedulerCache cache = cluster(node("small-1", "{}", "1", "8Gi", ""), node("small-2", "{}", "1", "8Gi", ""),
        node("cp", "{}", "64", "64Gi", "{taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}"));
    SchedulingAlgorithm.Decision d = algorithm.schedule(requesting("big", "2", "1Gi"), cache);
    assertFalse(d.scheduled());
    assertEquals("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        + "2 Insufficient cpu.", d.message());
  }

  @Test
  void noNodesAtAll() {
    SchedulingAlgorithm.Decision d = algorithm.schedule(pod("p", ""), new SchedulerCache());
    assertEquals("no nodes available to schedule pods", d.message());
  }

  @Test
  void assumedPodsSpreadALoadEvenlyOverEqualNodes() {
    SchedulerCache cache = cluster(node("n1", "{}"), node("n2", "{}"), node("n3", "{}"));
    Map<String, Integer> perNode = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      PodInfo p = requesting("p" + i, "100m", "100Mi");
      SchedulingAlgorithm.Decision d = algorithm.schedule(p, cache);
      assertTrue(d.scheduled());
      cache.assume(p, d.nodeName());
      perNode.merge(d.nodeName(), 1, Integer::sum);
    }
    assertEquals(Map.of("n1", 10, "n2", 10, "n3", 10), perNode);
  }

  @Test
  void aFullNodeIsSkippedAndTheRestAreUsed() {
    SchedulerCache cache = cluster(node("n1", "{}", "1", "8Gi", ""), node("n2", "{}", "1", "8Gi", ""));
    for (int i = 0; i < 4; i++) {
      PodInfo p = requesting("p" + i, "500m", "100Mi");
      SchedulingAlgorithm.Decision d = algorithm.schedule(p, cache);
      assertTrue(d.scheduled(), "pod " + i);
      cache.assume(p, d.nodeName());
    }
    SchedulingAlgorithm.Decision fifth = algorithm.schedule(requesting("p4", "500m", "100Mi"), cache);
    assertEquals("0/2 nodes are available: 2 Insufficient cpu.", fifth.message());
  }

  @Test
  void largeClustersAreSampledAsKubeSchedulerDoes() {
    assertEquals(50, algorithm.numFeasibleNodesToFind(50));
    assertEquals(500, algorithm.numFeasibleNodesToFind(5000), "10% of 5,000 nodes");
    assertEquals(100, algorithm.numFeasibleNodesToFind(150), "never fewer than 100");
    assertEquals(300, SchedulingAlgorithm.withDefaultPlugins(100, new Random()).numFeasibleNodesToFind(300));
  }

  @Test
  void aSampledSearchStillFindsTheOnlyFeasibleNode() {
    SchedulerCache cache = new SchedulerCache();
    for (int i = 0; i < 1000; i++) cache.setNode(node("n" + i, i == 777 ? "{pool: gpu}" : "{pool: cpu}"));
    PodInfo p = pod("p", "  nodeSelector: {pool: gpu}\n  containers: [{name: c, image: i}]");
    SchedulingAlgorithm.Decision d = algorithm.schedule(p, cache);
    assertEquals("n777", d.nodeName());
    assertEquals(1, d.feasibleNodes());
  }
}
