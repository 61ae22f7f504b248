package io.coxswain.core.scheduling;

import static io.coxswain.core.scheduling.Objects.cluster;
import static io.coxswain.core.scheduling.Objects.node;
import static io.coxswain.core.scheduling.Objects.pod;
import static io.coxswain.core.scheduling.Objects.requesting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The filters that look at one node alone: resources, name, selector and affinity, taints, ports, cordon. */
class NodeFilterPluginsTest {
  final CycleState state = new CycleState();

  @Test
  void resourcesFitCountsWhatIsAlreadyRequested() {
    SchedulerCache cache = cluster(node("n1", "{}", "1", "1Gi", ""));
    NodeInfo n1 = cache.node("n1");
    NodeResourcesFit fit = new NodeResourcesFit();
    assertNull(fit.filter(requesting("a", "600m", "100Mi"), n1, state));
    cache.assume(requesting("a", "600m", "100Mi"), "n1");
    assertEquals("Insufficient cpu", fit.filter(requesting("b", "600m", "100Mi"), n1, state));
    assertEquals("Insufficient memory", fit.filter(requesting("c", "100m", "1000Mi"), n1, state));
    assertNull(fit.filter(requesting("d", "400m", "900Mi"), n1, state));
    cache.forget("a");
    assertNull(fit.filter(requesting("b", "600m", "100Mi"), n1, state), "a forgotten pod frees its requests");
  }

  @Test
  void resourcesFitChecksPodCountAndExtendedResources() {
    SchedulerCache cache = cluster(Objects.yaml("""
        metadata: {name: gpu}
        status: {allocatable: {cpu: '8', memory: 8Gi, pods: '1', nvidia.com/gpu: '2'}}
        """));
    NodeInfo gpu = cache.node("gpu");
    NodeResourcesFit fit = new NodeResourcesFit();
    PodInfo wantsThree = pod("g", "  containers: [{name: c, image: i, resources: {requests: {nvidia.com/gpu: 3}, limits: {nvidia.com/gpu: 3}}}]");
    assertEquals("Insufficient nvidia.com/gpu", fit.filter(wantsThree, gpu, state));
    cache.assume(requesting("a", "1", "1Gi"), "gpu");
    assertEquals("Too many pods", fit.filter(requesting("b", "1", "1Gi"), gpu, state));
  }

  @Test
  void initContainersCountAsTheirLargestRequestNotTheSum() {
    PodInfo p = pod("init", """
          initContainers: [{name: i, image: i, resources: {requests: {cpu: '2'}}}]
          containers: [{name: a, image: i, resources: {requests: {cpu: 500m}}}, {name: b, image: i, resources: {requests: {cpu: 500m}}}]
        """);
    assertEquals(2000, p.requests().milliCpu());
    assertEquals(1, p.requests().pods());
  }

  @Test
  void nodeNameAcceptsOnlyTheNamedNode() {
    SchedulerCache cache = cluster(node("n1", "{}"), node("n2", "{}"));
    PodInfo pinned = pod("p", "  nodeName: n2\n  containers: [{name: c, image: i}]");
    NodeName plugin = new NodeName();
    assertEquals(NodeName.REASON, plugin.filter(pinned, cache.node("n1"), state));
    assertNull(plugin.filter(pinned, cache.node("n2"), state));
  }

  @Test
  void nodeSelectorAndRequiredAffinityMustBothMatch() {
    SchedulerCache cache = cluster(node("ssd-big", "{disk: ssd, cores: '16'}"), node("ssd-small", "{disk: ssd, cores: '2'}"),
        node("hdd", "{disk: hdd, cores: '16'}"));
    PodInfo p = pod("p", """
          nodeSelector: {disk: ssd}
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions: [{key: cores, operator: Gt, values: ['4']}]
          containers: [{name: c, image: i}]
        """);
    NodeAffinity plugin = new NodeAffinity();
    assertNull(plugin.filter(p, cache.node("ssd-big"), state));
    assertEquals(NodeAffinity.REASON, plugin.filter(p, cache.node("ssd-small"), state));
    assertEquals(NodeAffinity.REASON, plugin.filter(p, cache.node("hdd"), state));
  }

