package io.coxswain.actors.watch;

import com.typesafe.config.Config;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.persistence.ChangeFeed;
import io.coxswain.persistence.ResourceEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch cache per kind on this member, each fed by its kind's change feed: first the stored
 * history (the cache is ready when that replay ends), then the live feed, restarted from its last
 * offset if it fails.
 */
public final class WatchCaches {
  private static final Logger log = LoggerFactory.getLogger(WatchCaches.class);
  private static final Duration TICK = Duration.ofMillis(5);
  private static final Duration MEMBERSHIP_CHECK = Duration.ofMillis(100);
  private static final String CONTROL_PLANE = "control-plane";

  private final Map<String, WatchCache> byResource = new HashMap<>();
  private final Map<String, WatchCache> byKind = new HashMap<>();
  private final CompletableFuture<Void> ready;
  private final Cancellable ticker;
  private final Cancellable membership;
  private final SharedKillSwitch feeds = KillSwitches.shared("change-feeds");

  private WatchCaches(ActorSystem<?> system, ResourceRegistry registry, ChangeFeed feed, WriteFence fence) {
    Config config = system.settings().config().getConfig("coxswain.watch");
    Materializer mat = Materializer.matFromSystem(system);
    for (RegisteredKind kind : registry.kinds()) {
      WatchCache cache = new WatchCache(kind, fence,
          config.getDuration("order-holdback").toMillis(), config.getInt("history-size"),
          config.getInt("watcher-buffer"), mat);
      byResource.put(kind.type().qualifiedResource(), cache);
      byKind.put(kind.type().apiVersion() + "/" + kind.type().kind(), cache);
    }
    ready = start(feed, mat).toCompletableFuture();
    ticker = system.scheduler().scheduleAtFixedRate(TICK, TICK,
        () -> byResource.values().forEach(WatchCache::tick), system.executionContext());
    Cluster cluster = Cluster.get(system);
    membership = system.scheduler().scheduleAtFixedRate(Duration.ZERO, MEMBERSHIP_CHECK,
        () -> fence.soleWriter(soleControlPlaneMember(cluster)), system.executionContext());
  }

  /**
   * Whether this member is the only control-plane member, joining or leaving ones counted: entities
   * live only there, so no other member can write. A member that starts joining is seen within
   * {@link #MEMBERSHIP_CHECK}, long before it can be handed shards.
   */
  private static boolean soleControlPlaneMember(Cluster cluster) {
    Member self = cluster.selfMember();
    if (!self.hasRole(CONTROL_PLANE) || self.status() == MemberStatus.removed()) return false;
    for (Member m : cluster.state().getMembers()) {
      if (!m.equals(self) && m.hasRole(CONTROL_PLANE) && m.status() != MemberStatus.removed()) return false;
    }
    return true;
  }

  public static WatchCaches start(ActorSystem<?> system, ResourceRegistry registry, ChangeFeed feed, WriteFence fence) {
    return new WatchCaches(system, registry, feed, fence);
  }

  /**
   * One change feed for every kind, routed to each kind's cache: the journal is polled once, not
   * once per kind. First the stored history (the caches are ready when it ends), then live.
   */
  private CompletionStage<Void> start(ChangeFeed feed, Materializer mat) {
    AtomicReference<Offset> offset = new AtomicReference<>(Offset.noOffset());
    long started = System.nanoTime();
    return feed.current()
        .via(feeds.flow())
        .runWith(Sink.foreach(env -> deliver(env, offset)), mat)
        .thenAccept(done -> {
          byResource.values().forEach(WatchCache::markReady);
          log.info("watch caches loaded {} objects from the journal in {} ms",
              byResource.values().stream().mapToInt(WatchCache::size).sum(), (System.nanoTime() - started) / 1_000_000);
          RestartSource.withBackoff(
                  RestartSettings.create(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2),
                  () -> feed.live(offset.get()))
              .via(feeds.flow())
              .runWith(Sink.foreach(env -> deliver(env, offset)), mat)
              .whenComplete((d, e) -> {
                if (e != null) log.warn("the change feed stopped: {}", e.toString());
              });
        });
  }

  private void deliver(EventEnvelope env, AtomicReference<Offset> offset) {
    offset.set(env.offset());
    if (env.event() instanceof ResourceEvent event) {
      WatchCache cache = byKind.get(event.object().path("apiVersion").asText() + "/" + event.object().path("kind").asText());
      if (cache != null) cache.offer(event);
    }
  }

  /** Completes when every cache has replayed the journal. */
  public CompletionStage<Void> ready() {
    return ready;
  }

  public WatchCache cache(ResourceType type) {
    return byResource.get(type.qualifiedResource());
  }

  /** Stops the change feeds (they complete normally) and the release ticker. */
  public void stop() {
    feeds.shutdown();
    ticker.cancel();
    membership.cancel();
  }
}
