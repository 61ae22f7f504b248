package io.coxswain.actors.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.watch.WriteFence;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.patch.ServerSideApply;
import io.coxswain.core.write.Bindings;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.Deletion;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.PatchType;
import io.coxswain.core.write.Scales;
import io.coxswain.core.write.Subresource;
import io.coxswain.persistence.Audit;
import io.coxswain.persistence.JournalTags;
import io.coxswain.persistence.JsonSerializable;
import io.coxswain.persistence.ResourceEvent;
import io.coxswain.persistence.ResourceEvent.ObjectCreated;
import io.coxswain.persistence.ResourceEvent.ObjectDeleted;
import io.coxswain.persistence.ResourceEvent.ObjectUpdated;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One Kubernetes object (of any kind) as an event-sourced entity: the journal replaces etcd. The
 * kind's {@link KindStrategy} supplies defaults and validation; this behaviour owns identity,
 * optimistic concurrency, resourceVersions and the decision to persist. Every write is an event that
 * carries the whole new version and who made it.
 */
public final class ResourceEntity
    extends EventSourcedBehaviorWithEnforcedReplies<ResourceEntity.Command, ResourceEvent, ResourceEntity.State> {

  /** The sharded entity type of a kind: one per kind, so each kind shards on its own. */
  public static EntityTypeKey<Command> typeKey(ResourceType type) {
    return EntityTypeKey.create(Command.class, type.qualifiedResource());
  }

  /** Entity id of an object: "namespace/name", or "name" for cluster-scoped kinds. */
  public static String entityId(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  // Command

  public sealed interface Command extends JsonSerializable {}

  public record Get(ActorRef<StatusReply<Result>> replyTo) implements Command {}

  public record Create(ObjectNode object, RequestInfo request, ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  public record Update(
      ObjectNode object, Subresource subresource, RequestInfo request, ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  public record Patch(
      PatchType patchType,
      JsonNode patch,
      Subresource subresource,
      RequestInfo request,
      ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  public record Delete(DeleteOptions options, RequestInfo request, ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  /** Binds a pod to the node a {@code v1 Binding} names (pods/binding); refused if it is bound already. */
  public record Bind(ObjectNode binding, RequestInfo request, ActorRef<StatusReply<Result>> replyTo)
      implements Command {}

  /**
   * The object after a command. {@code created} means a new object was stored (201); {@code removed}
   * means it is gone from the store (the object is its last version).
   */
  public record Result(ObjectNode object, boolean created, boolean removed) implements JsonSerializable {}

  // State

  public sealed interface State extends JsonSerializable {
    long resourceVersion();
  }

  /** No object with this name exists (never did, or was deleted at resourceVersion). */
  public record Absent(long resourceVersion) implements State {}

  public record Present(ObjectNode object, long resourceVersion) implements State {}

  private static final Set<String> TAGS = Set.of(JournalTags.OBJECTS);

  private final KindStrategy strategy;
  private final ResourceType type;
  private final WriteFence fence;
  private final Clock clock;
  private final int snapshotEvery;

  private ResourceEntity(
      PersistenceId persistenceId, KindStrategy strategy, WriteFence fence, Clock clock, int snapshotEvery) {
    super(persistenceId);
    this.strategy = strategy;
    this.type = strategy.type();
    this.fence = fence;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  public static Behavior<Command> create(
      String entityId, KindStrategy strategy, WriteFence fence, Clock clock, int snapshotEvery) {
    PersistenceId id = PersistenceId.of(strategy.type().qualifiedResource(), entityId, "|");
    return new ResourceEntity(id, strategy, fence, clock, snapshotEvery);
  }

  @Override
  public State emptyState() {
    return new Absent(0);
  }

  @Override
  public Set<String> tagsFor(ResourceEvent event) {
    return TAGS;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> fence.clock().observe(state.resourceVersion()))
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, ResourceEvent, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Absent.class)
        .onCommand(Get.class, (s, c) -> reject(c.replyTo(), notFound()))
        .onCommand(Create.class, this::onCreate)
        .onCommand(Update.class, (s, c) -> reject(c.replyTo(), notFound()))
        .onCommand(Patch.class, this::onPatchAbsent)
        .onCommand(Delete.class, (s, c) -> reject(c.replyTo(), notFound()))
        .onCommand(Bind.class, (s, c) -> reject(c.replyTo(), notFound()));
    builder.forStateType(Present.class)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(new Result(s.object(), false, false))))
        .onCommand(Create.class, (s, c) -> reject(c.replyTo(), StatusException.alreadyExists(type, name(s))))
        .onCommand(Update.class, this::onUpdate)
        .onCommand(Patch.class, this::onPatch)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Bind.class, this::onBind);
    return builder.build();
  }

  private ReplyEffect<ResourceEvent, State> onCreate(Absent state, Create cmd) {
    ObjectNode obj;
    try {
      obj = ObjectWrites.prepareCreate(strategy, cmd.object(), UUID.randomUUID().toString(), clock.instant());
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
    return store(state.resourceVersion(), obj, cmd.request(), cmd.replyTo(), true);
  }

  private ReplyEffect<ResourceEvent, State> onPatchAbsent(Absent state, Patch cmd) {
    // Server-side apply creates what does not exist yet.
    if (cmd.patchType() != PatchType.APPLY_PATCH || cmd.subresource() != Subresource.MAIN) {
      return reject(cmd.replyTo(), notFound());
    }
    if (!(cmd.patch() instanceof ObjectNode applied)) {
      return reject(cmd.replyTo(), StatusException.badRequest("an apply patch must be an object"));
    }
    ObjectNode created;
    try {
      created = ServerSideApply.apply(null, applied, type, cmd.request().fieldManager(), cmd.request().force());
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
    return onCreate(state, new Create(created, cmd.request(), cmd.replyTo()));
  }

  private ReplyEffect<ResourceEvent, State> onUpdate(Present state, Update cmd) {
    try {
      ObjectNode updated = cmd.subresource() == Subresource.SCALE
          ? Scales.fromScale(type, state.object(), cmd.object())
          : cmd.object();
      Subresource target = cmd.subresource() == Subresource.SCALE ? Subresource.MAIN : cmd.subresource();
      return write(state, ObjectWrites.prepareUpdate(strategy, state.object(), updated, target), cmd.request(), cmd.replyTo());
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
  }

  private ReplyEffect<ResourceEvent, State> onPatch(Present state, Patch cmd) {
    try {
      ObjectNode candidate;
      if (cmd.subresource() == Subresource.SCALE) {
        ObjectNode scale = ObjectWrites.applyPatch(
            strategy, Scales.toScale(state.object()), cmd.patchType(), cmd.patch(), cmd.request().fieldManager(),
            cmd.request().force());
        candidate = ObjectWrites.prepareUpdate(
            strategy, state.object(), Scales.fromScale(type, state.object(), scale), Subresource.MAIN);
      } else {
        ObjectNode patched = ObjectWrites.applyPatch(
            strategy, state.object(), cmd.patchType(), cmd.patch(), cmd.request().fieldManager(),
            cmd.request().force());
        candidate = ObjectWrites.prepareUpdate(strategy, state.object(), patched, cmd.subresource());
      }
      return write(state, candidate, cmd.request(), cmd.replyTo());
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
  }

  private ReplyEffect<ResourceEvent, State> onDelete(Present state, Delete cmd) {
    Deletion.Outcome outcome;
    try {
      outcome = Deletion.decide(strategy, state.object(), cmd.options(), clock.instant());
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
    if (outcome instanceof Deletion.Removed removed) return remove(state, removed.last(), cmd.request(), cmd.replyTo());
    if (outcome instanceof Deletion.Marked marked) return write(state, marked.object(), cmd.request(), cmd.replyTo());
    return unchanged(state, cmd.replyTo());
  }

  private ReplyEffect<ResourceEvent, State> onBind(Present state, Bind cmd) {
    if (!type.equals(PodStrategy.TYPE)) return reject(cmd.replyTo(), StatusException.methodNotAllowed(type.plural() + " cannot be bound"));
    try {
      String node = Bindings.targetNode(cmd.binding(), name(state));
      ObjectNode bound = Bindings.bind(type, state.object(), cmd.binding(), node, clock.instant());
      return store(state.resourceVersion(), bound, cmd.request(), cmd.replyTo(), false);
    } catch (StatusException e) {
      return reject(cmd.replyTo(), e);
    }
  }

  /** Stores an updated version, unless nothing changed; an object whose finalizers are gone leaves. */
  private ReplyEffect<ResourceEvent, State> write(
      Present state, ObjectNode candidate, RequestInfo request, ActorRef<StatusReply<Result>> replyTo) {
    if (ObjectWrites.readyToRemove(strategy, candidate)) return remove(state, candidate, request, replyTo);
    if (ObjectWrites.sameContent(state.object(), candidate)) return unchanged(state, replyTo);
    return store(state.resourceVersion(), candidate, request, replyTo, false);
  }

  private ReplyEffect<ResourceEvent, State> store(
      long previousRv, ObjectNode obj, RequestInfo request, ActorRef<StatusReply<Result>> replyTo, boolean created) {
    if (request.dryRun()) {
      return Effect().reply(replyTo, StatusReply.success(new Result(obj, created, false)));
    }
    long rv = fence.issue(previousRv);
    Metadata.of(obj).put("resourceVersion", Long.toString(rv));
    Audit audit = audit(request);
    ResourceEvent event = created ? new ObjectCreated(obj, rv, audit) : new ObjectUpdated(obj, rv, audit);
    return Effect().persist(event).thenReply(replyTo, s -> StatusReply.success(new Result(obj, created, false)));
  }

  private ReplyEffect<ResourceEvent, State> remove(
      Present state, ObjectNode last, RequestInfo request, ActorRef<StatusReply<Result>> replyTo) {
    ObjectNode obj = last.deepCopy();
    if (request.dryRun()) {
      return Effect().reply(replyTo, StatusReply.success(new Result(obj, false, true)));
    }
    long rv = fence.issue(state.resourceVersion());
    Metadata.of(obj).put("resourceVersion", Long.toString(rv));
    return Effect()
        .persist(new ObjectDeleted(obj, rv, audit(request)))
        .thenReply(replyTo, s -> StatusReply.success(new Result(obj, false, true)));
  }

  private ReplyEffect<ResourceEvent, State> unchanged(Present state, ActorRef<StatusReply<Result>> replyTo) {
    return Effect().reply(replyTo, StatusReply.success(new Result(state.object(), false, false)));
  }

  private ReplyEffect<ResourceEvent, State> reject(ActorRef<StatusReply<Result>> replyTo, StatusException e) {
    return Effect().reply(replyTo, StatusReply.error(e));
  }

  private Audit audit(RequestInfo request) {
    return new Audit(request.user(), clock.millis(), request.requestId(), request.verb());
  }

  private StatusException notFound() {
    String id = persistenceId().entityId();
    return StatusException.notFound(type, id.substring(id.indexOf('/') + 1));
  }

  private static String name(Present state) {
    return Metadata.name(state.object());
  }

  @Override
  public EventHandler<State, ResourceEvent> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forAnyState()
        .onEvent(ObjectCreated.class, (s, e) -> new Present(e.object(), e.resourceVersion()))
        .onEvent(ObjectUpdated.class, (s, e) -> new Present(e.object(), e.resourceVersion()))
        .onEvent(ObjectDeleted.class, (s, e) -> new Absent(e.resourceVersion()));
    return builder.build();
  }
}
