package io.coxswain.actors.watch;

import com.typesafe.config.Config;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.persistence.ChangeFeed;
import io.coxswain.persistence.ResourceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
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

  private final Map<String, WatchCache> byResource = new HashMap<>();
  private final CompletableFuture<Void> ready;
  private final Cancellable ticker;
  private final SharedKillSwitch feeds = KillSwitches.shared("change-feeds");

  private WatchCaches(ActorSystem<?> system, ResourceRegistry registry, ChangeFeed feed, WriteFence fence) {
    Config config = system.settings().config().getConfig("coxswain.watch");
    Materializer mat = Materializer.matFromSystem(system);
    List<CompletableFuture<?>> replays = new ArrayList<>();
    for (RegisteredKind kind : registry.kinds()) {
      WatchCache cache = new WatchCache(kind, fence,
          config.getDuration("order-holdback").toMillis(), config.getInt("history-size"),
          config.getInt("watcher-buffer"), mat);
      byResource.put(kind.type().qualifiedResource(), cache);
      replays.add(start(cache, feed, mat, feeds).toCompletableFuture());
    }
    ready = CompletableFuture.allOf(replays.toArray(CompletableFuture[]::new));
    ticker = system.scheduler().scheduleAtFixedRate(TICK, TICK,
        () -> byResource.values().forEach(WatchCache::tick), system.executionContext());
  }

  public static WatchCaches start(ActorSystem<?> system, ResourceRegistry registry, ChangeFeed feed, WriteFence fence) {
    return new WatchCaches(system, registry, feed, fence);
  }

  private static CompletionStage<Void> start(
      WatchCache cache, ChangeFeed feed, Materializer mat, SharedKillSwitch feeds) {
    ResourceType type = cache.kind().type();
    AtomicReference<Offset> offset = new AtomicReference<>(Offset.noOffset());
    long started = System.nanoTime();
    return feed.current(type)
        .via(feeds.flow())
        .runWith(Sink.foreach(env -> deliver(cache, env, offset)), mat)
        .thenAccept(done -> {
          cache.markReady();
          log.debug("watch cache {} ready with {} objects in {} ms", type.qualifiedResource(), cache.size(),
              (System.nanoTime() - started) / 1_000_000);
          RestartSource.withBackoff(
                  RestartSettings.create(Duration.ofMillis(100), Duration.ofSeconds(5), 0.2),
                  () -> feed.live(type, offset.get()))
              .via(feeds.flow())
              .runWith(Sink.foreach(env -> deliver(cache, env, offset)), mat)
              .whenComplete((d, e) -> {
                if (e != null) log.warn("change feed of {} stopped: {}", type.qualifiedResource(), e.toString());
              });
        });
  }

  private static void deliver(WatchCache cache, EventEnvelope env, AtomicReference<Offset> offset) {
    offset.set(env.offset());
    if (env.event() instanceof ResourceEvent event) cache.offer(event);
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
  }
}
