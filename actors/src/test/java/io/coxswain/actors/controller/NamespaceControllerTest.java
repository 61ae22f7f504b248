package io.coxswain.actors.controller;

import static io.coxswain.actors.controller.ControlPlaneFixture.await;
import static io.coxswain.actors.controller.ControlPlaneFixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.DeleteOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Namespace deletion on a real control plane: Terminating, emptied, then gone. */
class NamespaceControllerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ControlPlaneFixture cp;
  static ActorRef<ControllerRunner.Command> namespaces;
  static ActorRef<ControllerRunner.Command> replicaSets;
  static ActorRef<Void> collector;

  @BeforeAll
  static void start() {
    cp = new ControlPlaneFixture();
    namespaces = cp.run(new NamespaceController(cp.informers, cp.writes(NamespaceController.USER), Clock.systemUTC()));
    replicaSets = cp.run(new ReplicaSetController(cp.informers, cp.writes(ReplicaSetController.USER), Clock.systemUTC()));
    collector = cp.testKit.spawn(GarbageCollector.create(cp.informers, cp.store,
        new ControllerRunner.Settings(8, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void deletingANamespaceDeletesEverythingInItAndThenTheNamespace() throws Exception {
    cp.create(NamespaceStrategy.TYPE, manifest("{apiVersion: v1, kind: Namespace, metadata: {name: doomed}}"));
    cp.create(NamespaceStrategy.TYPE, manifest("{apiVersion: v1, kind: Namespace, metadata: {name: spared}}"));
    cp.create(ConfigMapStrategy.TYPE, manifest("{apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: doomed}}"));
    cp.create(ConfigMapStrategy.TYPE, manifest("{apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: spared}}"));
    cp.create(ReplicaSetStrategy.TYPE, manifest("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web, namespace: doomed}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: busybox}]
        """));
    Informer pods = cp.informers.get(PodStrategy.TYPE);
    await("2 pods exist", WAIT, () -> pods.list("doomed").size() == 2);

    cp.writes("alice").delete(NamespaceStrategy.TYPE, null, "doomed", new DeleteOptions(null, null, null, null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Informer nsInformer = cp.informers.get(NamespaceStrategy.TYPE);
    Informer configMaps = cp.informers.get(ConfigMapStrategy.TYPE);
    await("the namespace and everything in it are gone", WAIT, () -> nsInformer.get("doomed") == null
        && configMaps.list("doomed").isEmpty() && pods.list("doomed").isEmpty()
        && cp.informers.get(ReplicaSetStrategy.TYPE).list("doomed").isEmpty());
    ObjectNode spared = configMaps.get("spared", "settings");
    assertNotNull(spared, "another namespace keeps its objects");
    assertEquals("Active", nsInformer.get("spared").path("status").path("phase").asText());
    assertNotNull(Metadata.uid(spared));
  }
}