  @Test
  void affinityTermsAreOredAndMatchFieldsSelectsByNodeName() {
    SchedulerCache cache = cluster(node("a", "{zone: z1}"), node("b", "{zone: z2}"), node("c", "{zone: z3}"));
    PodInfo p = pod("p", """
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions: [{key: zone, operator: In, values: [z1]}]
                - matchFields: [{key: metadata.name, operator: In, values: [c]}]
          containers: [{name: c, image: i}]
        """);
    NodeAffinity plugin = new NodeAffinity();
    assertNull(plugin.filter(p, cache.node("a"), state));
    assertEquals(NodeAffinity.REASON, plugin.filter(p, cache.node("b"), state));
    assertNull(plugin.filter(p, cache.node("c"), state));
  }

  @Test
  void untoleratedNoScheduleAndNoExecuteTaintsAreNamedInTheReason() {
    SchedulerCache cache = cluster(node("cp", "{}", "4", "8Gi", "{taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}"),
        node("gone", "{}", "4", "8Gi", "{taints: [{key: node.kubernetes.io/unreachable, effect: NoExecute}]}"),
        node("soft", "{}", "4", "8Gi", "{taints: [{key: spot, value: 'true', effect: PreferNoSchedule}]}"));
    TaintToleration plugin = new TaintToleration();
    PodInfo plain = pod("p", "");
    assertEquals("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", plugin.filter(plain, cache.node("cp"), state));
    assertEquals("node(s) had untolerated taint {node.kubernetes.io/unreachable: }", plugin.filter(plain, cache.node("gone"), state));
    assertNull(plugin.filter(plain, cache.node("soft"), state), "PreferNoSchedule only scores");
    PodInfo tolerant = pod("t", """
          tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}, {operator: Exists, effect: NoExecute}]
          containers: [{name: c, image: i}]
        """);
    assertNull(plugin.filter(tolerant, cache.node("cp"), state));
    assertNull(plugin.filter(tolerant, cache.node("gone"), state));
  }

  @Test
  void preferNoScheduleTaintsLowerTheScore() {
    SchedulerCache cache = cluster(node("clean", "{}"),
        node("soft", "{}", "4", "8Gi", "{taints: [{key: spot, value: 'true', effect: PreferNoSchedule}]}"));
    TaintToleration plugin = new TaintToleration();
    PodInfo p = pod("p", "");
    long[] scores = {plugin.score(p, cache.node("clean"), state), plugin.score(p, cache.node("soft"), state)};
    plugin.normalize(scores, 2);
    assertEquals(100, scores[0]);
    assertEquals(0, scores[1]);
    PodInfo tolerant = pod("t", "  tolerations: [{key: spot, operator: Equal, value: 'true'}]\n  containers: [{name: c, image: i}]");
    assertEquals(0, plugin.score(tolerant, cache.node("soft"), state));
  }

  @Test
  void hostPortsConflictOnTheSamePortAndProtocol() {
    SchedulerCache cache = cluster(node("n1", "{}"));
    cache.assume(pod("web", "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8080}]}]"), "n1");
    NodePorts plugin = new NodePorts();
    assertEquals(NodePorts.REASON, plugin.filter(pod("b", "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8080}]}]"),
        cache.node("n1"), state));
    assertNull(plugin.filter(pod("u", "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8080, protocol: UDP}]}]"),
        cache.node("n1"), state));
    assertNull(plugin.filter(pod("o", "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8081}]}]"),
        cache.node("n1"), state));
    cache.removePod("web");
    assertNull(plugin.filter(pod("b", "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8080}]}]"),
        cache.node("n1"), state), "a removed pod frees its host port");
  }

  @Test
  void cordonedNodesTakeOnlyPodsTolerantOfIt() {
    SchedulerCache cache = cluster(node("n1", "{}", "4", "8Gi", "{unschedulable: true}"));
    NodeUnschedulable plugin = new NodeUnschedulable();
    assertEquals(NodeUnschedulable.REASON, plugin.filter(pod("p", ""), cache.node("n1"), state));
    assertNull(plugin.filter(pod("ds", "  tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]\n  containers: [{name: c, image: i}]"),
        cache.node("n1"), state));
  }
}
