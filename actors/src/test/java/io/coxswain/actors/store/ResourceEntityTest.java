package io.coxswain.actors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.coxswain.core.kinds.DeploymentStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Subresource;
import io.coxswain.persistence.ResourceEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ResourceEntityTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config()
          .withFallback(ConfigFactory.parseResources("coxswain-serialization.conf"))
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  static final RequestInfo ALICE = new RequestInfo("alice", "req-1", "create", false, "kubectl");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit<Command, ResourceEvent, State> entity(KindStrategy strategy, String id, int snapshotEvery) {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        ResourceEntity.create(id, strategy, new WriteFence(new HybridLogicalClock()), CLOCK, snapshotEvery));
  }

  private static ObjectNode configMap(String name, String value) {
    ObjectNode cm = Json.MAPPER.createObjectNode();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.putObject("metadata").put("name", name).put("namespace", "default");
    cm.putObject("data").put("key", value);
    return cm;
  }

  private static ObjectNode deployment(String name, int replicas) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("apiVersion", "apps/v1");
    d.put("kind", "Deployment");
    d.putObject("metadata").put("name", name).put("namespace", "default");
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", replicas);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name);
    template.putObject("spec").putArray("containers").addObject().put("name", "web").put("image", "nginx:1.27");
    return d;
  }

  private static ObjectNode create(EventSourcedBehaviorTestKit<Command, ResourceEvent, State> kit, ObjectNode obj) {
    CommandResultWithReply<Command, ResourceEvent, State, StatusReply<Result>> r =
        kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(obj, ALICE, replyTo));
    assertTrue(r.reply().isSuccess(), () -> "create failed: " + r.reply());
    return r.reply().getValue().object();
  }

  private static StatusException error(StatusReply<Result> reply) {
    assertTrue(reply.isError(), "expected a refusal, got " + reply);
    return assertInstanceOf(StatusException.class, reply.getError());
  }

  @Test
  void createFillsServerMetadataAndRecordsWho() {
    var kit = entity(new ConfigMapStrategy(), "default/a", 100);
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(configMap("a", "1"), ALICE, replyTo));
    ObjectNode stored = r.reply().getValue().object();
    assertTrue(r.reply().getValue().created());
    assertNotNull(stored.path("metadata").path("uid").textValue());
    assertEquals("2026-11-23T10:00:00Z", stored.path("metadata").path("creationTimestamp").asText());
    ResourceEvent.ObjectCreated event = assertInstanceOf(ResourceEvent.ObjectCreated.class, r.event());
    assertEquals("alice", event.audit().user());
    assertEquals("req-1", event.audit().requestId());
    assertEquals(Long.toString(event.resourceVersion()), stored.path("metadata").path("resourceVersion").asText());
  }

  @Test
  void rejectsCreateOfExistingNameWithAlreadyExists() {
    var kit = entity(new ConfigMapStrategy(), "default/b", 100);
    create(kit, configMap("b", "1"));
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(configMap("b", "2"), ALICE, replyTo));
    assertEquals(409, error(r.reply()).code());
    assertEquals("AlreadyExists", error(r.reply()).reason());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void rejectsUpdateWithStaleResourceVersion() {
    var kit = entity(new ConfigMapStrategy(), "default/c", 100);
    ObjectNode v1 = create(kit, configMap("c", "1"));
    ObjectNode change = v1.deepCopy();
    change.with("data").put("key", "2");
    var ok = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(change, Subresource.MAIN, ALICE, replyTo));
    assertTrue(ok.reply().isSuccess());
    ObjectNode stale = v1.deepCopy();
    stale.with("data").put("key", "3");
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(stale, Subresource.MAIN, ALICE, replyTo));
    assertEquals(409, error(r.reply()).code());
    assertEquals("Conflict", error(r.reply()).reason());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void unchangedUpdateStoresNothing() {
    var kit = entity(new ConfigMapStrategy(), "default/d", 100);
    ObjectNode v1 = create(kit, configMap("d", "1"));
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(v1.deepCopy(), Subresource.MAIN, ALICE, replyTo));
    assertTrue(r.reply().isSuccess());
    assertTrue(r.hasNoEvents());
    assertEquals(v1.path("metadata").path("resourceVersion"), r.reply().getValue().object().path("metadata").path("resourceVersion"));
  }

  @Test
  void statusIsWrittenOnlyThroughStatusSubresource() {
    var kit = entity(new DeploymentStrategy(), "default/web", 100);
    ObjectNode v1 = create(kit, deployment("web", 2));
    ObjectNode withStatus = v1.deepCopy();
    withStatus.putObject("status").put("replicas", 2);
    var main = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(withStatus, Subresource.MAIN, ALICE, replyTo));
    assertTrue(main.reply().getValue().object().path("status").path("replicas").isMissingNode());
    var status = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(withStatus, Subresource.STATUS, ALICE, replyTo));
    assertEquals(2, status.reply().getValue().object().path("status").path("replicas").asInt());
  }

  @Test
  void generationBumpsOnSpecChangeOnly() {
    var kit = entity(new DeploymentStrategy(), "default/gen", 100);
    ObjectNode v1 = create(kit, deployment("gen", 1));
    assertEquals(1, v1.path("metadata").path("generation").asInt());
    ObjectNode labelled = v1.deepCopy();
    labelled.with("metadata").putObject("labels").put("team", "a");
    labelled.with("metadata").remove("resourceVersion");
    ObjectNode v2 = kit.<StatusReply<Result>>runCommand(r -> new ResourceEntity.Update(labelled, Subresource.MAIN, ALICE, r)).reply().getValue().object();
    assertEquals(1, v2.path("metadata").path("generation").asInt());
    var scale = Json.MAPPER.createObjectNode();
    scale.putObject("spec").put("replicas", 5);
    ObjectNode v3 = kit.<StatusReply<Result>>runCommand(r -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, scale, Subresource.MAIN, ALICE, r))
        .reply().getValue().object();
    assertEquals(2, v3.path("metadata").path("generation").asInt());
    assertEquals(5, v3.path("spec").path("replicas").asInt());
  }

  @Test
  void scaleSubresourceChangesReplicas() {
    var kit = entity(new DeploymentStrategy(), "default/sc", 100);
    create(kit, deployment("sc", 1));
    var patch = Json.MAPPER.createObjectNode();
    patch.putObject("spec").put("replicas", 3);
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Patch(PatchType.MERGE_PATCH, patch, Subresource.SCALE, ALICE, replyTo));
    assertEquals(3, r.reply().getValue().object().path("spec").path("replicas").asInt());
    assertEquals(3, ((ResourceEntity.Present) r.state()).object().path("spec").path("replicas").asInt());
  }

  @Test
  void dryRunStoresNothing() {
    var kit = entity(new ConfigMapStrategy(), "default/dry", 100);
    RequestInfo dry = new RequestInfo("alice", "req-2", "create", true, "kubectl");
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(configMap("dry", "1"), dry, replyTo));
    assertTrue(r.reply().isSuccess());
    assertTrue(r.hasNoEvents());
    assertInstanceOf(ResourceEntity.Absent.class, r.state());
  }

  @Test
  void deleteRemovesObjectAndKeepsItsLastVersionInTheEvent() {
    var kit = entity(new ConfigMapStrategy(), "default/del", 100);
    create(kit, configMap("del", "1"));
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Delete(DeleteOptions.DEFAULT, ALICE, replyTo));
    assertTrue(r.reply().getValue().removed());
    ResourceEvent.ObjectDeleted deleted = assertInstanceOf(ResourceEvent.ObjectDeleted.class, r.event());
    assertEquals("1", deleted.object().path("data").path("key").asText());
    var get = kit.<StatusReply<Result>>runCommand(ResourceEntity.Get::new);
    assertEquals(404, error(get.reply()).code());
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    var kit = entity(new ConfigMapStrategy(), "default/fin", 100);
    ObjectNode cm = configMap("fin", "1");
    cm.with("metadata").putArray("finalizers").add("example.com/hold");
    create(kit, cm);
    var del = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Delete(DeleteOptions.DEFAULT, ALICE, replyTo));
    ObjectNode marked = del.reply().getValue().object();
    assertNotNull(marked.path("metadata").path("deletionTimestamp").textValue());
    assertInstanceOf(ResourceEntity.Present.class, del.state());
    ObjectNode released = marked.deepCopy();
    released.with("metadata").putArray("finalizers");
    var upd = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Update(released, Subresource.MAIN, ALICE, replyTo));
    assertTrue(upd.reply().getValue().removed());
    assertInstanceOf(ResourceEntity.Absent.class, upd.state());
  }

  @Test
  void podOnANodeIsDeletedGracefully() {
    var kit = entity(new PodStrategy(), "default/p", 100);
    ObjectNode pod = Json.MAPPER.createObjectNode();
    pod.putObject("metadata").put("name", "p").put("namespace", "default");
    ObjectNode spec = pod.putObject("spec");
    spec.put("nodeName", "node-1");
    spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
    create(kit, pod);
    var del = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Delete(DeleteOptions.DEFAULT, ALICE, replyTo));
    assertEquals(30, del.reply().getValue().object().path("metadata").path("deletionGracePeriodSeconds").asInt());
    assertInstanceOf(ResourceEntity.Present.class, del.state());
    var now = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Delete(new DeleteOptions(null, null, 0L, null), ALICE, replyTo));
    assertTrue(now.reply().getValue().removed());
  }

  @Test
  void invalidObjectIsRefusedWith422() {
    var kit = entity(new DeploymentStrategy(), "default/bad", 100);
    ObjectNode d = deployment("bad", 1);
    d.with("spec").put("replicas", -1);
    var r = kit.<StatusReply<Result>>runCommand(replyTo -> new ResourceEntity.Create(d, ALICE, replyTo));
    assertEquals(422, error(r.reply()).code());
    assertTrue(r.hasNoEvents());
  }

  @Test
  void recoversTheSameStateFromEventsAndSnapshots() {
    var kit = entity(new ConfigMapStrategy(), "default/rec", 3);
    ObjectNode current = create(kit, configMap("rec", "0"));
    for (int i = 1; i <= 7; i++) {
      ObjectNode next = current.deepCopy();
      next.with("data").put("key", Integer.toString(i));
      current = kit.<StatusReply<Result>>runCommand(r -> new ResourceEntity.Update(next, Subresource.MAIN, ALICE, r)).reply().getValue().object();
    }
    var restarted = kit.restart();
    ResourceEntity.Present state = assertInstanceOf(ResourceEntity.Present.class, restarted.state());
    assertEquals(current, state.object());
    assertEquals("7", state.object().path("data").path("key").asText());
    assertNull(state.object().path("metadata").get("deletionTimestamp"));
  }
}
