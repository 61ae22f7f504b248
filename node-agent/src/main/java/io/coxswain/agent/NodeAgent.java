package io.coxswain.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.node.PodFeed;
import io.coxswain.agent.lifecycle.PodWorker;
import io.coxswain.agent.lifecycle.PodWorkerContext;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.core.Metadata;
import io.coxswain.core.write.Subresource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's kubelet: registers its Node, keeps the set of pods bound to it as the pod feed reports
 * them, and runs one {@link PodWorker} per pod. Like kubelet's sync loop it is level-triggered: the
 * feed's inventories and a periodic sync compare the desired pods with the workers and with what
 * the runtime still has (sandboxes of pods deleted while the agent was down are stopped).
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  /** How often the node re-checks its description, and how often it re-syncs pods with the runtime. */
  public record Timing(Duration nodeCheck, Duration registerRetry, Duration podSync) {}

  // Command

  public sealed interface Command {}

  /** Pod versions from the feed (deleted ones flagged). */
  public record PodsChanged(List<PodFeed.PodUpdate> updates) implements Command {}

  /** The complete set of pods on this node, as keys "namespace/name". */
  public record Inventory(List<String> podKeys) implements Command {}

  private enum CheckNode implements Command { INSTANCE }

  private record NodeChecked(Optional<Throwable> failure) implements Command {}

  private enum SyncPods implements Command { INSTANCE }

  private record OrphansFound(List<PodSandbox> orphans) implements Command {}

  private record WorkerStopped(String uid) implements Command {}

  // State

  private final AgentStore store;
  private final NodeRegistration registration;
  private final PodWorkerContext workerContext;
  private final Timing timing;
  private final TimerScheduler<Command> timers;
  /** Latest version of each pod bound here, by "namespace/name". */
  private final Map<String, ObjectNode> desired = new HashMap<>();
  private final Map<String, ActorRef<PodWorker.Command>> workers = new HashMap<>();
  /** Uid of the worker's pod → its key, for workers that are stopping after their pod left. */
  private final Map<String, String> workerKeys = new HashMap<>();
  private boolean inventoried;

  public static Behavior<Command> create(
      AgentStore store, NodeRegistration registration, PodWorkerContext workerContext, Timing timing) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(CheckNode.INSTANCE, Duration.ZERO);
      return new NodeAgent(ctx, store, registration, workerContext, timing, timers);
    }));
  }

  private NodeAgent(ActorContext<Command> ctx, AgentStore store, NodeRegistration registration,
      PodWorkerContext workerContext, Timing timing, TimerScheduler<Command> timers) {
    super(ctx);
    this.store = store;
    this.registration = registration;
    this.workerContext = workerContext;
    this.timing = timing;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PodsChanged.class, this::onPodsChanged)
        .onMessage(Inventory.class, this::onInventory)
        .onMessageEquals(CheckNode.INSTANCE, this::onCheckNode)
        .onMessage(NodeChecked.class, this::onNodeChecked)
        .onMessageEquals(SyncPods.INSTANCE, this::onSyncPods)
        .onMessage(OrphansFound.class, this::onOrphansFound)
        .onMessage(WorkerStopped.class, this::onWorkerStopped)
        .build();
  }

  // Node registration

  private Behavior<Command> onCheckNode() {
    getContext().pipeToSelf(registerOrUpdate().toCompletableFuture(),
        (ok, e) -> new NodeChecked(Optional.ofNullable(e)));
    return this;
  }

  private CompletableFuture<Void> registerOrUpdate() {
    return store.node().toCompletableFuture().thenCompose(existing -> {
      if (existing.isEmpty()) {
        ObjectNode initial = registration.initial();
        log.info("registering node {}", store.nodeName());
        return store.createNode(initial).thenCompose(created -> {
          ObjectNode status = registration.statusPatch(created);
          return status == null ? CompletableFuture.<Void>completedFuture(null)
              : store.patchNode(status, Subresource.STATUS).thenApply(n -> (Void) null);
        });
      }
      ObjectNode meta = registration.metadataPatch(existing.get());
      CompletableFuture<ObjectNode> afterMeta = meta == null
          ? CompletableFuture.completedFuture(existing.get())
          : store.patchNode(meta, Subresource.MAIN).toCompletableFuture();
      return afterMeta.thenCompose(node -> {
        ObjectNode status = registration.statusPatch(node);
        if (status == null) return CompletableFuture.<Void>completedFuture(null);
        log.info("node {} status changed; updating it", store.nodeName());
        return store.patchNode(status, Subresource.STATUS).thenApply(n -> (Void) null);
      });
    });
  }

  private Behavior<Command> onNodeChecked(NodeChecked checked) {
    if (checked.failure().isPresent()) {
      log.warn("node {} not registered yet ({}); retrying", store.nodeName(),
          checked.failure().get().toString());
      timers.startSingleTimer(CheckNode.INSTANCE, timing.registerRetry());
    } else if (!timing.nodeCheck().isZero()) {
      timers.startSingleTimer(CheckNode.INSTANCE, timing.nodeCheck());
    }
    return this;
  }

  // Pods

  private Behavior<Command> onPodsChanged(PodsChanged changed) {
    for (PodFeed.PodUpdate u : changed.updates()) {
      String key = Metadata.namespace(u.pod()) + "/" + Metadata.name(u.pod());
      if (u.deleted()) {
        desired.remove(key);
        ActorRef<PodWorker.Command> w = workers.remove(key);
        if (w != null) w.tell(new PodWorker.Removed());
      } else {
        desired.put(key, u.pod());
        ensureWorker(key, u.pod());
      }
    }
    return this;
  }

  private Behavior<Command> onInventory(Inventory inventory) {
    Set<String> keys = new HashSet<>(inventory.podKeys());
    for (String key : List.copyOf(desired.keySet())) {
      if (!keys.contains(key)) {
        desired.remove(key);
        ActorRef<PodWorker.Command> w = workers.remove(key);
        if (w != null) w.tell(new PodWorker.Removed());
      }
    }
    if (!inventoried) {
      inventoried = true;
      timers.startTimerWithFixedDelay(SyncPods.INSTANCE, timing.podSync());
      getContext().getSelf().tell(SyncPods.INSTANCE);
    }
    return this;
  }

  /** A worker for the pod's current uid; a pod recreated under the same name replaces the old worker. */
  private void ensureWorker(String key, ObjectNode pod) {
    String uid = Metadata.uid(pod);
    ActorRef<PodWorker.Command> existing = workers.get(key);
    if (existing != null && uid.equals(uidOf(existing))) {
      existing.tell(new PodWorker.Update(pod));
      return;
    }
    if (existing != null) existing.tell(new PodWorker.Removed());
    ActorRef<PodWorker.Command> worker =
        getContext().spawn(PodWorker.create(workerContext, pod), "pod-" + uid);
    getContext().watchWith(worker, new WorkerStopped(uid));
    workers.put(key, worker);
    workerKeys.put(uid, key);
  }

  private String uidOf(ActorRef<?> worker) {
    String name = worker.path().name();
    return name.startsWith("pod-") ? name.substring(4) : name;
  }

  private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
    String key = workerKeys.remove(stopped.uid());
    if (key != null) {
      ActorRef<PodWorker.Command> current = workers.get(key);
      if (current != null && stopped.uid().equals(uidOf(current))) {
        workers.remove(key);
        // Still desired (say, it finished and was not deleted yet): nothing more to run. A pod that
        // is desired and has no worker gets one again only if it changes.
      }
    }
    return this;
  }

  /** Level-triggered pass: every desired pod has a worker, every worker has news, orphans go. */
  private Behavior<Command> onSyncPods() {
    for (var e : desired.entrySet()) {
      ActorRef<PodWorker.Command> w = workers.get(e.getKey());
      if (w == null && !workerKeys.containsKey(Metadata.uid(e.getValue()))) ensureWorker(e.getKey(), e.getValue());
    }
    Set<String> wanted = new HashSet<>();
    for (ObjectNode pod : desired.values()) wanted.add(Metadata.uid(pod));
    wanted.addAll(workerKeys.keySet());
    var runtime = workerContext.runtime();
    getContext().pipeToSelf(
        CompletableFuture.supplyAsync(() -> runtime.listPodSandboxes().stream()
            .filter(s -> !wanted.contains(s.podUid())).toList(), workerContext.blocking()),
        (orphans, e) -> new OrphansFound(e == null ? orphans : List.of()));
    return this;
  }

  /** Sandboxes of pods that are no longer bound here (deleted while the agent was away). */
  private Behavior<Command> onOrphansFound(OrphansFound found) {
    var runtime = workerContext.runtime();
    for (PodSandbox orphan : found.orphans()) {
      if (workerKeys.containsKey(orphan.podUid())) continue;
      log.info("stopping pod {}/{} ({}): it is no longer bound to node {}",
          orphan.namespace(), orphan.name(), orphan.podUid(), store.nodeName());
      CompletableFuture.runAsync(() -> {
        runtime.stopPodSandbox(orphan.podUid(), Duration.ofSeconds(2));
        runtime.removePodSandbox(orphan.podUid());
      }, workerContext.blocking());
    }
    return this;
  }
}
