package io.coxswain.actors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.coxswain.actors.store.ResourceEntity.Command;
import io.coxswain.actors.store.ResourceEntity.Result;
import io.coxswain.actors.store.ResourceEntity.State;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.kinds.NamespaceStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.kinds.ReplicaSetStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Subresource;
import io.coxswain.persistence.ResourceEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The entity's delete path: propagation policies become the garbage collector's finalizers, an
 * object with finalizers only leaves with the last one, graceful periods only shorten, and
 * namespaces turn Terminating until their spec.finalizers are gone.
 */
class ResourceEntityDeleteTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config()
          .withFallback(ConfigFactory.parseResources("coxswain-serialization.conf"))
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  static final RequestInfo ALICE = new RequestInfo("alice", "req-1", "delete", false, "kubectl");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<Command, ResourceEvent, State> entity(KindStrategy strategy, String id) {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        ResourceEntity.create(id, strategy, new WriteFence(new HybridLogicalClock()), CLOCK, 100));
  }

  private static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ObjectNode create(EventSourcedBehaviorTestKit<Command, ResourceEvent, State> kit, String manifest) {
    ObjectNode obj = yaml(manifest);
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(obj, ALICE, replyTo));
    assertTrue(r.reply().isSuccess(), () -> "create failed: " + r.reply());
    return r.reply().getValue().object();
  }

  private static CommandResultWithReply<Command, ResourceEvent, State, StatusReply<Result>> delete(
      EventSourcedBehaviorTestKit<Command, ResourceEvent, State> kit, DeleteOptions options) {
    return kit.runCommand(replyTo -> new ResourceEntity.Delete(options, ALICE, replyTo));
  }

  private static DeleteOptions policy(String policy) {
    return new DeleteOptions(null, null, null, policy);
  }

  private static CommandResultWithReply<Command, ResourceEvent, State, StatusReply<Result>> patch(
      EventSourcedBehaviorTestKit<Command, ResourceEvent, State> kit, String mergePatch) {
    ObjectNode p = yaml(mergePatch);
    return kit.runCommand(replyTo -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, p, Subresource.MAIN, ALICE, replyTo));
  }

  private static ObjectNode object(CommandResultWithReply<Command, ResourceEvent, State, StatusReply<Result>> r) {
    assertTrue(r.reply().isSuccess(), () -> "refused: " + r.reply());
    return r.reply().getValue().object();
  }

  private static StatusException error(CommandResultWithReply<Command, ResourceEvent, State, StatusReply<Result>> r) {
    assertTrue(r.reply().isError(), () -> "expected a refusal, got " + r.reply());
    return assertInstanceOf(StatusException.class, r.reply().getError());
  }

  private static List<String> finalizers(ObjectNode obj) {
    return Json.MAPPER.convertValue(obj.path("metadata").path("finalizers"), List.class);
  }

  private static final String CONFIG_MAP = "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm, namespace: default}}";
  private static final String REPLICA_SET = """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web, namespace: default}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, image: busybox}]}
      """;
  private static final String BOUND_POD = """
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: default}
      spec: {nodeName: node-1, containers: [{name: c, image: busybox}]}
      """;

  @Test
  void orphanPolicyAddsTheOrphanFinalizerAndKeepsTheObjectUntilItIsRemoved() {
    var kit = entity(new ConfigMapStrategy(), "default/cm");
    create(kit, CONFIG_MAP);
    var del = delete(kit, policy("Orphan"));
    ObjectNode marked = object(del);
    assertEquals(List.of("orphan"), finalizers(marked));
    assertEquals("2026-11-23T10:00:00Z", marked.path("metadata").path("deletionTimestamp").asText());
    assertEquals(0, marked.path("metadata").path("deletionGracePeriodSeconds").asInt(-1));
    assertInstanceOf(ResourceEvent.ObjectUpdated.class, del.event());
    assertInstanceOf(ResourceEntity.Present.class, del.state());

    var released = patch(kit, "{metadata: {finalizers: null}}");
    assertTrue(released.reply().getValue().removed());
    assertInstanceOf(ResourceEvent.ObjectDeleted.class, released.event());
    assertInstanceOf(ResourceEntity.Absent.class, released.state());
  }

  @Test
  void orphanDependentsTrueMeansOrphan() {
    var kit = entity(new ConfigMapStrategy(), "default/cm");
    create(kit, CONFIG_MAP);
    ObjectNode body = yaml("{kind: DeleteOptions, apiVersion: v1, orphanDependents: true}");
    assertEquals(List.of("orphan"), finalizers(object(delete(kit, DeleteOptions.from(body, null, null, null)))));
  }

  @Test
  void foregroundPolicyAddsForegroundDeletionAndBumpsGeneration() {
    var kit = entity(new ReplicaSetStrategy(), "default/web");
    ObjectNode created = create(kit, REPLICA_SET);
    assertEquals(1, created.path("metadata").path("generation").asInt());
    ObjectNode marked = object(delete(kit, policy("Foreground")));
    assertEquals(List.of("foregroundDeletion"), finalizers(marked));
    assertNotNull(marked.path("metadata").path("deletionTimestamp").textValue());
    assertEquals(2, marked.path("metadata").path("generation").asInt());
  }

  @Test
  void backgroundAndTheDefaultPolicyRemoveAtOnce() {
    var background = entity(new ReplicaSetStrategy(), "default/bg");
    create(background, REPLICA_SET.replace("name: web, namespace", "name: bg, namespace"));
    assertTrue(delete(background, policy("Background")).reply().getValue().removed());

    var byDefault = entity(new ReplicaSetStrategy(), "default/df");
    create(byDefault, REPLICA_SET.replace("name: web, namespace", "name: df, namespace"));
    var r = delete(byDefault, DeleteOptions.DEFAULT);
    assertTrue(r.reply().getValue().removed());
    assertInstanceOf(ResourceEntity.Absent.class, r.state());
  }

  @Test
  void otherFinalizersStayAndThePolicyFinalizerJoinsThem() {
    var kit = entity(new ConfigMapStrategy(), "default/cm");
    create(kit, CONFIG_MAP.replace("namespace: default}", "namespace: default, finalizers: [example.com/hold]}"));
    ObjectNode marked = object(delete(kit, policy("Foreground")));
    assertEquals(List.of("example.com/hold", "foregroundDeletion"), finalizers(marked));
    // The garbage collector's part done, the object still waits for the other finalizer.
    ObjectNode waiting = object(patch(kit, "{metadata: {finalizers: [example.com/hold]}}"));
    assertEquals(List.of("example.com/hold"), finalizers(waiting));
    assertTrue(patch(kit, "{metadata: {finalizers: []}}").reply().getValue().removed());
  }

  @Test
  void aRepeatedDeleteWithoutPolicyStoresNothingAndALaterPolicyReplacesTheEarlierOne() {
    var kit = entity(new ConfigMapStrategy(), "default/cm");
    create(kit, CONFIG_MAP);
    object(delete(kit, policy("Orphan")));
    var again = delete(kit, DeleteOptions.DEFAULT);
    assertEquals(List.of("orphan"), finalizers(object(again)));
    assertTrue(again.hasNoEvents());
    assertEquals(List.of("foregroundDeletion"), finalizers(object(delete(kit, policy("Foreground")))));
  }

  @Test
  void aBoundPodIsDeletedGracefullyAndItsFinalizersOutlastTheGracePeriod() {
    var kit = entity(new PodStrategy(), "default/p");
    create(kit, BOUND_POD);
    ObjectNode graceful = object(delete(kit, policy("Foreground")));
    assertEquals(30, graceful.path("metadata").path("deletionGracePeriodSeconds").asInt());
    assertEquals("2026-11-23T10:00:30Z", graceful.path("metadata").path("deletionTimestamp").asText());
    assertEquals(List.of("foregroundDeletion"), finalizers(graceful));
    // A longer period changes nothing; a shorter one moves the deadline earlier.
    assertTrue(delete(kit, new DeleteOptions(null, null, 60L, null)).hasNoEvents());
    ObjectNode shorter = object(delete(kit, new DeleteOptions(null, null, 10L, null)));
    assertEquals("2026-11-23T10:00:10Z", shorter.path("metadata").path("deletionTimestamp").asText());
    // The kubelet's final delete (grace 0) cannot remove a pod that still has a finalizer.
    var finished = delete(kit, new DeleteOptions(null, null, 0L, null));
    assertEquals(0, object(finished).path("metadata").path("deletionGracePeriodSeconds").asInt(-1));
    assertInstanceOf(ResourceEntity.Present.class, finished.state());
    assertTrue(patch(kit, "{metadata: {finalizers: null}}").reply().getValue().removed());
  }

  @Test
  void aNamespaceTurnsTerminatingAndGoesWhenItsSpecFinalizersAreGone() {
    var kit = entity(new NamespaceStrategy(), "demo");
    create(kit, "{apiVersion: v1, kind: Namespace, metadata: {name: demo}}");
    var del = delete(kit, policy("Background"));
    ObjectNode terminating = object(del);
    assertEquals("Terminating", terminating.path("status").path("phase").asText());
    assertEquals("2026-11-23T10:00:00Z", terminating.path("metadata").path("deletionTimestamp").asText());
    assertEquals(List.of("kubernetes"), Json.MAPPER.convertValue(terminating.path("spec").path("finalizers"), List.class));
    assertInstanceOf(ResourceEntity.Present.class, del.state());

    StatusException again = error(delete(kit, DeleteOptions.DEFAULT));
    assertEquals(409, again.code());
    assertEquals("Operation cannot be fulfilled on namespaces \"demo\": The system is ensuring all content is removed "
        + "from this namespace.  Upon completion, this namespace will automatically be purged by the system.", again.getMessage());

    // A status write keeps it; the namespace controller's finalize removes it.
    ObjectNode status = yaml("{status: {phase: Terminating, conditions: [{type: NamespaceContentRemaining, status: 'False'}]}}");
    var statusWrite = kit.<StatusReply<Result>>runCommand(
        r -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, status, Subresource.STATUS, ALICE, r));
    assertInstanceOf(ResourceEntity.Present.class, statusWrite.state());
    var finalized = patch(kit, "{spec: {finalizers: []}}");
    assertTrue(finalized.reply().getValue().removed());
    assertInstanceOf(ResourceEntity.Absent.class, finalized.state());
  }

  @Test
  void aNamespaceDeletedWithOrphanAlsoWaitsForTheGarbageCollector() {
    var kit = entity(new NamespaceStrategy(), "keep");
    create(kit, "{apiVersion: v1, kind: Namespace, metadata: {name: keep}}");
    assertEquals(List.of("orphan"), finalizers(object(delete(kit, policy("Orphan")))));
    assertInstanceOf(ResourceEntity.Present.class, patch(kit, "{spec: {finalizers: []}}").state());
    assertTrue(patch(kit, "{metadata: {finalizers: []}}").reply().getValue().removed());
  }

  @Test
  void systemNamespacesMayNotBeDeleted() {
    for (String name : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      var kit = entity(new NamespaceStrategy(), name);
      create(kit, "{apiVersion: v1, kind: Namespace, metadata: {name: " + name + "}}");
      var r = delete(kit, policy("Background"));
      StatusException e = error(r);
      assertEquals(403, e.code());
      assertEquals("Forbidden", e.reason());
      assertEquals("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted", e.getMessage());
      assertTrue(r.hasNoEvents());
    }
  }

  @Test
  void aStaleUidPreconditionIsAConflict() {
    var kit = entity(new ConfigMapStrategy(), "default/cm");
    create(kit, CONFIG_MAP);
    StatusException e = error(delete(kit, new DeleteOptions("not-the-uid", null, null, null)));
    assertEquals(409, e.code());
    assertTrue(e.getMessage().contains("Precondition failed: UID in precondition: not-the-uid"), e.getMessage());
  }
}
