package io.coxswain.actors.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.CachedObject;
import io.coxswain.actors.watch.Change;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.core.Json;
import io.coxswain.persistence.JsonSerializable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * How node agents learn every Service and EndpointSlice, the way kube-proxy watches both: every
 * control-plane member runs one feed over its two watch caches, and each agent process (not each
 * node: a JVM of hollow nodes subscribes once) subscribes to any one of them through the receptionist.
 *
 * <p>A subscription first sends every object followed by an inventory (the keys there are now), then
 * every change. Sending {@link Subscribe} again is a resync: the agent drops what the inventory no
 * longer lists, so a lost message only delays.
 */
public final class ServiceFeed extends AbstractBehavior<ServiceFeed.Command> {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "coxswain-service-feed");
  private static final int MAX_BATCH = 200;
  private static final Duration FLUSH_DELAY = Duration.ofMillis(2);
  private static final Duration REWATCH_DELAY = Duration.ofSeconds(1);

  /** Which of the two kinds an update carries. */
  public enum Kind { SERVICE, ENDPOINT_SLICE }

  // Command

  public sealed interface Command extends JsonSerializable {}

  /** Start (or resync) the feed for this subscriber. */
  public record Subscribe(ActorRef<ServiceUpdates> subscriber) implements Command {}

  private record Changed(Kind kind, Change change) implements Command {}

  private record WatchEnded(Kind kind, String why) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private record Rewatch(Kind kind) implements Command {}

  // Messages to subscribers

  /**
   * Object versions (deleted ones with {@code deleted} set), then, at the end of a (re)subscription,
   * an inventory: after applying the updates the subscriber holds exactly the listed keys.
   *
   * @param inventory null except in the last message of a (re)subscription
   */
  public record ServiceUpdates(List<ObjectUpdate> updates, Inventory inventory) implements JsonSerializable {}

  public record ObjectUpdate(Kind kind, ObjectNode object, boolean deleted) implements JsonSerializable {}

  /** Keys ("namespace/name") of every Service and every EndpointSlice the feed has. */
  public record Inventory(List<String> services, List<String> endpointSlices) implements JsonSerializable {}

  // State

  private final Map<Kind, WatchCache> caches;
  private final TimerScheduler<Command> timers;
  /** The latest version of each object, by kind, then by key. */
  private final Map<Kind, Map<String, CachedObject>> objects = new EnumMap<>(Kind.class);
  private final Set<ActorRef<ServiceUpdates>> subscribers = new HashSet<>();
  private final Map<ActorRef<ServiceUpdates>, List<ObjectUpdate>> pending = new LinkedHashMap<>();

  public static Behavior<Command> create(WatchCache services, WatchCache endpointSlices) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ServiceFeed feed = new ServiceFeed(ctx, Map.of(Kind.SERVICE, services, Kind.ENDPOINT_SLICE, endpointSlices), timers);
      feed.watch(Kind.SERVICE);
      feed.watch(Kind.ENDPOINT_SLICE);
      return feed;
    }));
  }

  private ServiceFeed(ActorContext<Command> ctx, Map<Kind, WatchCache> caches, TimerScheduler<Command> timers) {
    super(ctx);
    this.caches = caches;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Changed.class, this::onChanged)
        .onMessage(WatchEnded.class, this::onWatchEnded)
        .onMessageEquals(Flush.INSTANCE, this::flush)
        .onMessage(Rewatch.class, this::onRewatch)
        .onSignal(Terminated.class, this::onSubscriberGone)
        .build();
  }

  /** Follows every change of one kind; the initial synthetic ADDED events fill the index. */
  private void watch(Kind kind) {
    Map<String, CachedObject> index = new HashMap<>();
    objects.put(kind, index);
    WatchCache.Registration reg = caches.get(kind).watch(null, new WatchFilter(null, null, null));
    for (Change c : reg.initial()) index.put(c.object().key(), c.object());
    ActorRef<Command> self = getContext().getSelf();
    reg.live().runWith(Sink.foreach(c -> self.tell(new Changed(kind, c))), getContext().getSystem())
        .whenComplete((done, e) -> self.tell(new WatchEnded(kind, e == null ? "completed" : e.toString())));
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    if (subscribers.add(s.subscriber())) getContext().watch(s.subscriber());
    pending.remove(s.subscriber()); // everything it would have carried is in the full set below
    List<ObjectUpdate> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (CachedObject o : objects.get(kind).values()) all.add(new ObjectUpdate(kind, parse(o), false));
    }
    for (int i = 0; i < all.size(); i += MAX_BATCH) {
      s.subscriber().tell(new ServiceUpdates(List.copyOf(all.subList(i, Math.min(all.size(), i + MAX_BATCH))), null));
    }
    s.subscriber().tell(new ServiceUpdates(List.of(), new Inventory(
        List.copyOf(objects.get(Kind.SERVICE).keySet()), List.copyOf(objects.get(Kind.ENDPOINT_SLICE).keySet()))));
    return this;
  }

  private Behavior<Command> onSubscriberGone(Terminated t) {
    subscribers.remove(t.getRef());
    pending.remove(t.getRef());
    return this;
  }

  private Behavior<Command> onChanged(Changed changed) {
    Change c = changed.change();
    boolean deleted = c.type() == Change.Type.DELETED;
    Map<String, CachedObject> index = objects.get(changed.kind());
    if (deleted) index.remove(c.object().key());
    else index.put(c.object().key(), c.object());
    if (subscribers.isEmpty()) return this;
    ObjectUpdate update = new ObjectUpdate(changed.kind(), parse(c.object()), deleted);
    for (ActorRef<ServiceUpdates> s : subscribers) enqueue(s, update);
    return this;
  }

  private Behavior<Command> onWatchEnded(WatchEnded ended) {
    getContext().getLog().warn("service feed lost its {} watch ({}); re-listing", ended.kind(), ended.why());
    timers.startSingleTimer(new Rewatch(ended.kind()), REWATCH_DELAY);
    return this;
  }

  private Behavior<Command> onRewatch(Rewatch r) {
    watch(r.kind());
    // Everyone gets the full set again: whatever happened while the watch was down is covered.
    for (ActorRef<ServiceUpdates> s : List.copyOf(subscribers)) onSubscribe(new Subscribe(s));
    return this;
  }

  private void enqueue(ActorRef<ServiceUpdates> subscriber, ObjectUpdate update) {
    List<ObjectUpdate> batch = pending.computeIfAbsent(subscriber, k -> new ArrayList<>());
    batch.add(update);
    if (batch.size() >= MAX_BATCH) {
      subscriber.tell(new ServiceUpdates(List.copyOf(batch), null));
      pending.remove(subscriber);
    } else if (!timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, FLUSH_DELAY);
    }
  }

  private Behavior<Command> flush() {
    pending.forEach((ref, batch) -> ref.tell(new ServiceUpdates(List.copyOf(batch), null)));
    pending.clear();
    return this;
  }

  private static ObjectNode parse(CachedObject o) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(o.json());
    } catch (IOException e) {
      throw new UncheckedIOException("a cached object is not JSON", e);
    }
  }
}
