package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.CachedObject;
import io.coxswain.actors.watch.Change;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object of one kind as parsed JSON, kept current from this member's watch cache, shared by
 * the scheduler and controllers on the member (client-go's shared informer). Readers get the stored
 * objects themselves: they are never modified here and must never be modified by a reader (copy
 * before changing).
 *
 * <p>One stream thread applies changes; readers on any thread see each object's latest applied
 * version. Listeners are told of each change after it is applied, on that stream thread, and must
 * only hand it on (for example tell an actor).
 */
public final class Informer {
  private static final Logger log = LoggerFactory.getLogger(Informer.class);
  private static final Duration REWATCH_DELAY = Duration.ofSeconds(1);

  /** A change as listeners see it: {@code previous} is null for an add, {@code current} for a delete. */
  public record Event(Change.Type type, String key, ObjectNode previous, ObjectNode current) {
    /** The object's newest known version: the current one, or the last one of a deleted object. */
    public ObjectNode object() {
      return current != null ? current : previous;
    }
  }

  private final ResourceType type;
  private final WatchCache cache;
  private final ActorSystem<?> system;
  private final ConcurrentSkipListMap<String, ObjectNode> objects = new ConcurrentSkipListMap<>();
  private final Map<String, Index> indexes = new ConcurrentHashMap<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
  private long appliedRv;

  private record Index(Function<ObjectNode, Collection<String>> values, Map<String, Set<String>> keys) {}

  Informer(ResourceType type, WatchCache cache, ActorSystem<?> system) {
    this.type = type;
    this.cache = cache;
    this.system = system;
  }

  public ResourceType type() {
    return type;
  }

  // Read side

  /** The object with this key ("namespace/name", or "name" when cluster-scoped), or null. */
  public ObjectNode get(String key) {
    return objects.get(key);
  }

  public ObjectNode get(String namespace, String name) {
    return objects.get(WatchCache.key(namespace, name));
  }

  /** Every object, in key order. */
  public Collection<ObjectNode> list() {
    return objects.values();
  }

  /** Every object in one namespace, in name order. */
  public Collection<ObjectNode> list(String namespace) {
    return objects.subMap(namespace + "/", namespace + "0").values();
  }

  public Set<String> keys() {
    return objects.keySet();
  }

  public int size() {
    return objects.size();
  }

  /**
   * Objects whose index function (registered with {@link #addIndex}) returned {@code value}, for
   * example the pods owned by one uid or scheduled to one node.
   */
  public List<ObjectNode> byIndex(String index, String value) {
    Index i = indexes.get(index);
    if (i == null) throw new IllegalArgumentException("no index " + index + " on " + type.plural());
    Set<String> keys = i.keys().get(value);
    if (keys == null) return List.of();
    List<ObjectNode> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      ObjectNode o = objects.get(k);
      if (o != null) out.add(o);
    }
    return out;
  }

  /**
   * Completes once this informer has applied a change at or above {@code rv} (a controller's own
   * write has come back through the feed), or after {@code timeout} in any case: a barrier against
   * acting twice on a stale view, never a reason to stall.
   */
  public CompletionStage<Void> awaitObserved(long rv, Duration timeout) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (waiters) {
      if (appliedRv >= rv) return CompletableFuture.completedFuture(null);
      waiters.computeIfAbsent(rv, k -> new ArrayList<>()).add(f);
    }
    return f.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Set-up

  /** Adds an index; call before {@link #start()}. */
  synchronized void addIndex(String name, Function<ObjectNode, Collection<String>> values) {
    if (indexes.containsKey(name)) return;
    Index index = new Index(values, new ConcurrentHashMap<>());
    for (Map.Entry<String, ObjectNode> e : objects.entrySet()) indexAdd(index, e.getKey(), e.getValue());
    indexes.put(name, index);
  }

  /** Registers a listener for every change applied from now on. */
  public void addListener(Consumer<Event> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<Event> listener) {
    listeners.remove(listener);
  }

  /** Lists the cache (synchronously, so the informer is synced on return) and follows it. */
  synchronized void start() {
    WatchCache.Registration reg = cache.watch(null, new WatchFilter(null, null, null));
    Map<String, ObjectNode> listed = new HashMap<>();
    long rv = reg.resourceVersion();
    for (Change c : reg.initial()) {
      listed.put(c.object().key(), parse(c.object()));
      rv = Math.max(rv, c.object().resourceVersion());
    }
    // On a re-list, whatever vanished meanwhile is a delete and whatever differs an update.
    for (String key : List.copyOf(objects.keySet())) {
      if (!listed.containsKey(key)) apply(new Event(Change.Type.DELETED, key, objects.get(key), null), 0);
    }
    for (Map.Entry<String, ObjectNode> e : listed.entrySet()) {
      ObjectNode previous = objects.get(e.getKey());
      if (previous != null && previous.path("metadata").path("resourceVersion")
          .equals(e.getValue().path("metadata").path("resourceVersion"))) continue;
      apply(new Event(previous == null ? Change.Type.ADDED : Change.Type.MODIFIED, e.getKey(), previous, e.getValue()), 0);
    }
    observed(rv);
    reg.live()
        .runWith(Sink.foreach(this::onChange), system)
        .whenComplete((done, e) -> {
          log.info("{} informer lost its watch ({}); re-listing", type.plural(), e == null ? "completed" : e.toString());
          system.scheduler().scheduleOnce(REWATCH_DELAY, this::start, system.executionContext());
        });
  }

  private synchronized void onChange(Change c) {
    String key = c.object().key();
    ObjectNode current = parse(c.object());
    ObjectNode previous = objects.get(key);
    apply(new Event(c.type(), key, previous, c.type() == Change.Type.DELETED ? null : current), c.object().resourceVersion());
    if (c.type() == Change.Type.DELETED && previous == null) {
      // Deleted before this informer saw it: listeners still learn its last version.
      listeners.forEach(l -> l.accept(new Event(Change.Type.DELETED, key, current, null)));
    }
  }

  private void apply(Event event, long rv) {
    ObjectNode previous = event.previous();
    if (event.current() == null) {
      if (objects.remove(event.key()) == null) {
        observed(rv);
        return;
      }
    } else {
      objects.put(event.key(), event.current());
    }
    for (Index index : indexes.values()) {
      if (previous != null) indexRemove(index, event.key(), previous);
      if (event.current() != null) indexAdd(index, event.key(), event.current());
    }
    observed(rv);
    for (Consumer<Event> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        log.warn("an informer listener failed on {} {}: {}", type.plural(), event.key(), e.toString());
      }
    }
  }

  private void observed(long rv) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    synchronized (waiters) {
      if (rv > appliedRv) appliedRv = rv;
      while (!waiters.isEmpty() && waiters.firstKey() <= appliedRv) done.addAll(waiters.pollFirstEntry().getValue());
    }
    done.forEach(f -> f.complete(null));
  }

  private static void indexAdd(Index index, String key, ObjectNode obj) {
    for (String v : index.values().apply(obj)) {
      index.keys().computeIfAbsent(v, k -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  private static void indexRemove(Index index, String key, ObjectNode obj) {
    for (String v : index.values().apply(obj)) {
      index.keys().computeIfPresent(v, (k, set) -> {
        set.remove(key);
        return set.isEmpty() ? null : set;
      });
    }
  }

  private static ObjectNode parse(CachedObject obj) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(obj.json());
    } catch (IOException e) {
      throw new UncheckedIOException("a cached object is not JSON", e);
    }
  }
}
