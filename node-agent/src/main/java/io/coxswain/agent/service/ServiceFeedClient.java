package io.coxswain.agent.service;

import io.coxswain.agent.FeedChoice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.node.ServiceFeed;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent process's one subscription to a control-plane service feed: finds a feed through the
 * receptionist (preferring one in its own JVM), subscribes, re-subscribes on a timer (a resync) and
 * whenever the feed's member goes away, and publishes each new state to the {@link ServiceView}.
 */
public final class ServiceFeedClient extends AbstractBehavior<ServiceFeedClient.Command> {
  private static final Logger log = LoggerFactory.getLogger(ServiceFeedClient.class);

  public sealed interface Command {}

  private record FeedsListed(Receptionist.Listing listing) implements Command {}

  private record Updates(ServiceFeed.ServiceUpdates updates) implements Command {}

  private enum Resync implements Command { INSTANCE }

  private final ServiceView view;
  private final ActorRef<ServiceFeed.ServiceUpdates> updatesAdapter;
  private final Map<String, ObjectNode> services = new HashMap<>();
  private final Map<String, ObjectNode> endpointSlices = new HashMap<>();
  private final FeedChoice<ServiceFeed.Command> feed;

  public static Behavior<Command> create(ServiceView view, Duration resync) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ServiceFeedClient(ctx, view, resync, timers)));
  }

  private ServiceFeedClient(ActorContext<Command> ctx, ServiceView view, Duration resync, TimerScheduler<Command> timers) {
    super(ctx);
    this.view = view;
    this.updatesAdapter = ctx.messageAdapter(ServiceFeed.ServiceUpdates.class, Updates::new);
    this.feed = new FeedChoice<>(ctx);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceFeed.KEY,
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
    ActorRef<ServiceFeed.Command> chosen = feed.listed(listed.listing().getServiceInstances(ServiceFeed.KEY));
    if (chosen != null) follow(chosen);
    return this;
  }

  private Behavior<Command> onFeedGone(Terminated t) {
    if (t.getRef().equals(feed.current())) {
      log.info("service feed {} went away; choosing another", t.getRef().path().address());
      ActorRef<ServiceFeed.Command> chosen = feed.gone(t.getRef());
      if (chosen != null) follow(chosen);
    }
    return this;
  }

  private void follow(ActorRef<ServiceFeed.Command> chosen) {
    log.info("following Services and EndpointSlices from the service feed at {}", chosen.path().address());
    chosen.tell(new ServiceFeed.Subscribe(updatesAdapter));
  }

  private Behavior<Command> onResync() {
    if (feed.current() != null) feed.current().tell(new ServiceFeed.Subscribe(updatesAdapter));
    return this;
  }

  private Behavior<Command> onUpdates(Updates msg) {
    for (ServiceFeed.ObjectUpdate u : msg.updates().updates()) {
      Map<String, ObjectNode> into = u.kind() == ServiceFeed.Kind.SERVICE ? services : endpointSlices;
      String key = u.object().path("metadata").path("namespace").asText("") + "/"
          + u.object().path("metadata").path("name").asText("");
      if (u.deleted()) into.remove(key);
      else into.put(key, u.object());
    }
    ServiceFeed.Inventory inventory = msg.updates().inventory();
    if (inventory != null) {
      services.keySet().retainAll(new HashSet<>(inventory.services()));
      endpointSlices.keySet().retainAll(new HashSet<>(inventory.endpointSlices()));
    }
    // A full list arrives as several batches: the view only changes once it is whole.
    if (inventory != null || view.synced()) view.publish(ServiceTable.of(services, endpointSlices), inventory != null);
    return this;
  }
}
