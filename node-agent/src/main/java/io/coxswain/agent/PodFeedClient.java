package io.coxswain.agent;

import io.coxswain.actors.node.PodFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process's subscription to a control-plane pod feed, on behalf of all its nodes: finds
 * a feed through the receptionist (preferring one in its own JVM), subscribes, re-subscribes on a
 * timer (a resync) and whenever the feed's member goes away, and hands each node its pods.
 */
public final class PodFeedClient extends AbstractBehavior<PodFeedClient.Command> {
  private static final Logger log = LoggerFactory.getLogger(PodFeedClient.class);

  public sealed interface Command {}

  private record FeedsListed(Receptionist.Listing listing) implements Command {}

  private record Updates(PodFeed.PodUpdates updates) implements Command {}

  private enum Resync implements Command { INSTANCE }

  private final Map<String, ActorRef<NodeAgent.Command>> nodes;
  private final ActorRef<PodFeed.PodUpdates> updatesAdapter;
  private final FeedChoice<PodFeed.Command> feed;

  public static Behavior<Command> create(Map<String, ActorRef<NodeAgent.Command>> nodes, Duration resync) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new PodFeedClient(ctx, nodes, resync, timers)));
  }

  private PodFeedClient(ActorContext<Command> ctx, Map<String, ActorRef<NodeAgent.Command>> nodes,
      Duration resync, TimerScheduler<Command> timers) {
    super(ctx);
    this.nodes = Map.copyOf(nodes);
    this.updatesAdapter = ctx.messageAdapter(PodFeed.PodUpdates.class, Updates::new);
    this.feed = new FeedChoice<>(ctx);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(PodFeed.KEY,
        ctx.messageAdapter(Receptionist.Listing.class, FeedsListed::new)));
    timers.startTimerWithFixedDelay(Resync.INSTANCE, resync);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FeedsListed.class, this::onFeedsListed)
        .onMessage(Updates.class, this::onUpdates)
        .onMessageEquals(Resync.INSTANCE, this::onResync)
        .onSignal(Terminated.class, this::onFeedGone)
        .build();
  }

  private Behavior<Command> onFeedsListed(FeedsListed listed) {
    ActorRef<PodFeed.Command> chosen = feed.listed(listed.listing().getServiceInstances(PodFeed.KEY));
    if (chosen != null) follow(chosen);
    return this;
  }

  private Behavior<Command> onFeedGone(Terminated t) {
    if (t.getRef().equals(feed.current())) {
      log.info("pod feed {} went away; choosing another", t.getRef().path().address());
      ActorRef<PodFeed.Command> chosen = feed.gone(t.getRef());
      if (chosen != null) follow(chosen);
    }
    return this;
  }

  private void follow(ActorRef<PodFeed.Command> chosen) {
    log.info("following pods of {} node(s) from the pod feed at {}", nodes.size(), chosen.path().address());
    subscribe();
  }

  private Behavior<Command> onResync() {
    if (feed.current() != null) subscribe();
    return this;
  }

  private void subscribe() {
    feed.current().tell(new PodFeed.Subscribe(List.copyOf(nodes.keySet()), updatesAdapter));
  }

  private Behavior<Command> onUpdates(Updates msg) {
    Map<String, List<PodFeed.PodUpdate>> byNode = new HashMap<>();
    for (PodFeed.PodUpdate u : msg.updates().updates()) {
      byNode.computeIfAbsent(u.nodeName(), k -> new ArrayList<>()).add(u);
    }
    byNode.forEach((node, updates) -> {
      ActorRef<NodeAgent.Command> agent = nodes.get(node);
      if (agent != null) agent.tell(new NodeAgent.PodsChanged(updates));
    });
    for (PodFeed.NodeInventory inv : msg.updates().inventories()) {
      ActorRef<NodeAgent.Command> agent = nodes.get(inv.nodeName());
      if (agent != null) agent.tell(new NodeAgent.Inventory(inv.podKeys()));
    }
    return this;
  }
}
