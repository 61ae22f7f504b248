package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.PodConditions;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nodes whose agent's member is gone turn Unknown and tainted, their pods are evicted per toleration, and they recover. */
class NodeLifecycleControllerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String GONE_MEMBER = "pekko://controller-test@127.0.0.1:9";
  static ControlPlaneFixture cp;
  static ActorRef<NodeLifecycleController.Command> controller;
  static Informer nodes;
  static Informer pods;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
    nodes = cp.informers.get(NodeStrategy.TYPE);
    pods = cp.informers.get(PodStrategy.TYPE);
    controller = cp.testKit.spawn(NodeLifecycleController.create(cp.informers, cp.writes(NodeLifecycleController.USER),
        Clock.systemUTC(), new NodeLifecycleController.Settings(Duration.ofMillis(200), Duration.ofMillis(500))));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  static void node(String name, String member) throws Exception {
    cp.create(NodeStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Node
        metadata: {name: %s, annotations: {%s: '%s'}}
        """.formatted(name, NodeAgentProtocol.MEMBER_ANNOTATION, member)));
    ObjectNode status = manifest("""
        status:
          conditions:
          - {type: Ready, status: 'True', reason: KubeletReady, message: kubelet is posting ready status}
          - {type: MemoryPressure, status: 'False', reason: KubeletHasSufficientMemory}
        """);
    cp.writes("kubelet").patch(NodeStrategy.TYPE, null, name, status, Subresource.STATUS).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void pod(String name, String node, String tolerations) {
    cp.create(PodStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: default}
        spec:
          nodeName: %s
          containers: [{name: c, image: busybox}]
          tolerations: %s
        """.formatted(name, node, tolerations)));
  }

  static String ready(String node) {
    ObjectNode n = nodes.get(node);
    if (n == null) return "";
    for (JsonNode c : n.path("status").path("conditions")) if ("Ready".equals(c.path("type").asText())) return c.path("status").asText();
    return "";
  }

  static boolean tainted(String node) {
    ObjectNode n = nodes.get(node);
    if (n == null) return false;
    for (JsonNode t : n.path("spec").path("taints")) if (NodeLifecycleController.UNREACHABLE.equals(t.path("key").asText())) return true;
    return false;
  }

  static boolean deleting(String pod) {
    ObjectNode p = pods.get("default", pod);
    return p == null || Metadata.deletionTimestamp(p) != null;
  }

  @Test
  void aNodeWhoseMemberIsGoneIsTaintedAndItsPodsAreEvictedAsTheirTolerationsAllow() throws Exception {
    node("lost", GONE_MEMBER);
    pod("defaulted", "lost", "[]"); // admission gives it 300 s, as DefaultTolerationSeconds does
    pod("brief", "lost", "[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 1}]");
    pod("patient", "lost", "[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 3600}]");
    pod("forever", "lost", "[{operator: Exists}]");
    await("the node is Ready=Unknown and tainted", WAIT, () -> "Unknown".equals(ready("lost")) && tainted("lost"));
    ObjectNode lost = nodes.get("lost");
    int effects = 0;
    for (JsonNode t : lost.path("spec").path("taints")) {
      if (NodeLifecycleController.UNREACHABLE.equals(t.path("key").asText())) effects++;
    }
    assertEquals(2, effects, "NoSchedule and NoExecute");
    await("a pod that tolerates 1 s is evicted after it", WAIT, () -> deleting("brief"));
    Thread.sleep(1500); // the next monitor passes must leave the others alone
    assertFalse(deleting("patient"), "tolerates an hour");
    assertFalse(deleting("defaulted"), "tolerates the default 300 s");
    assertFalse(deleting("forever"), "tolerates everything");
  }

  @Test
  void aNodeWhoseMemberIsBackIsReadyAgainAndUntainted() throws Exception {
    node("flaky", GONE_MEMBER);
    await("the node is tainted", WAIT, () -> tainted("flaky") && "Unknown".equals(ready("flaky")));
    String self = Cluster.get(cp.testKit.system()).selfMember().address().toString();
    ObjectNode back = manifest("{metadata: {annotations: {%s: '%s'}}}".formatted(NodeAgentProtocol.MEMBER_ANNOTATION, self));
    cp.writes("kubelet").patch(NodeStrategy.TYPE, null, "flaky", back, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the node is Ready and untainted", WAIT, () -> "True".equals(ready("flaky")) && !tainted("flaky"));
    assertNull(PodConditions.condition(nodes.get("flaky"), "Missing"));
  }

  @Test
  void podsOfADeletedNodeAreDeletedByThePodGarbageCollector() throws Exception {
    ActorRef<PodGarbageCollector.Command> podGc = cp.testKit.spawn(PodGarbageCollector.create(cp.informers, cp.store,
        Duration.ofMillis(200)));
    try {
      node("doomed", GONE_MEMBER);
      node("kept", GONE_MEMBER);
      pod("orphan", "doomed", "[]");
      pod("safe", "kept", "[]");
      cp.writes("admin").delete(NodeStrategy.TYPE, null, "doomed", new io.coxswain.core.write.DeleteOptions(null, null, null, null))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      await("the orphaned pod is gone", WAIT, () -> pods.get("default", "orphan") == null);
      assertFalse(pods.get("default", "safe") == null, "a pod of a node that still exists stays");
    } finally {
      cp.testKit.stop(podGc);
    }
  }

  @Test
  void nodesWithoutAnAgentAreLeftAlone() throws Exception {
    cp.create(NodeStrategy.TYPE, manifest("{apiVersion: v1, kind: Node, metadata: {name: api-only}}"));
    Thread.sleep(1500);
    assertFalse(tainted("api-only"));
  }
}
