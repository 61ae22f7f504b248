package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.OwnerReferences;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Deletion;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The garbage collector with the ReplicaSet controller on a real control plane: what each
 * propagation policy leaves behind once the collector has acted.
 */
class GarbageCollectorTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;
  static Informer pods;
  static Informer replicaSets;
  static Informer deployments;
  ActorRef<Void> collector;
  ActorRef<ControllerRunner.Command> rsController;
  ControllerWrites user;
  String ns;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
    pods = cp.informers.get(PodStrategy.TYPE);
    replicaSets = cp.informers.get(ReplicaSetStrategy.TYPE);
    deployments = cp.informers.get(DeploymentStrategy.TYPE);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @BeforeEach
  void runControllers(TestInfo info) {
    collector = cp.testKit.spawn(GarbageCollector.create(cp.informers, cp.store,
        new ControllerRunner.Settings(8, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1))));
    rsController = cp.run(new ReplicaSetController(cp.informers, cp.writes(ReplicaSetController.USER), Clock.systemUTC()));
    user = cp.writes("alice");
    String method = info.getTestMethod().orElseThrow().getName().toLowerCase();
    ns = method.substring(0, Math.min(20, method.length()));
  }

  @AfterEach
  void stopControllers() {
    cp.testKit.stop(collector);
    cp.testKit.stop(rsController);
  }

  ObjectNode replicaSet(String name, int replicas, ObjectNode owner) {
    ObjectNode rs = manifest("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: c, image: busybox}]
        """.formatted(name, ns, replicas, name, name));
    if (owner != null) Metadata.of(rs).putArray("ownerReferences").add(OwnerReferences.controllerRefTo(owner));
    return cp.create(ReplicaSetStrategy.TYPE, rs);
  }

  ObjectNode deployment(String name) {
    return cp.create(DeploymentStrategy.TYPE, manifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: c, image: busybox}]
        """.formatted(name, ns, name, name)));
  }

  ObjectNode configMapOwnedBy(String name, ObjectNode... owners) {
    ObjectNode cm = manifest("{apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: %s}}".formatted(name, ns));
    var refs = Metadata.of(cm).putArray("ownerReferences");
    for (ObjectNode owner : owners) {
      ObjectNode ref = OwnerReferences.controllerRefTo(owner);
      ref.put("controller", false);
      refs.add(ref);
    }
    return cp.create(ConfigMapStrategy.TYPE, cm);
  }

  List<ObjectNode> podsOwnedBy(ObjectNode owner) {
    return pods.list(ns).stream()
        .filter(p -> OwnerReferences.ownerUids(p).contains(Metadata.uid(owner)))
        .collect(Collectors.toList());
  }

  void delete(io.coxswain.core.ResourceType type, String name, String policy) throws Exception {
    user.delete(type, ns, name, new DeleteOptions(null, null, null, policy)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void deletingAReplicaSetInTheBackgroundDeletesItsPods() throws Exception {
    ObjectNode rs = replicaSet("web", 3, null);
    await("3 pods exist", WAIT, () -> podsOwnedBy(rs).size() == 3);
    delete(ReplicaSetStrategy.TYPE, "web", "Background");
    await("the pods are collected", WAIT, () -> pods.list(ns).isEmpty());
    assertEquals(null, replicaSets.get(ns, "web"));
  }

  @Test
  void orphanKeepsThePodsWithoutTheOwnerReference() throws Exception {
    ObjectNode rs = replicaSet("keep", 2, null);
    await("2 pods exist", WAIT, () -> podsOwnedBy(rs).size() == 2);
    List<String> names = podsOwnedBy(rs).stream().map(Metadata::name).sorted().toList();
    delete(ReplicaSetStrategy.TYPE, "keep", "Orphan");
    await("the ReplicaSet is gone", WAIT, () -> replicaSets.get(ns, "keep") == null);
    // The orphan finalizer only goes once every reference is removed, so the pods are safe now.
    assertEquals(names, pods.list(ns).stream().map(Metadata::name).sorted().toList());
    for (ObjectNode pod : pods.list(ns)) {
      assertTrue(pod.path("metadata").path("ownerReferences").isEmpty(), pod.toString());
      assertEquals(null, Metadata.deletionTimestamp(pod));
    }
  }

  @Test
  void foregroundKeepsTheOwnerUntilItsBlockingDependentsAreGone() throws Exception {
    ObjectNode rs = replicaSet("fg", 2, null);
    await("2 pods exist", WAIT, () -> podsOwnedBy(rs).size() == 2);
    String held = Metadata.name(podsOwnedBy(rs).get(0));
    ObjectNode hold = Json.MAPPER.createObjectNode();
    hold.putObject("metadata").putArray("finalizers").add("example.com/hold");
    user.patch(PodStrategy.TYPE, ns, held, hold, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

    delete(ReplicaSetStrategy.TYPE, "fg", "Foreground");
    await("only the held pod is left, being deleted", WAIT, () -> {
      List<ObjectNode> left = pods.list(ns).stream().toList();
      return left.size() == 1 && Metadata.name(left.get(0)).equals(held) && Metadata.deletionTimestamp(left.get(0)) != null;
    });
    ObjectNode waiting = replicaSets.get(ns, "fg");
    assertNotNull(waiting, "the owner waits for its blocking dependents");
    assertNotNull(Metadata.deletionTimestamp(waiting));
    assertEquals(List.of(Deletion.FOREGROUND_FINALIZER), Deletion.finalizers(waiting));

    ObjectNode release = Json.MAPPER.createObjectNode();
    release.putObject("metadata").putNull("finalizers");
    user.patch(PodStrategy.TYPE, ns, held, release, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("the owner follows its last dependent", WAIT, () -> replicaSets.get(ns, "fg") == null);
    assertTrue(pods.list(ns).isEmpty());
  }

  @Test
  void aDependentOfAnOwnerRecreatedWithANewUidIsCollected() throws Exception {
    ObjectNode first = deployment("app");
    delete(DeploymentStrategy.TYPE, "app", "Orphan");
    await("the first Deployment is gone", WAIT, () -> deployments.get(ns, "app") == null);
    ObjectNode second = deployment("app");
    // A dependent that still names the first Deployment's uid, as a stale manifest might.
    configMapOwnedBy("stale", first);
    ObjectNode current = configMapOwnedBy("current", second);
    Informer configMaps = cp.informers.get(ConfigMapStrategy.TYPE);
    await("the stale dependent is collected", WAIT, () -> configMaps.get(ns, "stale") == null);
    assertEquals(Metadata.uid(current), Metadata.uid(configMaps.get(ns, "current")), "the live owner's dependent stays");
  }

  @Test
  void aDependentWithAnOwnerLeftOnlyLosesTheReferenceToTheOneGone() throws Exception {
    ObjectNode a = deployment("a");
    ObjectNode b = deployment("b");
    configMapOwnedBy("shared", a, b);
    delete(DeploymentStrategy.TYPE, "a", "Background");
    Informer configMaps = cp.informers.get(ConfigMapStrategy.TYPE);
    await("the reference to the deleted owner is removed", WAIT, () -> {
      ObjectNode cm = configMaps.get(ns, "shared");
      return cm != null && OwnerReferences.ownerUids(cm).equals(List.of(Metadata.uid(b)));
    });
  }

  @Test
  void backgroundDeletionCascadesThroughEveryLevel() throws Exception {
    ObjectNode d = deployment("tiers");
    ObjectNode rs = replicaSet("tiers-1", 2, d);
    await("2 pods exist", WAIT, () -> podsOwnedBy(rs).size() == 2);
    delete(DeploymentStrategy.TYPE, "tiers", "Background");
    await("the ReplicaSet and its pods are collected", WAIT,
        () -> replicaSets.get(ns, "tiers-1") == null && pods.list(ns).isEmpty());
  }

  @Test
  void foregroundDeletionCascadesThroughEveryLevelBeforeTheOwnerGoes() throws Exception {
    ObjectNode d = deployment("fgtiers");
    ObjectNode rs = replicaSet("fgtiers-1", 2, d);
    await("2 pods exist", WAIT, () -> podsOwnedBy(rs).size() == 2);
    String held = Metadata.name(podsOwnedBy(rs).get(0));
    ObjectNode hold = Json.MAPPER.createObjectNode();
    hold.putObject("metadata").putArray("finalizers").add("example.com/hold");
    user.patch(PodStrategy.TYPE, ns, held, hold, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);

    delete(DeploymentStrategy.TYPE, "fgtiers", "Foreground");
    // The ReplicaSet has dependents of its own, so it is deleted in the foreground as well.
    await("the ReplicaSet waits in the foreground for the held pod", WAIT, () -> {
      ObjectNode waiting = replicaSets.get(ns, "fgtiers-1");
      return waiting != null && Deletion.hasFinalizer(waiting, Deletion.FOREGROUND_FINALIZER)
          && Metadata.deletionTimestamp(waiting) != null && pods.list(ns).size() == 1;
    });
    assertNotNull(deployments.get(ns, "fgtiers"), "the Deployment waits for its ReplicaSet");

    ObjectNode release = Json.MAPPER.createObjectNode();
    release.putObject("metadata").putNull("finalizers");
    user.patch(PodStrategy.TYPE, ns, held, release, Subresource.MAIN).toCompletableFuture().get(10, TimeUnit.SECONDS);
    await("everything is gone", WAIT, () -> deployments.get(ns, "fgtiers") == null
        && replicaSets.get(ns, "fgtiers-1") == null && pods.list(ns).isEmpty());
  }

  @Test
  void anOwnerOfAKindNotServedIsNeverTakenForGone() throws Exception {
    ObjectNode cm = manifest("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: crd-owned
          namespace: %s
          ownerReferences: [{apiVersion: example.com/v1, kind: Widget, name: w, uid: 6f1c0d4e-0000-4000-8000-000000000001}]
        """.formatted(ns));
    cp.create(ConfigMapStrategy.TYPE, cm);
    // A dangling dependent next to it shows the collector has looked at this namespace.
    ObjectNode gone = deployment("gone");
    delete(DeploymentStrategy.TYPE, "gone", "Orphan");
    await("the first Deployment is gone", WAIT, () -> deployments.get(ns, "gone") == null);
    configMapOwnedBy("dangling", gone);
    Informer configMaps = cp.informers.get(ConfigMapStrategy.TYPE);
    await("the dangling dependent is collected", WAIT, () -> configMaps.get(ns, "dangling") == null);
    assertNotNull(configMaps.get(ns, "crd-owned"));
  }
}
