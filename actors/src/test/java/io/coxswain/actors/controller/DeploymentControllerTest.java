package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.DeploymentConditions;
import io.coxswain.core.controller.DeploymentRevisions;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.controller.PodConditions;
import io.coxswain.core.controller.PodTemplateHash;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.EventStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The deployment controller with the ReplicaSet controller on a real control plane. No node agent
 * runs, so where a rollout needs available pods the test reports them Ready itself, as a kubelet would.
 */
class DeploymentControllerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static ControlPlaneFixture cp;
  static Informer pods;
  static Informer replicaSets;
  static Informer deployments;
  static Informer events;
  ActorRef<ControllerRunner.Command> rsController;
  ActorRef<ControllerRunner.Command> controller;
  ControllerWrites user;
  String ns;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
    pods = cp.informers.get(PodStrategy.TYPE);
    replicaSets = cp.informers.get(ReplicaSetStrategy.TYPE);
    deployments = cp.informers.get(DeploymentStrategy.TYPE);
    events = cp.informers.get(EventStrategy.TYPE);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @BeforeEach
  void runControllers(TestInfo info) {
    rsController = cp.run(new ReplicaSetController(cp.informers, cp.writes(ReplicaSetController.USER), Clock.systemUTC()));
    controller = cp.run(new DeploymentController(cp.informers, cp.writes(DeploymentController.USER), Clock.systemUTC()));
    user = cp.writes("alice");
    String method = info.getTestMethod().orElseThrow().getName().toLowerCase();
    ns = method.substring(0, Math.min(20, method.length()));
  }

  @AfterEach
  void stopControllers() {
    cp.testKit.stop(controller);
    cp.testKit.stop(rsController);
  }

  ObjectNode deployment(String name, int replicas, String image, String strategy) {
    return cp.create(DeploymentStrategy.TYPE, manifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s, annotations: {kubernetes.io/change-cause: first, team: web}}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          %s
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: c, image: "%s", command: [sleep, "3600"]}]
        """.formatted(name, ns, replicas, name, strategy, name, image)));
  }

  /** The messages of the ScalingReplicaSet Events about a Deployment. */
  Set<String> scalingEvents(String deployment) {
    String uid = Metadata.uid(get(deployment));
    return events.list(ns).stream()
        .filter(e -> uid.equals(e.path("involvedObject").path("uid").asText()))
        .filter(e -> e.path("reason").asText().equals("ScalingReplicaSet"))
        .map(e -> e.path("message").asText())
        .collect(Collectors.toSet());
  }

  ObjectNode get(String name) {
    return deployments.get(ns, name);
  }

  List<ObjectNode> replicaSetsOf(String deployment) {
    ObjectNode d = get(deployment);
    return replicaSets.list(ns).stream()
        .filter(rs -> Metadata.uid(d).equals(OwnerReferences.controllerUid(rs)))
        .collect(Collectors.toList());
  }

  ObjectNode replicaSetWithImage(String deployment, String image) {
    for (ObjectNode rs : replicaSetsOf(deployment)) {
      if (rs.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText().equals(image)) return rs;
    }
    return null;
  }

  List<ObjectNode> podsOf(ObjectNode rs) {
    return pods.byIndex(ReplicaSetController.BY_CONTROLLER, Metadata.uid(rs)).stream()
        .filter(p -> Metadata.deletionTimestamp(p) == null)
        .collect(Collectors.toList());
  }

  int specReplicas(ObjectNode rs) {
    ObjectNode now = rs == null ? null : replicaSets.get(ns, Metadata.name(rs));
    return now == null ? -1 : now.path("spec").path("replicas").asInt();
  }

  void patch(String name, String yaml) throws Exception {
    user.patch(DeploymentStrategy.TYPE, ns, name, manifest(yaml), Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  void setImage(String name, String image) throws Exception {
    patch(name, "spec: {template: {spec: {containers: [{name: c, image: \"" + image + "\", command: [sleep, \"3600\"]}]}}}");
  }

  /** What a kubelet would report for every pod of the namespace that is not ready yet. */
  void readyAll() {
    for (ObjectNode pod : pods.list(ns)) {
      if (PodConditions.isReady(pod) || Metadata.deletionTimestamp(pod) != null) continue;
      ObjectNode status = Json.MAPPER.createObjectNode();
      ObjectNode s = status.putObject("status");
      s.put("phase", "Running");
      s.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
          .put("lastTransitionTime", Instant.now().toString());
      try {
        user.patch(PodStrategy.TYPE, ns, Metadata.name(pod), status, Subresource.STATUS).toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the pod went away meanwhile
      }
    }
  }

  boolean rolledOut(String name) {
    ObjectNode d = get(name);
    JsonNode status = d.path("status");
    int replicas = d.path("spec").path("replicas").asInt();
    JsonNode progressing = DeploymentConditions.get(status, DeploymentConditions.PROGRESSING);
    return status.path("observedGeneration").asLong() >= d.path("metadata").path("generation").asLong()
        && status.path("updatedReplicas").asInt() == replicas && status.path("replicas").asInt() == replicas
        && status.path("availableReplicas").asInt() == replicas
        && progressing != null && progressing.path("reason").asText().equals(DeploymentConditions.NEW_RS_AVAILABLE);
  }

  @Test
  void createsAReplicaSetNamedByItsTemplateHash() {
    ObjectNode d = deployment("web", 3, "busybox:1", "");
    String hash = PodTemplateHash.compute(d.path("spec").path("template"), null);
    await("the ReplicaSet has 3 pods", WAIT, () -> {
      ObjectNode rs = replicaSets.get(ns, "web-" + hash);
      return rs != null && podsOf(rs).size() == 3;
    });
    ObjectNode rs = replicaSets.get(ns, "web-" + hash);
    assertEquals(hash, Metadata.labels(rs).get(PodTemplateHash.LABEL));
    assertEquals(hash, rs.path("spec").path("selector").path("matchLabels").path(PodTemplateHash.LABEL).asText());
    assertEquals(hash, rs.path("spec").path("template").path("metadata").path("labels").path(PodTemplateHash.LABEL).asText());
    JsonNode ref = OwnerReferences.controllerRef(rs);
    assertEquals("Deployment", ref.path("kind").asText());
    assertEquals(Metadata.uid(d), ref.path("uid").asText());
    assertTrue(ref.path("blockOwnerDeletion").asBoolean());
    var annotations = Metadata.annotations(rs);
    assertEquals("1", annotations.get(DeploymentRevisions.REVISION));
    assertEquals("3", annotations.get(DeploymentRevisions.DESIRED_REPLICAS));
    assertEquals("4", annotations.get(DeploymentRevisions.MAX_REPLICAS), "3 + 25% surge rounded up");
    assertEquals("first", annotations.get("kubernetes.io/change-cause"));
    assertEquals("web", annotations.get("team"));
    for (ObjectNode pod : podsOf(rs)) assertEquals(hash, Metadata.labels(pod).get(PodTemplateHash.LABEL));
    await("the Deployment reports 3 replicas", WAIT, () -> get("web").path("status").path("replicas").asInt() == 3);
    ObjectNode now = get("web");
    assertEquals("1", Metadata.annotations(now).get(DeploymentRevisions.REVISION));
    assertEquals(1, now.path("metadata").path("generation").asInt(), "recording the revision is no spec change");
    assertEquals(1, now.path("status").path("observedGeneration").asInt());
    assertEquals(3, now.path("status").path("unavailableReplicas").asInt());
    JsonNode available = DeploymentConditions.get(now.path("status"), DeploymentConditions.AVAILABLE);
    assertEquals("False", available.path("status").asText());
    assertEquals(DeploymentConditions.MIN_UNAVAILABLE, available.path("reason").asText());
    assertEquals("True", DeploymentConditions.get(now.path("status"), DeploymentConditions.PROGRESSING).path("status").asText());
    await("the scale-up is an event", WAIT, () -> scalingEvents("web").equals(Set.of("Scaled up replica set web-" + hash + " from 0 to 3")));
    ObjectNode event = events.list(ns).stream().filter(e -> e.path("reason").asText().equals("ScalingReplicaSet")).findFirst().orElseThrow();
    assertEquals("Normal", event.path("type").asText());
    assertEquals("deployment-controller", event.path("source").path("component").asText());
    assertEquals("Deployment", event.path("involvedObject").path("kind").asText());
    assertEquals("apps/v1", event.path("involvedObject").path("apiVersion").asText());
    assertEquals("web", event.path("involvedObject").path("name").asText());
  }

  @Test
  void rollingUpdateStaysWithinMaxSurgeAndMaxUnavailable() throws Exception {
    deployment("roll", 3, "busybox:1", "strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}");
    await("the first rollout completes", WAIT, () -> {
      readyAll();
      return rolledOut("roll");
    });
    ObjectNode first = replicaSetsOf("roll").get(0);
    setImage("roll", "busybox:2");
    List<String> violations = new ArrayList<>();
    await("the second rollout completes", WAIT, () -> {
      int total = replicaSetsOf("roll").stream().mapToInt(rs -> rs.path("spec").path("replicas").asInt()).sum();
      long ready = pods.list(ns).stream().filter(p -> Metadata.deletionTimestamp(p) == null && PodConditions.isReady(p)).count();
      if (total > 4) violations.add("spec replicas summed to " + total);
      if (ready < 3) violations.add("only " + ready + " ready pods");
      readyAll();
      return rolledOut("roll") && podsOf(first).isEmpty();
    });
    assertEquals(List.of(), violations);
    ObjectNode second = replicaSetWithImage("roll", "busybox:2");
    assertEquals(3, specReplicas(second));
    assertEquals(0, specReplicas(first));
    assertEquals("2", Metadata.annotations(get("roll")).get(DeploymentRevisions.REVISION));
    assertEquals("2", Metadata.annotations(second).get(DeploymentRevisions.REVISION));
    JsonNode status = get("roll").path("status");
    assertEquals("True", DeploymentConditions.get(status, DeploymentConditions.AVAILABLE).path("status").asText());
    JsonNode progressing = DeploymentConditions.get(status, DeploymentConditions.PROGRESSING);
    assertEquals("ReplicaSet \"" + Metadata.name(second) + "\" has successfully progressed.", progressing.path("message").asText());
    // One pod at a time each way, as maxSurge 1 and maxUnavailable 0 allow.
    String o = Metadata.name(first);
    String n = Metadata.name(second);
    await("every step of the rollout is an event", WAIT, () -> scalingEvents("roll").equals(Set.of(
        "Scaled up replica set " + o + " from 0 to 3",
        "Scaled up replica set " + n + " from 0 to 1", "Scaled down replica set " + o + " from 3 to 2",
        "Scaled up replica set " + n + " from 1 to 2", "Scaled down replica set " + o + " from 2 to 1",
        "Scaled up replica set " + n + " from 2 to 3", "Scaled down replica set " + o + " from 1 to 0")));
  }

  @Test
  void revertingTheTemplateReusesTheOldReplicaSetWithANewRevision() throws Exception {
    String fast = "strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: \"100%\"}}";
    deployment("undo", 2, "busybox:1", fast);
    await("revision 1 exists", WAIT, () -> replicaSetWithImage("undo", "busybox:1") != null);
    ObjectNode first = replicaSetWithImage("undo", "busybox:1");
    setImage("undo", "busybox:2");
    await("revision 2 takes over", WAIT, () -> specReplicas(replicaSetWithImage("undo", "busybox:2")) == 2 && specReplicas(first) == 0);
    setImage("undo", "busybox:1");
    await("revision 1 is back as revision 3", WAIT, () -> specReplicas(first) == 2
        && "3".equals(Metadata.annotations(replicaSets.get(ns, Metadata.name(first))).get(DeploymentRevisions.REVISION)));
    assertEquals(2, replicaSetsOf("undo").size(), "no third ReplicaSet");
    ObjectNode reused = replicaSets.get(ns, Metadata.name(first));
    assertEquals("1", Metadata.annotations(reused).get(DeploymentRevisions.REVISION_HISTORY));
    await("the Deployment is at revision 3", WAIT,
        () -> "3".equals(Metadata.annotations(get("undo")).get(DeploymentRevisions.REVISION)));
  }

  @Test
  void recreateRemovesEveryOldPodBeforeCreatingTheNewReplicaSet() throws Exception {
    deployment("rec", 2, "busybox:1", "strategy: {type: Recreate}");
    await("2 pods run", WAIT, () -> {
      ObjectNode rs = replicaSetWithImage("rec", "busybox:1");
      return rs != null && podsOf(rs).size() == 2;
    });
    ObjectNode first = replicaSetWithImage("rec", "busybox:1");
    List<Integer> oldPodsWhenCreated = new CopyOnWriteArrayList<>();
    Consumer<Informer.Event> watcher = e -> {
      if (e.previous() == null && e.current() != null && Metadata.namespace(e.current()).equals(ns)
          && !Metadata.name(e.current()).equals(Metadata.name(first))) {
        oldPodsWhenCreated.add(pods.byIndex(ReplicaSetController.BY_CONTROLLER, Metadata.uid(first)).size());
      }
    };
    replicaSets.addListener(watcher);
    try {
      setImage("rec", "busybox:2");
      await("the new ReplicaSet has 2 pods", WAIT, () -> {
        ObjectNode rs = replicaSetWithImage("rec", "busybox:2");
        return rs != null && podsOf(rs).size() == 2;
      });
    } finally {
      replicaSets.removeListener(watcher);
    }
    assertEquals(List.of(0), oldPodsWhenCreated, "old pods left when the new ReplicaSet appeared");
    assertEquals(0, specReplicas(first));
    assertEquals(2, specReplicas(replicaSetWithImage("rec", "busybox:2")), "Recreate starts the new ReplicaSet at full size");
  }

  @Test
  void pausedDeploymentScalesButDoesNotRollOut() throws Exception {
    deployment("pause", 2, "busybox:1", "");
    await("2 pods run", WAIT, () -> {
      ObjectNode rs = replicaSetWithImage("pause", "busybox:1");
      return rs != null && podsOf(rs).size() == 2;
    });
    ObjectNode first = replicaSetWithImage("pause", "busybox:1");
    patch("pause", "spec: {paused: true}");
    await("Progressing says paused", WAIT, () -> DeploymentConditions.PAUSED.equals(
        progressingReason("pause")));
    setImage("pause", "busybox:2");
    patch("pause", "spec: {replicas: 4}");
    await("the paused Deployment has seen its spec", WAIT, () -> get("pause").path("status").path("observedGeneration").asLong()
        == get("pause").path("metadata").path("generation").asLong() && specReplicas(first) == 4);
    assertEquals(1, replicaSetsOf("pause").size(), "no rollout while paused");
    assertEquals("4", Metadata.annotations(replicaSets.get(ns, Metadata.name(first))).get(DeploymentRevisions.DESIRED_REPLICAS));
    patch("pause", "spec: {paused: false}");
    await("the rollout resumes", WAIT, () -> replicaSetWithImage("pause", "busybox:2") != null
        && !DeploymentConditions.PAUSED.equals(progressingReason("pause")));
  }

  @Test
  void scalingOneActiveReplicaSetResizesOnlyIt() throws Exception {
    deployment("one", 2, "busybox:1", "");
    await("2 pods run", WAIT, () -> {
      ObjectNode rs = replicaSetWithImage("one", "busybox:1");
      return rs != null && podsOf(rs).size() == 2;
    });
    patch("one", "spec: {replicas: 5}");
    ObjectNode rs = replicaSetWithImage("one", "busybox:1");
    await("the ReplicaSet has 5 pods", WAIT, () -> podsOf(rs).size() == 5);
    assertEquals("5", Metadata.annotations(replicaSets.get(ns, Metadata.name(rs))).get(DeploymentRevisions.DESIRED_REPLICAS));
    assertEquals("7", Metadata.annotations(replicaSets.get(ns, Metadata.name(rs))).get(DeploymentRevisions.MAX_REPLICAS));
    await("the resize is an event", WAIT, () -> scalingEvents("one").contains("Scaled up replica set " + Metadata.name(rs) + " from 2 to 5"));
  }

  @Test
  void scalingMidRolloutSplitsProportionally() throws Exception {
    deployment("prop", 4, "busybox:1", "strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}");
    await("4 pods run", WAIT, () -> {
      ObjectNode rs = replicaSetWithImage("prop", "busybox:1");
      return rs != null && specReplicas(rs) == 4;
    });
    ObjectNode first = replicaSetWithImage("prop", "busybox:1");
    setImage("prop", "busybox:2");
    // No pod becomes ready, so the rollout stops at old 3 + new 2 (5 = 4 + surge, 1 unavailable cleaned up).
    await("the rollout is stuck at 3 + 2", WAIT, () -> specReplicas(first) == 3
        && specReplicas(replicaSetWithImage("prop", "busybox:2")) == 2
        && get("prop").path("status").path("replicas").asInt() == 5);
    ObjectNode second = replicaSetWithImage("prop", "busybox:2");
    patch("prop", "spec: {replicas: 8}");
    // 4 more (9 = 8 + surge): old round(3 * 9 / 5) = 5, new round(2 * 9 / 5) = 4.
    await("both grow by their share", WAIT, () -> specReplicas(first) == 5 && specReplicas(second) == 4);
  }

  @Test
  void revisionHistoryLimitDeletesTheOldestScaledDownReplicaSets() throws Exception {
    ObjectNode d = manifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: hist, namespace: %s}
        spec:
          replicas: 1
          revisionHistoryLimit: 1
          selector: {matchLabels: {app: hist}}
          template:
            metadata: {labels: {app: hist}}
            spec:
              containers: [{name: c, image: "busybox:1"}]
        """.formatted(ns));
    cp.create(DeploymentStrategy.TYPE, d);
    for (String image : List.of("busybox:1", "busybox:2", "busybox:3")) {
      if (!image.equals("busybox:1")) setImage("hist", image);
      await(image + " rolls out", WAIT, () -> {
        readyAll();
        return rolledOut("hist") && replicaSetWithImage("hist", image) != null;
      });
    }
    await("revision 1 is deleted", WAIT, () -> replicaSetWithImage("hist", "busybox:1") == null);
    assertTrue(replicaSetWithImage("hist", "busybox:2") != null, "one old revision is kept");
    assertEquals(2, replicaSetsOf("hist").size());
  }

  @Test
  void aStuckRolloutExceedsItsProgressDeadline() {
    ObjectNode d = deployment("stuck", 1, "busybox:1", "progressDeadlineSeconds: 1");
    assertNull(d.path("status").get("conditions"));
    await("Progressing turns ProgressDeadlineExceeded", WAIT, () -> DeploymentConditions.TIMED_OUT.equals(progressingReason("stuck")));
    JsonNode progressing = DeploymentConditions.get(get("stuck").path("status"), DeploymentConditions.PROGRESSING);
    assertEquals("False", progressing.path("status").asText());
  }

  @Test
  void createsNoReplicaSetInATerminatingNamespace() throws Exception {
    // No namespace controller runs here, so the namespace stays Terminating behind its finalizer.
    cp.create(NamespaceStrategy.TYPE, manifest("{apiVersion: v1, kind: Namespace, metadata: {name: %s}}".formatted(ns)));
    user.delete(NamespaceStrategy.TYPE, null, ns, new DeleteOptions(null, null, null, null)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the namespace is terminating", WAIT, () -> {
      ObjectNode namespace = cp.informers.get(NamespaceStrategy.TYPE).get(ns);
      return namespace != null && Metadata.deletionTimestamp(namespace) != null;
    });
    deployment("late", 2, "busybox:1", "");
    await("the Deployment's status is written", WAIT, () -> get("late").path("status").path("observedGeneration").asInt() == 1);
    assertEquals(List.of(), replicaSetsOf("late"));
    assertEquals(Set.of(), scalingEvents("late"));
  }

  private String progressingReason(String name) {
    JsonNode c = DeploymentConditions.get(get(name).path("status"), DeploymentConditions.PROGRESSING);
    return c == null ? null : c.path("reason").asText();
  }
}
