package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.kinds.EventStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ReplicaSetControllerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;
  static Informer pods;
  static Informer replicaSets;
  static Informer events;
  ActorRef<ControllerRunner.Command> controller;
  ControllerWrites user;
  String ns;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @BeforeEach
  void runController(TestInfo info) {
    ReplicaSetController rsc = new ReplicaSetController(cp.informers, cp.writes(ReplicaSetController.USER), Clock.systemUTC());
    pods = cp.informers.get(PodStrategy.TYPE);
    replicaSets = cp.informers.get(ReplicaSetStrategy.TYPE);
    events = cp.informers.get(EventStrategy.TYPE);
    controller = cp.run(rsc);
    user = cp.writes("alice");
    // Each test in its own namespace, so they cannot see each other's pods.
    String method = info.getTestMethod().orElseThrow().getName().toLowerCase();
    ns = method.substring(0, Math.min(20, method.length()));
  }

  @AfterEach
  void stopController() {
    cp.testKit.stop(controller);
  }

  ObjectNode replicaSet(String name, int replicas) {
    return replicaSet(name, replicas, "busybox");
  }

  ObjectNode replicaSet(String name, int replicas, String image) {
    return cp.create(ReplicaSetStrategy.TYPE, manifest("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s, tier: web}}
            spec:
              containers: [{name: c, image: "%s", command: [sleep, "3600"]}]
        """.formatted(name, ns, replicas, name, name, image)));
  }

  /** The Events recorded about an object with the given reason. */
  List<ObjectNode> eventsAbout(ObjectNode obj, String reason) {
    return events.list(ns).stream()
        .filter(e -> Metadata.uid(obj).equals(e.path("involvedObject").path("uid").asText()))
        .filter(e -> e.path("reason").asText().equals(reason))
        .collect(Collectors.toList());
  }

  static Set<String> messages(List<ObjectNode> events) {
    return events.stream().map(e -> e.path("message").asText()).collect(Collectors.toSet());
  }

  List<ObjectNode> podsOf(ObjectNode rs) {
    return pods.list(ns).stream()
        .filter(p -> Metadata.uid(rs).equals(OwnerReferences.controllerUid(p)))
        .filter(p -> Metadata.deletionTimestamp(p) == null)
        .collect(Collectors.toList());
  }

  @Test
  void createsTheReplicasWithAControllerReferenceAndTheTemplate() {
    ObjectNode rs = replicaSet("web", 3);
    await("3 pods exist", WAIT, () -> podsOf(rs).size() == 3);
    for (ObjectNode pod : podsOf(rs)) {
      assertTrue(Metadata.name(pod).startsWith("web-"), Metadata.name(pod));
      assertEquals("web-", Metadata.generateName(pod));
      assertEquals("web", Metadata.labels(pod).get("app"));
      assertEquals("busybox", pod.path("spec").path("containers").path(0).path("image").asText());
      var ref = OwnerReferences.controllerRef(pod);
      assertEquals("ReplicaSet", ref.path("kind").asText());
      assertEquals("web", ref.path("name").asText());
      assertTrue(ref.path("blockOwnerDeletion").asBoolean());
    }
    await("status says 3 replicas", WAIT, () -> replicaSets.get(ns, "web").path("status").path("replicas").asInt() == 3);
    ObjectNode status = (ObjectNode) replicaSets.get(ns, "web").path("status");
    assertEquals(3, status.path("fullyLabeledReplicas").asInt());
    assertEquals(0, status.path("readyReplicas").asInt());
    assertEquals(1, status.path("observedGeneration").asInt());
    Set<String> created = podsOf(rs).stream().map(p -> "Created pod: " + Metadata.name(p)).collect(Collectors.toSet());
    await("a SuccessfulCreate event per pod", WAIT, () -> messages(eventsAbout(rs, "SuccessfulCreate")).equals(created));
    for (ObjectNode e : eventsAbout(rs, "SuccessfulCreate")) {
      assertEquals("Normal", e.path("type").asText());
      assertEquals("replicaset-controller", e.path("source").path("component").asText());
      assertEquals("replicaset-controller", e.path("reportingComponent").asText());
      assertEquals("", e.path("reportingInstance").asText("absent"), "a controller reports no instance, as kube-controller-manager");
      assertEquals("ReplicaSet", e.path("involvedObject").path("kind").asText());
      assertEquals("apps/v1", e.path("involvedObject").path("apiVersion").asText());
      assertEquals("web", e.path("involvedObject").path("name").asText());
      assertEquals(ns, e.path("involvedObject").path("namespace").asText());
    }
  }

  @Test
  void reportsAPodItCannotCreateAsAFailedCreateEvent() {
    // Templates may carry an image with surrounding blanks; pods may not, so every create is refused.
    ObjectNode rs = replicaSet("blank", 1, " busybox");
    await("a FailedCreate event", WAIT, () -> !eventsAbout(rs, "FailedCreate").isEmpty());
    ObjectNode failed = eventsAbout(rs, "FailedCreate").get(0);
    assertEquals("Warning", failed.path("type").asText());
    String message = failed.path("message").asText();
    assertTrue(message.startsWith("Error creating: ") && message.contains("spec.containers[0].image"), message);
    assertEquals(List.of(), podsOf(rs));
    assertEquals(List.of(), eventsAbout(rs, "SuccessfulCreate"));
  }

  @Test
  void createsNoPodsInATerminatingNamespace() throws Exception {
    // No namespace controller runs here, so the namespace stays Terminating behind its finalizer.
    cp.create(NamespaceStrategy.TYPE, manifest("{apiVersion: v1, kind: Namespace, metadata: {name: %s}}".formatted(ns)));
    user.delete(NamespaceStrategy.TYPE, null, ns, new DeleteOptions(null, null, null, null)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the namespace is terminating", WAIT, () -> {
      ObjectNode namespace = cp.informers.get(NamespaceStrategy.TYPE).get(ns);
      return namespace != null && Metadata.deletionTimestamp(namespace) != null;
    });
    ObjectNode rs = replicaSet("late", 2);
    await("the ReplicaSet's status is written", WAIT,
        () -> replicaSets.get(ns, "late").path("status").path("observedGeneration").asInt() == 1);
    assertEquals(List.of(), podsOf(rs));
  }

  @Test
  void replacesADeletedPod() throws Exception {
    ObjectNode rs = replicaSet("api", 2);
    await("2 pods exist", WAIT, () -> podsOf(rs).size() == 2);
    ObjectNode victim = podsOf(rs).get(0);
    user.delete(PodStrategy.TYPE, ns, Metadata.name(victim), new DeleteOptions(null, null, 0L, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("a replacement pod exists", WAIT, () -> {
      List<ObjectNode> now = podsOf(rs);
      return now.size() == 2 && now.stream().noneMatch(p -> Metadata.name(p).equals(Metadata.name(victim)));
    });
  }

  @Test
  void scaleDownDeletesUnscheduledPodsBeforeRunningOnes() throws Exception {
    ObjectNode rs = replicaSet("scale", 3);
    await("3 pods exist", WAIT, () -> podsOf(rs).size() == 3);
    List<ObjectNode> three = podsOf(rs);
    // Two of them run and are ready on a node; the third is still unscheduled.
    for (ObjectNode pod : three.subList(0, 2)) runReady(pod);
    ObjectNode pending = three.get(2);
    ObjectNode scale = Json.MAPPER.createObjectNode();
    scale.putObject("spec").put("replicas", 2);
    user.patch(ReplicaSetStrategy.TYPE, ns, "scale", scale, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("2 pods remain", WAIT, () -> podsOf(rs).size() == 2);
    assertTrue(podsOf(rs).stream().noneMatch(p -> Metadata.name(p).equals(Metadata.name(pending))),
        "the unscheduled pod should have gone first");
    await("status counts 2 ready", WAIT, () -> replicaSets.get(ns, "scale").path("status").path("readyReplicas").asInt() == 2);
    await("a SuccessfulDelete event names the deleted pod", WAIT,
        () -> messages(eventsAbout(rs, "SuccessfulDelete")).equals(Set.of("Deleted pod: " + Metadata.name(pending))));
  }

  @Test
  void adoptsAMatchingOrphanInsteadOfCreatingAPod() {
    cp.create(PodStrategy.TYPE, manifest("""
        apiVersion: v1
        kind: Pod
        metadata: {name: stray, namespace: %s, labels: {app: adopt}}
        spec:
          containers: [{name: c, image: busybox}]
        """.formatted(ns)));
    ObjectNode rs = replicaSet("adopt", 2);
    await("2 pods owned", WAIT, () -> podsOf(rs).size() == 2);
    assertTrue(podsOf(rs).stream().anyMatch(p -> Metadata.name(p).equals("stray")), "the orphan should be adopted");
  }

  @Test
  void releasesAPodWhoseLabelsNoLongerMatch() throws Exception {
    ObjectNode rs = replicaSet("release", 1);
    await("1 pod owned", WAIT, () -> podsOf(rs).size() == 1);
    String first = Metadata.name(podsOf(rs).get(0));
    ObjectNode relabel = Json.MAPPER.createObjectNode();
    relabel.putObject("metadata").putObject("labels").put("app", "elsewhere");
    user.patch(PodStrategy.TYPE, ns, first, relabel, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the relabelled pod is released and replaced", WAIT, () -> {
      ObjectNode released = pods.get(ns, first);
      List<ObjectNode> owned = podsOf(rs);
      return released != null && OwnerReferences.controllerUid(released) == null
          && owned.size() == 1 && !Metadata.name(owned.get(0)).equals(first);
    });
  }

  /** What a node agent would report: bound, running and ready. */
  /** Binds the pod to a node and marks it Running and Ready, as scheduler and kubelet would; returns once the informer has seen it. */
  private void runReady(ObjectNode pod) throws Exception {
    ObjectNode status = Json.MAPPER.createObjectNode();
    ObjectNode s = status.putObject("status");
    s.put("phase", "Running");
    s.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
        .put("lastTransitionTime", Instant.now().toString());
    String name = Metadata.name(pod);
    user.bind(ns, name, Metadata.uid(pod), "node-1").toCompletableFuture().get(10, TimeUnit.SECONDS);
    ObjectNode written = user.patch(PodStrategy.TYPE, ns, name, status, Subresource.STATUS).toCompletableFuture().get(10, TimeUnit.SECONDS);
    pods.awaitObserved(ControllerWrites.resourceVersion(written), WAIT).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
