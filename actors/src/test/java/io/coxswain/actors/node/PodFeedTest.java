package io.coxswain.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.ResourceEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodFeedTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final RegisteredKind PODS = ResourceRegistry.standard().byKind("", "Pod").orElseThrow();
  static final Audit AUDIT = new Audit("alice", 0, "r", "create");

  final AtomicLong wallMillis = new AtomicLong(1_000);
  WriteFence fence;
  WatchCache cache;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    fence = new WriteFence(new HybridLogicalClock(wallMillis::get));
    cache = new WatchCache(PODS, fence, 0, 3, 100, Materializer.matFromSystem(testKit.system()));
    cache.markReady();
  }

  private static ObjectNode pod(String name, String node, String uid) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", "v1").put("kind", "Pod");
    obj.putObject("metadata").put("name", name).put("namespace", "default").put("uid", uid);
    ObjectNode spec = obj.putObject("spec");
    if (node != null) spec.put("nodeName", node);
    spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
    return obj;
  }

  private void write(ResourceEvent event) {
    cache.offer(event);
    cache.tick();
  }

  private ResourceEvent.ObjectCreated created(ObjectNode pod) {
    return new ResourceEvent.ObjectCreated(pod, fence.issue(0), AUDIT);
  }

  @Test
  void subscriptionSendsTheNodesPodsThenItsInventory() {
    write(created(pod("a", "n1", "u1")));
    write(created(pod("b", "n2", "u2")));
    write(created(pod("unbound", null, "u3")));
    ActorRef<PodFeed.Command> feed = testKit.spawn(PodFeed.create(cache));
    TestProbe<PodFeed.PodUpdates> agent = testKit.createTestProbe();

    feed.tell(new PodFeed.Subscribe(List.of("n1"), agent.getRef()));

    PodFeed.PodUpdates pods = agent.receiveMessage();
    assertEquals(List.of("a"), pods.updates().stream().map(u -> Metadata.name(u.pod())).toList());
    PodFeed.PodUpdates inventory = agent.receiveMessage();
    assertEquals(List.of(new PodFeed.NodeInventory("n1", List.of("default/a"))), inventory.inventories());
  }

  @Test
  void changesReachOnlyTheSubscriberOfThePodsNode() {
    ActorRef<PodFeed.Command> feed = testKit.spawn(PodFeed.create(cache));
    TestProbe<PodFeed.PodUpdates> one = testKit.createTestProbe();
    TestProbe<PodFeed.PodUpdates> two = testKit.createTestProbe();
    feed.tell(new PodFeed.Subscribe(List.of("n1"), one.getRef()));
    feed.tell(new PodFeed.Subscribe(List.of("n2"), two.getRef()));
    assertTrue(one.receiveMessage().inventories().get(0).podKeys().isEmpty());
    assertTrue(two.receiveMessage().inventories().get(0).podKeys().isEmpty());

    ObjectNode a = pod("a", "n2", "u1");
    write(created(a));
    PodFeed.PodUpdate update = two.receiveMessage().updates().get(0);
    assertEquals("n2", update.nodeName());
    assertFalse(update.deleted());
    write(new ResourceEvent.ObjectDeleted(a, fence.issue(0), AUDIT));
    assertTrue(two.receiveMessage().updates().get(0).deleted());
    one.expectNoMessage();
  }

  @Test
  void resubscribingResendsTheCompleteSet() {
    ActorRef<PodFeed.Command> feed = testKit.spawn(PodFeed.create(cache));
    TestProbe<PodFeed.PodUpdates> agent = testKit.createTestProbe();
    feed.tell(new PodFeed.Subscribe(List.of("n1"), agent.getRef()));
    agent.receiveMessage();
    write(created(pod("a", "n1", "u1")));
    write(created(pod("b", "n1", "u2")));
    int seen = 0;
    while (seen < 2) seen += agent.receiveMessage().updates().size();

    feed.tell(new PodFeed.Subscribe(List.of("n1"), agent.getRef()));
    assertEquals(2, agent.receiveMessage().updates().size());
    assertEquals(2, agent.receiveMessage().inventories().get(0).podKeys().size());
  }
}
