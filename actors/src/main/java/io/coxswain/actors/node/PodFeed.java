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
 * How node agents learn which pods are bound to their nodes, the way kubelet watches pods with
 * {@code spec.nodeName=<node>}, but pushed over the cluster: every control-plane member runs one feed
 * over its pod watch cache, indexed by node, and agents subscribe to any one of them through the
 * receptionist.
 *
 * <p>A subscription first sends every pod of the subscribed nodes followed by each node's inventory
 * (the keys it has now), then every change. Sending {@link Subscribe} again is a resync: the agent
 * drops what the inventory no longer lists, so a lost message only delays.
 */
public final class PodFeed extends AbstractBehavior<PodFeed.Command> {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "coxswain-pod-feed");
  private static final int MAX_BATCH = 100;
  private static final Duration FLUSH_DELAY = Duration.ofMillis(2);
  private static final Duration REWATCH_DELAY = Duration.ofSeconds(1);

  // Command

  public sealed interface Command extends JsonSerializable {}

  /** Start (or resync) the pods of these nodes for this subscriber. */
  public record Subscribe(List<String> nodeNames, ActorRef<PodUpdates> subscriber) implements Command {}

  /** Stop sending the pods of these nodes. */
  public record Unsubscribe(List<String> nodeNames, ActorRef<PodUpdates> subscriber) implements Command {}

  private record Changed(Change change) implements Command {}

  private record WatchEnded(String why) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private enum Rewatch implements Command { INSTANCE }

  // Messages to subscribers

  /**
   * Pod versions (deleted ones with {@code deleted} set), then inventories: after applying the
   * updates, each inventoried node has exactly the listed pods (keys "namespace/name").
   */
  public record PodUpdates(List<PodUpdate> updates, List<NodeInventory> inventories) implements JsonSerializable {}

  public record PodUpdate(String nodeName, ObjectNode pod, boolean deleted) implements JsonSerializable {}

  public record NodeInventory(String nodeName, List<String> podKeys) implements JsonSerializable {}

  // State

  private final WatchCache pods;
  private final TimerScheduler<Command> timers;
  /** Pods with a node, by node, then by key; the latest version of each. */
  private final Map<String, Map<String, CachedObject>> podsByNode = new HashMap<>();
  private final Map<String, ActorRef<PodUpdates>> subscriberByNode = new HashMap<>();
  private final Map<ActorRef<PodUpdates>, Set<String>> nodesBySubscriber = new HashMap<>();
  private final Map<ActorRef<PodUpdates>, List<PodUpdate>> pending = new LinkedHashMap<>();

  public static Behavior<Command> create(WatchCache pods) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      PodFeed feed = new PodFeed(ctx, pods, timers);
      feed.watch();
      return feed;
    }));
  }

  private PodFeed(ActorContext<Command> ctx, WatchCache pods, TimerScheduler<Command> timers) {
    super(ctx);
    this.pods = pods;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Changed.class, this::onChanged)
        .onMessage(WatchEnded.class, this::onWatchEnded)
        .onMessageEquals(Flush.INSTANCE, this::flush)
        .onMessageEquals(Rewatch.INSTANCE, this::onRewatch)
        .onSignal(Terminated.class, this::onSubscriberGone)
        .build();
  }

  /** Follows every pod change; the initial synthetic ADDED events fill the index. */
  private void watch() {
    podsByNode.clear();
    WatchCache.Registration reg = pods.watch(null, new WatchFilter(null, null, null));
    for (Change c : reg.initial()) index(c);
    ActorRef<Command> self = getContext().getSelf();
    reg.live().runWith(Sink.foreach(c -> self.tell(new Changed(c))), getContext().getSystem())
        .whenComplete((done, e) -> self.tell(new WatchEnded(e == null ? "completed" : e.toString())));
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    getContext().watch(s.subscriber());
    Set<String> mine = nodesBySubscriber.computeIfAbsent(s.subscriber(), k -> new HashSet<>());
    List<NodeInventory> inventories = new ArrayList<>();
    for (String node : s.nodeNames()) {
      ActorRef<PodUpdates> previous = subscriberByNode.put(node, s.subscriber());
      if (previous != null && !previous.equals(s.subscriber())) {
        Set<String> theirs = nodesBySubscriber.get(previous);
        if (theirs != null) theirs.remove(node);
      }
      mine.add(node);
      Map<String, CachedObject> onNode = podsByNode.getOrDefault(node, Map.of());
      for (CachedObject pod : onNode.values()) enqueue(s.subscriber(), new PodUpdate(node, parse(pod), false));
      inventories.add(new NodeInventory(node, List.copyOf(onNode.keySet())));
    }
    flush();
    for (int i = 0; i < inventories.size(); i += MAX_BATCH) {
      s.subscriber().tell(new PodUpdates(List.of(), inventories.subList(i, Math.min(inventories.size(), i + MAX_BATCH))));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe u) {
    Set<String> mine = nodesBySubscriber.getOrDefault(u.subscriber(), new HashSet<>());
    for (String node : u.nodeNames()) {
      if (u.subscriber().equals(subscriberByNode.get(node))) subscriberByNode.remove(node);
      mine.remove(node);
    }
    return this;
  }

  private Behavior<Command> onSubscriberGone(Terminated t) {
    ActorRef<?> gone = t.getRef();
    Set<String> nodes = nodesBySubscriber.remove(gone);
    if (nodes != null) {
      for (String node : nodes) subscriberByNode.remove(node, gone);
    }
    pending.remove(gone);
    return this;
  }

  private Behavior<Command> onChanged(Changed changed) {
    Change c = changed.change();
    String was = c.previous() == null ? "" : nodeOf(c.previous());
    String now = nodeOf(c.object());
    index(c);
    boolean deleted = c.type() == Change.Type.DELETED;
    if (!now.isEmpty()) notify(now, c.object(), deleted);
    // A pod is never rebound, but a forced rewrite could move it; the old node must let it go.
    if (!was.isEmpty() && !was.equals(now)) notify(was, c.object(), true);
    return this;
  }

  private Behavior<Command> onWatchEnded(WatchEnded ended) {
    getContext().getLog().warn("pod feed lost its watch ({}); re-listing", ended.why());
    timers.startSingleTimer(Rewatch.INSTANCE, REWATCH_DELAY);
    return this;
  }

  private Behavior<Command> onRewatch() {
    watch();
    // Everyone gets their full set again: whatever happened while the watch was down is covered.
    Map<ActorRef<PodUpdates>, Set<String>> subs = new HashMap<>(nodesBySubscriber);
    subs.forEach((ref, nodes) -> onSubscribe(new Subscribe(List.copyOf(nodes), ref)));
    return this;
  }

  private void index(Change c) {
    String was = c.previous() == null ? "" : nodeOf(c.previous());
    String now = nodeOf(c.object());
    if (!was.isEmpty() && !was.equals(now)) removeFrom(was, c.object().key());
    if (now.isEmpty()) return;
    if (c.type() == Change.Type.DELETED) removeFrom(now, c.object().key());
    else podsByNode.computeIfAbsent(now, k -> new HashMap<>()).put(c.object().key(), c.object());
  }

  private void removeFrom(String node, String key) {
    Map<String, CachedObject> onNode = podsByNode.get(node);
    if (onNode == null) return;
    onNode.remove(key);
    if (onNode.isEmpty()) podsByNode.remove(node);
  }

  private void notify(String node, CachedObject pod, boolean deleted) {
    ActorRef<PodUpdates> subscriber = subscriberByNode.get(node);
    if (subscriber == null) return;
    enqueue(subscriber, new PodUpdate(node, parse(pod), deleted));
  }

  private void enqueue(ActorRef<PodUpdates> subscriber, PodUpdate update) {
    List<PodUpdate> batch = pending.computeIfAbsent(subscriber, k -> new ArrayList<>());
    batch.add(update);
    if (batch.size() >= MAX_BATCH) {
      subscriber.tell(new PodUpdates(List.copyOf(batch), List.of()));
      pending.remove(subscriber);
    } else if (!timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, FLUSH_DELAY);
    }
  }

  private Behavior<Command> flush() {
    pending.forEach((ref, batch) -> ref.tell(new PodUpdates(List.copyOf(batch), List.of())));
    pending.clear();
    return this;
  }

  private static String nodeOf(CachedObject pod) {
    String node = pod.fields().get("spec.nodeName");
    return node == null ? "" : node;
  }

  private static ObjectNode parse(CachedObject pod) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(pod.json());
    } catch (IOException e) {
      throw new UncheckedIOException("a cached pod is not JSON", e);
    }
  }
}
