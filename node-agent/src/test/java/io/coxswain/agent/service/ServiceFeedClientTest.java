package io.coxswain.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.node.ServiceFeed;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.agent.service.ServiceObjects.Ep;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.ResourceEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The agent's view fed by a real service feed over watch caches, through the receptionist. */
class ServiceFeedClientTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Audit AUDIT = new Audit("alice", 0, "r", "create");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theViewHoldsEveryServiceWithItsEndpointsAndTellsListenersOfChanges() throws Exception {
    WriteFence fence = new WriteFence(new HybridLogicalClock());
    Materializer mat = Materializer.matFromSystem(testKit.system());
    ResourceRegistry registry = ResourceRegistry.standard();
    WatchCache services = new WatchCache(registry.byKind("", "Service").orElseThrow(), fence, 0, 3, 100, mat);
    WatchCache slices = new WatchCache(registry.byKind("discovery.k8s.io", "EndpointSlice").orElseThrow(), fence, 0, 3, 100, mat);
    services.markReady();
    slices.markReady();
    ObjectNode web = ServiceObjects.service("web", "10.96.0.30", 80, 0);
    web.with("metadata").put("uid", "u1");
    services.offer(new ResourceEvent.ObjectCreated(web, fence.issue(0), AUDIT));
    services.tick();
    testKit.spawn(ServiceFeed.create(services, slices));

    ServiceView view = new ServiceView();
    List<ServiceTable> seen = new CopyOnWriteArrayList<>();
    view.subscribe(seen::add);
    assertFalse(view.synced());
    testKit.spawn(ServiceFeedClient.create(view, Duration.ofMinutes(2)));
    await(view::synced);
    ServiceEntry entry = view.current().get("default", "web").orElseThrow();
    assertEquals("10.96.0.30", entry.clusterIP());
    assertTrue(entry.endpoints(entry.ports().get(0)).isEmpty());

    ObjectNode slice = ServiceObjects.slice("web", "TCP", List.of(Ep.ready("10.244.0.7", 8080)));
    slice.with("metadata").put("uid", "u2");
    slices.offer(new ResourceEvent.ObjectCreated(slice, fence.issue(0), AUDIT));
    slices.tick();
    await(() -> !view.current().get("default", "web").orElseThrow().endpointSlices().isEmpty());
    ServiceEntry withEndpoints = view.current().get("default", "web").orElseThrow();
    assertEquals(List.of(new ServiceEntry.Endpoint("10.244.0.7", 8080, true, true, false, "", "")),
        withEndpoints.endpoints(withEndpoints.ports().get(0)));
    assertEquals(view.current(), seen.get(seen.size() - 1), "the listener got the newest table");

    services.offer(new ResourceEvent.ObjectDeleted(web, fence.issue(0), AUDIT));
    services.tick();
    await(() -> view.current().size() == 0);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out");
      Thread.sleep(20);
    }
  }
}
