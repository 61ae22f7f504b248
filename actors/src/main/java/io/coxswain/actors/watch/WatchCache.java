package io.coxswain.actors.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.HybridLogicalClock;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.StatusException;
import io.coxswain.persistence.ResourceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The read side of one kind on this member, like kube-apiserver's watch cache: every current object
 * and a bounded history of changes, fed by the journal's change feed. LIST and WATCH are served from
 * here; writes never are.
 *
 * <p>Events reach the feed slightly out of resourceVersion order (entities persist concurrently), so
 * they wait in a buffer and are released in order once no lower version can still arrive: below
 * this member's {@link WriteFence} and older than the hold-back that covers other members' writes.
 * "Synced through N" then means every change at or below N has been released — a list at N is
 * complete and a watch from N misses nothing.
 *
 * <p>Concurrency: one lock guards all state. The feed offers events, a ticker releases them, and
 * request threads list or register watchers; each holds the lock briefly and never blocks under it.
 */
public final class WatchCache {
  private final RegisteredKind kind;
  private final WriteFence fence;
  private final long holdback;
  private final int historySize;
  private final int watcherBuffer;
  private final Materializer materializer;

  private final TreeMap<String, CachedObject> objects = new TreeMap<>();
  private final PriorityQueue<ResourceEvent> pending =
      new PriorityQueue<>(Comparator.comparingLong(ResourceEvent::resourceVersion));
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private final TreeMap<Long, List<CompletableFuture<Long>>> waiters = new TreeMap<>();
  private long oldestRv;
  private long syncedThrough;
  private boolean ready;
  private long lateEvents;

  private record Watcher(WatchFilter filter, BoundedSourceQueue<Change> queue) {}

  /** A list at one resourceVersion. */
  public record Snapshot(List<CachedObject> items, long resourceVersion) {}

  /** A watch: the events owed before going live, then the live stream. */
  public record Registration(List<Change> initial, Source<Change, NotUsed> live, long resourceVersion) {}

  public WatchCache(
      RegisteredKind kind, WriteFence fence, long holdbackMillis, int historySize, int watcherBuffer,
      Materializer materializer) {
    this.kind = kind;
    this.fence = fence;
    this.holdback = holdbackMillis * HybridLogicalClock.LOGICAL_PER_MILLI;
    this.historySize = historySize;
    this.watcherBuffer = watcherBuffer;
    this.materializer = materializer;
  }

  public RegisteredKind kind() {
    return kind;
  }

  // Feed side

  /** An event from the change feed. Before the cache is ready (initial replay) it applies at once. */
  public synchronized void offer(ResourceEvent event) {
    fence.settle(event.resourceVersion());
    if (!ready) {
      apply(event);
    } else if (event.resourceVersion() <= syncedThrough) {
      // Arrived after its turn (a member's clock or the feed lagged past the hold-back): deliver
      // now rather than never.
      lateEvents++;
      apply(event);
    } else {
      pending.add(event);
    }
  }

  /** The initial replay is complete: lists and watches may be served. */
  public synchronized void markReady() {
    ready = true;
    tick();
  }

  /** Releases every buffered event that can no longer be overtaken, in resourceVersion order. */
  public synchronized void tick() {
    if (!ready) return;
    long watermark = Math.min(fence.settledThrough(), fence.clock().now() - (fence.soleWriter() ? 0 : holdback));
    while (!pending.isEmpty() && pending.peek().resourceVersion() <= watermark) {
      apply(pending.poll());
    }
    if (watermark > syncedThrough) syncedThrough = watermark;
    while (!waiters.isEmpty() && waiters.firstKey() <= syncedThrough) {
      waiters.pollFirstEntry().getValue().forEach(f -> f.complete(syncedThrough));
    }
  }

