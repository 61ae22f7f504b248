package io.coxswain.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceFeedTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final RegisteredKind SERVICES = ResourceRegistry.standard().byKind("", "Service").orElseThrow();
  static final RegisteredKind SLICES = ResourceRegistry.standard().byKind("discovery.k8s.io", "EndpointSlice").orElseThrow();
  static final Audit AUDIT = new Audit("alice", 0, "r", "create");

  final AtomicLong wallMillis = new AtomicLong(1_000);
  WriteFence fence;
  WatchCache services;
  WatchCache slices;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    fence = new WriteFence(new HybridLogicalClock(wallMillis::get));
    Materializer mat = Materializer.matFromSystem(testKit.system());
    services = new WatchCache(SERVICES, fence, 0, 3, 100, mat);
    slices = new WatchCache(SLICES, fence, 0, 3, 100, mat);
    services.markReady();
    slices.markReady();
  }

  private static ObjectNode service(String name) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", "v1").put("kind", "Service");
    obj.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "u-" + name);
    obj.putObject("spec").put("clusterIP", "10.96.0.5").putArray("ports").addObject().put("port", 80);
    return obj;
  }

  private static ObjectNode slice(String name, String service) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice").put("addressType", "IPv4");
    obj.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "u-" + name)
        .putObject("labels").put("kubernetes.io/service-name", service);
    obj.putArray("endpoints").addObject().putArray("addresses").add("10.244.0.5");
    return obj;
  }

  private void write(WatchCache cache, ResourceEvent event) {
    cache.offer(event);
    cache.tick();
  }

  private ResourceEvent.ObjectCreated created(ObjectNode obj) {
    return new ResourceEvent.ObjectCreated(obj, fence.issue(0), AUDIT);
  }

  /** Updates until (and with) the one carrying an inventory. */
  private static List<ServiceFeed.ObjectUpdate> untilInventory(TestProbe<ServiceFeed.ServiceUpdates> probe, List<ServiceFeed.Inventory> inv) {
    List<ServiceFeed.ObjectUpdate> out = new ArrayList<>();
    while (true) {
      ServiceFeed.ServiceUpdates m = probe.receiveMessage();
      out.addAll(m.updates());
      if (m.inventory() != null) {
        inv.add(m.inventory());
        return out;
      }
    }
  }

  @Test
  void subscriptionSendsEveryServiceAndSliceThenTheInventory() {
    write(services, created(service("web")));
    write(slices, created(slice("web-abc", "web")));
    ActorRef<ServiceFeed.Command> feed = testKit.spawn(ServiceFeed.create(services, slices));
    TestProbe<ServiceFeed.ServiceUpdates> agent = testKit.createTestProbe();
    feed.tell(new ServiceFeed.Subscribe(agent.getRef()));
    List<ServiceFeed.Inventory> inv = new ArrayList<>();
    List<ServiceFeed.ObjectUpdate> updates = untilInventory(agent, inv);
    assertEquals(List.of("SERVICE web", "ENDPOINT_SLICE web-abc"),
        updates.stream().map(u -> u.kind() + " " + Metadata.name(u.object())).toList());
    assertEquals(new ServiceFeed.Inventory(List.of("default/web"), List.of("default/web-abc")), inv.get(0));
  }

  @Test
  void changesReachEverySubscriber() {
    ActorRef<ServiceFeed.Command> feed = testKit.spawn(ServiceFeed.create(services, slices));
    TestProbe<ServiceFeed.ServiceUpdates> one = testKit.createTestProbe();
    TestProbe<ServiceFeed.ServiceUpdates> two = testKit.createTestProbe();
    feed.tell(new ServiceFeed.Subscribe(one.getRef()));
    feed.tell(new ServiceFeed.Subscribe(two.getRef()));
    assertTrue(one.receiveMessage().inventory().services().isEmpty());
    assertTrue(two.receiveMessage().inventory().services().isEmpty());

    ObjectNode s = slice("web-abc", "web");
    write(slices, created(s));
    for (TestProbe<ServiceFeed.ServiceUpdates> p : List.of(one, two)) {
      ServiceFeed.ServiceUpdates m = p.receiveMessage();
      assertNull(m.inventory());
      assertEquals(ServiceFeed.Kind.ENDPOINT_SLICE, m.updates().get(0).kind());
    }
    write(slices, new ResourceEvent.ObjectDeleted(s, fence.issue(0), AUDIT));
    assertTrue(one.receiveMessage().updates().get(0).deleted());
    assertTrue(two.receiveMessage().updates().get(0).deleted());
  }

  @Test
  void resubscribingResendsTheCompleteSet() {
    ActorRef<ServiceFeed.Command> feed = testKit.spawn(ServiceFeed.create(services, slices));
    TestProbe<ServiceFeed.ServiceUpdates> agent = testKit.createTestProbe();
    feed.tell(new ServiceFeed.Subscribe(agent.getRef()));
    agent.receiveMessage();
    write(services, created(service("a")));
    write(services, created(service("b")));
    int seen = 0;
    while (seen < 2) seen += agent.receiveMessage().updates().size();

    feed.tell(new ServiceFeed.Subscribe(agent.getRef()));
    List<ServiceFeed.Inventory> inv = new ArrayList<>();
    assertEquals(2, untilInventory(agent, inv).size());
    assertEquals(List.of("default/a", "default/b"), inv.get(0).services().stream().sorted().toList());
  }
}
