package io.coxswain.actors.store;

import io.coxswain.actors.store.ResourceEntity.Command;
import io.coxswain.actors.store.ResourceEntity.Result;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.RegisteredKind;
import io.coxswain.core.ResourceRegistry;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.persistence.JournalHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The write path and authoritative reads: each kind's resource entities, sharded across the
 * control-plane members. A command reaches the one entity that owns the object, wherever it lives.
 */
public final class ResourceStore {
  private final ClusterSharding sharding;
  private final Map<String, EntityTypeKey<Command>> keys = new HashMap<>();
  private final Duration askTimeout;
  private final JournalHealth health;
  /** Asks not answered yet, failed at once when the journal is lost. */
  private final Set<CompletableFuture<Result>> pending = ConcurrentHashMap.newKeySet();

  private ResourceStore(ClusterSharding sharding, Duration askTimeout, JournalHealth health) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.health = health;
  }

  /**
   * This store, answering 503 at once while {@code health} says the journal is unavailable (and
   * failing asks already waiting when it is lost) instead of letting them time out.
   */
  public ResourceStore failingFastWhileUnavailable(JournalHealth health) {
    ResourceStore s = new ResourceStore(sharding, askTimeout, health);
    s.keys.putAll(keys);
    health.onLost(() -> {
      StatusException unavailable = StatusException.serviceUnavailable(health.unavailableMessage());
      for (CompletableFuture<Result> waiting : s.pending) waiting.completeExceptionally(unavailable);
    });
    return s;
  }

  /** Registers every kind's entity with sharding; the "control-plane" role hosts them. */
  public static ResourceStore init(
      ActorSystem<?> system, ResourceRegistry registry, WriteFence fence, Clock clock) {
    var config = system.settings().config();
    ResourceStore store = new ResourceStore(
        ClusterSharding.get(system), config.getDuration("coxswain.http.ask-timeout"), JournalHealth.always());
    int snapshotEvery = config.getInt("coxswain.snapshot-every");
    for (RegisteredKind kind : registry.kinds()) {
      EntityTypeKey<Command> key = ResourceEntity.typeKey(kind.type());
      store.keys.put(kind.type().qualifiedResource(), key);
      store.sharding.init(
          Entity.of(key, ctx -> ResourceEntity.create(ctx.getEntityId(), kind.strategy(), fence, clock, snapshotEvery))
              .withRole("control-plane"));
    }
    return store;
  }

  /** Sends a command to the object's entity; fails with the entity's StatusException if refused. */
  public CompletionStage<Result> ask(
      ResourceType type, String namespace, String name, Function<ActorRef<StatusReply<Result>>, Command> command) {
    EntityTypeKey<Command> key = keys.get(type.qualifiedResource());
    if (!health.available()) return CompletableFuture.failedFuture(StatusException.serviceUnavailable(health.unavailableMessage()));
    CompletableFuture<Result> answer = sharding.entityRefFor(key, ResourceEntity.entityId(namespace, name))
        .askWithStatus(command::apply, askTimeout).toCompletableFuture();
    if (health == JournalHealth.always()) return answer;
    pending.add(answer);
    answer.whenComplete((r, e) -> pending.remove(answer));
    return answer;
  }
}