  private void apply(ResourceEvent event) {
    ObjectNode obj = event.object();
    String key = key(Metadata.namespace(obj), Metadata.name(obj));
    CachedObject previous = objects.get(key);
    if (previous != null && previous.resourceVersion() >= event.resourceVersion()) return;
    CachedObject current = cached(key, obj, event.resourceVersion());
    Change.Type type;
    if (event instanceof ResourceEvent.ObjectDeleted) {
      objects.remove(key);
      type = Change.Type.DELETED;
    } else {
      objects.put(key, current);
      type = previous == null ? Change.Type.ADDED : Change.Type.MODIFIED;
    }
    Change change = new Change(type, current, previous);
    history.addLast(change);
    if (history.size() > historySize) oldestRv = history.removeFirst().object().resourceVersion();
    Iterator<Watcher> it = watchers.iterator();
    while (it.hasNext()) {
      Watcher w = it.next();
      Change seen = w.filter().view(change);
      if (seen == null) continue;
      QueueOfferResult result = w.queue().offer(seen);
      if (result != QueueOfferResult.enqueued()) {
        // A watcher that cannot keep up is cut off; its client re-lists, as with Kubernetes.
        w.queue().fail(StatusException.expired("watch fell too far behind; re-list and watch again"));
        it.remove();
      }
    }
  }

  private CachedObject cached(String key, ObjectNode obj, long rv) {
    try {
      return new CachedObject(key, Metadata.namespace(obj), Metadata.name(obj), rv,
          Json.MAPPER.writeValueAsBytes(obj), Map.copyOf(Metadata.labels(obj)),
          selectable(obj));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored object does not serialize", e);
    }
  }

  /** Field values for field selectors; an absent field compares as "", as in Kubernetes. */
  private Map<String, String> selectable(ObjectNode obj) {
    Map<String, String> fields = new java.util.HashMap<>();
    kind.strategy().selectableFields(obj).forEach((k, v) -> fields.put(k, v == null ? "" : v));
    return Map.copyOf(fields);
  }

  // Read side

  /** Completes once every change up to {@code rv} is visible here (a consistent read barrier). */
  public synchronized CompletionStage<Long> awaitSynced(long rv) {
    if (ready && syncedThrough >= rv) return CompletableFuture.completedFuture(syncedThrough);
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiters.computeIfAbsent(rv, k -> new ArrayList<>()).add(f);
    return f;
  }

  public synchronized Snapshot list(WatchFilter filter) {
    List<CachedObject> items = new ArrayList<>();
    Iterable<CachedObject> scope = filter.namespace() == null
        ? objects.values()
        : objects.subMap(filter.namespace() + "/", filter.namespace() + "0").values();
    for (CachedObject o : scope) {
      if (filter.matches(o)) items.add(o);
    }
    return new Snapshot(items, syncedThrough);
  }

  /** The cached version of one object, or null. */
  public synchronized CachedObject get(String namespace, String name) {
    return objects.get(key(namespace, name));
  }

  /** The version a bookmark may report: everything up to it has been sent to live watchers. */
  public synchronized long syncedThrough() {
    return syncedThrough;
  }

  /**
   * Starts a watch. With {@code fromRv} null the watch begins with a synthetic ADDED for every
   * matching object; otherwise it replays the changes after {@code fromRv}, or fails with 410 when
   * they are no longer in the history window.
   */
  public synchronized Registration watch(Long fromRv, WatchFilter filter) {
    List<Change> initial = new ArrayList<>();
    if (fromRv == null) {
      for (CachedObject o : list(filter).items()) initial.add(new Change(Change.Type.ADDED, o, null));
    } else {
      if (fromRv < oldestRv) {
        throw StatusException.expired("too old resource version: " + fromRv + " (" + oldestRv + ")");
      }
      for (Change c : history) {
        if (c.object().resourceVersion() <= fromRv) continue;
        Change seen = filter.view(c);
        if (seen != null) initial.add(seen);
      }
    }
    Pair<BoundedSourceQueue<Change>, Source<Change, NotUsed>> queue =
        Source.<Change>queue(watcherBuffer).preMaterialize(materializer);
    Watcher watcher = new Watcher(filter, queue.first());
    watchers.add(watcher);
    Source<Change, NotUsed> live = queue.second().watchTermination((mat, done) -> {
      done.whenComplete((d, e) -> removeWatcher(watcher));
      return mat;
    });
    return new Registration(initial, live, syncedThrough);
  }

  private synchronized void removeWatcher(Watcher watcher) {
    watchers.remove(watcher);
  }

  public synchronized int watcherCount() {
    return watchers.size();
  }

  public synchronized long lateEvents() {
    return lateEvents;
  }

  public synchronized int size() {
    return objects.size();
  }

  /** Cache key, also the sort order of lists: namespace/name, or name for cluster-scoped kinds. */
  public static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
