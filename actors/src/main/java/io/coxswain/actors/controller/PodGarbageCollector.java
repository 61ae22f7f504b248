package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.actors.store.ResourceEntity;
import io.coxswain.actors.store.ResourceStore;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.write.DeleteOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's pod garbage collector, for orphaned pods: a pod bound to a Node that no
 * longer exists can never be finished by an agent, so it is deleted at once (grace period 0), as
 * after {@code kubectl delete node} of a node that died. The node's absence is confirmed with its
 * entity, not only the informer, so a node created a moment ago is never taken for gone.
 */
public final class PodGarbageCollector extends AbstractBehavior<PodGarbageCollector.Command> {
  public static final String NAME = "pod-garbage-collector";
  public static final String USER = "system:serviceaccount:kube-system:pod-garbage-collector";
  private static final Logger log = LoggerFactory.getLogger(PodGarbageCollector.class);

  public sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  /** The node's entity answered: {@code gone} when it has no such Node. */
  private record NodeChecked(String node, boolean gone) implements Command {}

  private final Informer nodes;
  private final Informer pods;
  private final ResourceStore store;
  private final ControllerWrites writes;
  /** Nodes being confirmed with their entity, so one check is asked once. */
  private final Set<String> confirming = new HashSet<>();

  public static Behavior<Command> create(Informers informers, ResourceStore store, Duration period) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Check.INSTANCE, period);
      return new PodGarbageCollector(ctx, informers, store);
    }));
  }

  private PodGarbageCollector(ActorContext<Command> ctx, Informers informers, ResourceStore store) {
    super(ctx);
    this.nodes = informers.get(NodeStrategy.TYPE);
    this.pods = NodeLifecycleController.podsByNode(informers);
    this.store = store;
    this.writes = new ControllerWrites(store, USER);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Check.class, c -> check())
        .onMessage(NodeChecked.class, this::onNodeChecked)
        .build();
  }

  private Behavior<Command> check() {
    Set<String> named = new HashSet<>();
    for (ObjectNode pod : pods.list()) {
      String node = pod.path("spec").path("nodeName").asText("");
      if (!node.isEmpty()) named.add(node);
    }
    for (String node : named) {
      if (nodes.get(node) != null || !confirming.add(node)) continue;
      var self = getContext().getSelf();
      // exists after all, or the store did not answer: either way look again at the next check
      store.ask(NodeStrategy.TYPE, null, node, ResourceEntity.Get::new).whenComplete((res, e) ->
          self.tell(new NodeChecked(node, e != null && ControllerWrites.statusCode(e) == 404)));
    }
    return this;
  }

  private Behavior<Command> onNodeChecked(NodeChecked msg) {
    confirming.remove(msg.node());
    if (!msg.gone()) return this;
    for (ObjectNode pod : pods.byIndex(NodeLifecycleController.POD_NODE_INDEX, msg.node())) {
      String key = Metadata.namespace(pod) + "/" + Metadata.name(pod);
      log.info("{}: deleting pod {}: its node {} no longer exists", NAME, key, msg.node());
      writes.delete(PodStrategy.TYPE, Metadata.namespace(pod), Metadata.name(pod),
              new DeleteOptions(Metadata.uid(pod), null, 0L, null))
          .whenComplete((o, e) -> {
            if (e != null && ControllerWrites.statusCode(e) != 404 && ControllerWrites.statusCode(e) != 409) {
              log.info("{}: deleting {} failed, retrying at the next check: {}", NAME, key, e.toString());
            }
          });
    }
    return this;
  }
}
