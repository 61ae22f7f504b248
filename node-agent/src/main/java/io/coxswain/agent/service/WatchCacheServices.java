package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.CachedObject;
import io.coxswain.actors.watch.Change;
import io.coxswain.actors.watch.WatchCache;
import io.coxswain.actors.watch.WatchFilter;
import io.coxswain.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link ClusterServices} from this member's own watch caches of Services and
 * EndpointSlices: what an agent that runs inside a control-plane member ({@code coxswain server})
 * can do without any feed over the cluster. A watch that ends is re-listed after a second.
 */
public final class WatchCacheServices {
  private static final Logger log = LoggerFactory.getLogger(WatchCacheServices.class);
  private static final Duration REWATCH_DELAY = Duration.ofSeconds(1);

  private WatchCacheServices() {}

  public static void follow(ActorSystem<?> system, WatchCache services, WatchCache endpointSlices, ClusterServices target) {
    follow(system, services, target::replaceServices, target);
    follow(system, endpointSlices, target::replaceEndpointSlices, target);
  }

  private static void follow(ActorSystem<?> system, WatchCache cache, Consumer<List<ObjectNode>> replace, ClusterServices target) {
    WatchCache.Registration reg = cache.watch(null, new WatchFilter(null, null, null));
    List<ObjectNode> all = new ArrayList<>();
    for (Change c : reg.initial()) if (c.type() != Change.Type.DELETED) all.add(parse(c.object()));
    replace.accept(all);
    reg.live()
        .runWith(Sink.foreach(c -> {
          if (c.type() == Change.Type.DELETED) target.delete(parse(c.object()));
          else target.upsert(parse(c.object()));
        }), system)
        .whenComplete((done, e) -> {
          if (system.whenTerminated().isCompleted()) return;
          log.debug("watch of {} ended ({}); re-listing", cache.kind().type(), e == null ? "completed" : e.toString());
          try {
            system.scheduler().scheduleOnce(REWATCH_DELAY, () -> follow(system, cache, replace, target), system.executionContext());
          } catch (IllegalStateException shuttingDown) {
            // the system is terminating: nothing left to feed
          }
        });
  }

  private static ObjectNode parse(CachedObject object) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(object.json());
    } catch (IOException e) {
      throw new UncheckedIOException("a cached " + object.key() + " is not JSON", e);
    }
  }
}
