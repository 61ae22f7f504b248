package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.scheduling.Scheduler;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.PodConditions;
import io.coxswain.core.kinds.EventStrategy;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler on a real control plane: binds through the entities, reports what does not fit, retries on change. */
class SchedulerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;
  static ActorRef<Scheduler.Command> scheduler;
  static Informer pods;

  @BeforeAll
  static void start() throws Exception {
    cp = new ControlPlaneFixture();
    pods = cp.informers.get(PodStrategy.TYPE);
    node("worker-1", "{zone: a, pool: workers}", "2");
    node("worker-2", "{zone: b, pool: workers}", "2");
    scheduler = cp.testKit.spawn(Scheduler.create(cp.informers, cp.writes(Scheduler.USER), Clock.systemUTC(),
        new Scheduler.Settings(64, 256, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(100),
            Duration.ofSeconds(5), Duration.ofSeconds(5), 0, true)));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  static void node(String name, String labels, String cpu) throws Exception {
    cp.create(NodeStrategy.TYPE, manifest("{apiVersion: v1, kind: Node, metadata: {name: %s, labels: %s}}".formatted(name, labels)));
    ObjectNode status = manifest("""
        status:
          allocatable: {cpu: '%s', memory: 4Gi, pods: '110'}
          capacity: {cpu: '%s', memory: 4Gi, pods: '110'}
          conditions: [{type: Ready, status: 'True', reason: KubeletReady}]
        """.formatted(cpu, cpu));
    ObjectNode written = cp.writes("kubelet").patch(NodeStrategy.TYPE, null, name, status, Subresource.STATUS)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    cp.informers.get(NodeStrategy.TYPE).awaitObserved(ControllerWrites.resourceVersion(written), WAIT)
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static ObjectNode pod(String ns, String name, String cpu, String extraSpec) {
    return cp.create(PodStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: %s}
        spec:
          containers: [{name: c, image: busybox, resources: {requests: {cpu: '%s'}}}]
          %s
        """.formatted(name, ns, cpu, extraSpec)));
  }

  static String nodeOf(String ns, String name) {
    ObjectNode p = pods.get(ns, name);
    return p == null ? "" : p.path("spec").path("nodeName").asText("");
  }

  @Test
  void bindsPendingPodsAcrossTheNodesAndMarksThemScheduled() {
    for (int i = 0; i < 6; i++) pod("default", "spread-" + i, "100m", "nodeSelector: {pool: workers}");
    await("all 6 pods are bound", WAIT, () -> {
      for (int i = 0; i < 6; i++) if (nodeOf("default", "spread-" + i).isEmpty()) return false;
      return true;
    });
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      ObjectNode p = pods.get("default", "spread-" + i);
      used.add(nodeOf("default", "spread-" + i));
      JsonNode scheduled = PodConditions.condition(p, "PodScheduled");
      assertEquals("True", scheduled.path("status").asText(), p.toString());
    }
    assertEquals(Set.of("worker-1", "worker-2"), used, "least-allocated spreads pods over both nodes");
  }

  @Test
  void aPodThatFitsNowhereIsToldWhyAndPlacedWhenANodeJoins() throws Exception {
    pod("default", "huge", "3", "");
    await("the pod is marked unschedulable", WAIT, () -> {
      ObjectNode p = pods.get("default", "huge");
      JsonNode c = p == null ? null : PodConditions.condition(p, "PodScheduled");
      return c != null && "False".equals(c.path("status").asText());
    });
    JsonNode c = PodConditions.condition(pods.get("default", "huge"), "PodScheduled");
    assertEquals("Unschedulable", c.path("reason").asText());
    // other tests may have added nodes; the workers are too small either way
    assertTrue(c.path("message").asText().matches("0/\\d+ nodes are available: \\d+ Insufficient cpu\\."), c.toString());
    Informer events = cp.informers.get(EventStrategy.TYPE);
    await("a FailedScheduling event is recorded", WAIT, () -> events.list("default").stream().anyMatch(e ->
        "FailedScheduling".equals(e.path("reason").asText()) && "huge".equals(e.path("involvedObject").path("name").asText())
            && "Warning".equals(e.path("type").asText())));

    node("worker-big", "{zone: c}", "8");
    await("the pod is bound to the new node", WAIT, () -> nodeOf("default", "huge").equals("worker-big"));
  }

  @Test
  void nodeSelectorAndTaintsDecideThePlacement() {
    pod("default", "in-zone-b", "100m", "nodeSelector: {zone: b}");
    await("bound in zone b", WAIT, () -> nodeOf("default", "in-zone-b").equals("worker-2"));
  }

  @Test
  void aPodIsBoundOnceAndASecondBindingIsRefused() throws Exception {
    ObjectNode p = pod("default", "once", "100m", "");
    await("bound", WAIT, () -> !nodeOf("default", "once").isEmpty());
    String first = nodeOf("default", "once");
    String other = first.equals("worker-1") ? "worker-2" : "worker-1";
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> cp.writes("other-scheduler").bind("default", "once", Metadata.uid(p), other)
            .toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(409, ControllerWrites.statusCode(refused.getCause()));
    assertTrue(refused.getCause().getMessage().contains("is already assigned to node \"" + first + "\""), refused.getMessage());
  }

  @Test
  void deletedPodsFreeTheirResourcesForWaitingOnes() throws Exception {
    node("fill-1", "{pool: fill}", "2");
    node("fill-2", "{pool: fill}", "2");
    // each has 2 cpu: fill both, then one more waits
    pod("fill", "a", "1500m", "nodeSelector: {pool: fill}");
    pod("fill", "b", "1500m", "nodeSelector: {pool: fill}");
    await("both fillers bound", WAIT, () -> !nodeOf("fill", "a").isEmpty() && !nodeOf("fill", "b").isEmpty());
    pod("fill", "waiting", "1500m", "nodeSelector: {pool: fill}");
    await("the third is unschedulable", WAIT, () -> {
      JsonNode c = PodConditions.condition(pods.get("fill", "waiting"), "PodScheduled");
      return c != null && "False".equals(c.path("status").asText());
    });
    String freed = nodeOf("fill", "a");
    cp.writes("alice").delete(PodStrategy.TYPE, "fill", "a", new DeleteOptions(null, null, 0L, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the waiting pod takes the freed room", WAIT, () -> nodeOf("fill", "waiting").equals(freed));
  }
}
