package io.coxswain.actors.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.ConfigMapStrategy;
import io.coxswain.core.select.FieldSelector;
import io.coxswain.core.select.LabelSelector;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.ResourceEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCacheTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final RegisteredKind CONFIGMAPS =
      ResourceRegistry.standard().byKind("", "ConfigMap").orElseThrow();
  static final Audit AUDIT = new Audit("alice", 0, "r", "create");
  static final WatchFilter ALL = new WatchFilter(null, LabelSelector.parse(""), FieldSelector.parse(""));

  final AtomicLong wallMillis = new AtomicLong(1_000);
  HybridLogicalClock clock;
  WriteFence fence;
  WatchCache cache;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    clock = new HybridLogicalClock(wallMillis::get);
    fence = new WriteFence(clock);
    cache = new WatchCache(CONFIGMAPS, fence, 0, 3, 100, Materializer.matFromSystem(testKit.system()));
    cache.markReady();
  }

  private static ObjectNode cm(String ns, String name, String app) {
    ObjectNode obj = Json.MAPPER.createObjectNode();
    obj.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode meta = obj.putObject("metadata").put("name", name).put("namespace", ns);
    meta.putObject("labels").put("app", app);
    return obj;
  }

  @Test
  void releasesEventsInResourceVersionOrderEvenWhenTheFeedDeliversThemOutOfOrder() {
    long v1 = fence.issue(0);
    long v2 = fence.issue(0);
    var reg = cache.watch(null, ALL);
    var seen = reg.live().take(2).runWith(Sink.seq(), testKit.system());
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "second", "x"), v2, AUDIT));
    cache.tick();
    assertEquals(0, cache.size(), "v2 must wait while v1 is still in flight");
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "first", "x"), v1, AUDIT));
    cache.tick();
    List<Change> changes = seen.toCompletableFuture().join();
    assertEquals(List.of(v1, v2), changes.stream().map(c -> c.object().resourceVersion()).toList());
  }

  @Test
  void consistentReadWaitsForWritesStillInFlight() {
    long v1 = fence.issue(0);
    var barrier = cache.awaitSynced(clock.now()).toCompletableFuture();
    cache.tick();
    assertFalse(barrier.isDone());
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "x", "x"), v1, AUDIT));
    cache.tick();
    assertTrue(barrier.isDone());
    assertEquals(1, cache.list(ALL).items().size());
  }

  @Test
  void filteredWatchSeesObjectsEnteringAndLeavingTheSelectorAsAddedAndDeleted() {
    WatchFilter web = new WatchFilter("a", LabelSelector.parse("app=web"), FieldSelector.parse(""));
    var reg = cache.watch(null, web);
    var seen = reg.live().take(2).runWith(Sink.seq(), testKit.system());
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "x", "db"), fence.issue(0), AUDIT));
    cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "x", "web"), fence.issue(0), AUDIT));
    cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "x", "db"), fence.issue(0), AUDIT));
    cache.tick();
    List<Change> changes = seen.toCompletableFuture().join();
    assertEquals(List.of(Change.Type.ADDED, Change.Type.DELETED), changes.stream().map(Change::type).toList());
  }

  @Test
  void watchFromAVersionReplaysLaterChangesAndTooOldGets410() {
    long first = fence.issue(0);
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "x", "v"), first, AUDIT));
    long second = fence.issue(0);
    cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "x", "w"), second, AUDIT));
    cache.tick();
    var reg = cache.watch(first, ALL);
    assertEquals(List.of(second), reg.initial().stream().map(c -> c.object().resourceVersion()).toList());
    // History holds 3 changes: push the first two out of the window.
    for (int i = 0; i < 3; i++) {
      cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "x", "v" + i), fence.issue(0), AUDIT));
    }
    cache.tick();
    StatusException e = assertThrows(StatusException.class, () -> cache.watch(first, ALL));
    assertEquals(410, e.code());
  }

  @Test
  void listIsSortedAndScopedToTheNamespaceAndCarriesTheSyncedVersion() {
    cache.offer(new ResourceEvent.ObjectCreated(cm("b", "z", "v"), fence.issue(0), AUDIT));
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "y", "v"), fence.issue(0), AUDIT));
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "x", "v"), fence.issue(0), AUDIT));
    wallMillis.addAndGet(Duration.ofSeconds(1).toMillis());
    cache.tick();
    var all = cache.list(ALL);
    assertEquals(List.of("a/x", "a/y", "b/z"), all.items().stream().map(CachedObject::key).toList());
    var inA = cache.list(new WatchFilter("a", LabelSelector.parse(""), FieldSelector.parse("metadata.name=y")));
    assertEquals(List.of("a/y"), inA.items().stream().map(CachedObject::key).toList());
    assertTrue(all.resourceVersion() >= all.items().stream().mapToLong(CachedObject::resourceVersion).max().orElseThrow());
  }

  @Test
  void deletedObjectsLeaveTheListAndStaleDuplicatesAreIgnored() {
    long created = fence.issue(0);
    cache.offer(new ResourceEvent.ObjectCreated(cm("a", "x", "v"), created, AUDIT));
    cache.offer(new ResourceEvent.ObjectDeleted(cm("a", "x", "v"), fence.issue(0), AUDIT));
    cache.tick();
    assertEquals(0, cache.list(ALL).items().size());
    cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "y", "v"), fence.issue(0), AUDIT));
    long older = created;
    cache.offer(new ResourceEvent.ObjectUpdated(cm("a", "y", "old"), older, AUDIT));
    cache.tick();
    assertEquals("v", cache.list(ALL).items().get(0).labels().get("app"));
  }
}
