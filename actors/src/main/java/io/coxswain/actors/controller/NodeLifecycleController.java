package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.scheduling.Taint;
import io.coxswain.core.scheduling.Toleration;
import io.coxswain.core.write.DeleteOptions;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.Subresource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's node lifecycle controller, with Pekko cluster membership as the
 * heartbeat: a Node whose agent's member (its {@link NodeAgentProtocol#MEMBER_ANNOTATION}) has been
 * unreachable or gone for the grace period turns Ready=Unknown and gets the
 * {@code node.kubernetes.io/unreachable} NoSchedule and NoExecute taints; its pods are then evicted
 * once their toleration of that taint runs out (at once without one), so their controllers replace
 * them elsewhere. When the member is back the taints go and the node is Ready again. Nodes without
 * the annotation (created through the API, not by an agent) are left alone.
 */
public final class NodeLifecycleController extends AbstractBehavior<NodeLifecycleController.Command> {
  public static final String NAME = "node-lifecycle-controller";
  public static final String USER = "system:serviceaccount:kube-system:node-controller";
  private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final String POD_NODE_INDEX = "spec.nodeName";

  public record Settings(Duration monitorPeriod, Duration gracePeriod) {
    public static Settings from(Config c) {
      return new Settings(c.getDuration("monitor-period"), c.getDuration("grace-period"));
    }
  }

  public sealed interface Command {}

  private enum Monitor implements Command { INSTANCE }

  private final Settings settings;
  private final Informer nodes;
  private final Informer pods;
  private final ControllerWrites writes;
  private final ControllerEvents events;
  private final Clock clock;
  private final Cluster cluster;
  /** When each node's member was first seen missing, by node name. */
  private final Map<String, Instant> missingSince = new HashMap<>();
  /** Pods already asked to go, by uid, so one eviction is sent once. */
  private final Set<String> evicted = new HashSet<>();
  /** Writes to a node not yet observed, so a slow informer does not cause the same write twice. */
  private final Map<String, String> pendingNodeWrites = new HashMap<>();

  public static Behavior<Command> create(Informers informers, ControllerWrites writes, Clock clock, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Monitor.INSTANCE, settings.monitorPeriod());
      return new NodeLifecycleController(ctx, informers, writes, clock, settings);
    }));
  }

  /** The pods informer with pods indexed by the node they are bound to (POD_NODE_INDEX). */
  static Informer podsByNode(Informers informers) {
    return informers.get(PodStrategy.TYPE, POD_NODE_INDEX, p -> List.of(p.path("spec").path("nodeName").asText("")));
  }

  private NodeLifecycleController(
      ActorContext<Command> ctx, Informers informers, ControllerWrites writes, Clock clock, Settings settings) {
    super(ctx);
    this.settings = settings;
    this.nodes = informers.get(NodeStrategy.TYPE);
    this.pods = podsByNode(informers);
    this.writes = writes;
    this.events = new ControllerEvents(writes, "node-controller", clock);
    this.clock = clock;
    this.cluster = Cluster.get(ctx.getSystem());
    ctx.getLog().info("{} started: watching {} nodes (grace period {})", NAME, nodes.size(), settings.gracePeriod());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Monitor.class, m -> monitor()).build();
  }

  private Behavior<Command> monitor() {
    Set<String> reachable = reachableMembers();
    Instant now = clock.instant();
    for (ObjectNode node : nodes.list()) {
      String member = Metadata.annotations(node).get(NodeAgentProtocol.MEMBER_ANNOTATION);
      if (member == null) continue;
      String name = Metadata.name(node);
      if (reachable.contains(member)) {
        missingSince.remove(name);
        if (hasUnreachableTaint(node) || readyUnknown(node)) markReachable(node);
        continue;
      }
      Instant since = missingSince.computeIfAbsent(name, n -> now);
      if (Duration.between(since, now).compareTo(settings.gracePeriod()) < 0) continue;
      if (!hasUnreachableTaint(node) || !readyUnknown(node)) {
        markUnreachable(node, now);
      } else {
        evictPods(node, now);
      }
    }
    missingSince.keySet().retainAll(nodes.keys());
    return this;
  }

  /** Addresses of members that are up (or joining/leaving) and that this member can reach. */
  private Set<String> reachableMembers() {
    ClusterEvent.CurrentClusterState state = cluster.state();
    Set<Member> unreachable = state.getUnreachable();
    Set<String> out = new HashSet<>();
    for (Member m : state.getMembers()) {
      MemberStatus s = m.status();
      boolean live = s == MemberStatus.up() || s == MemberStatus.weaklyUp() || s == MemberStatus.joining()
          || s == MemberStatus.leaving();
      if (live && !unreachable.contains(m)) out.add(m.address().toString());
    }
    return out;
  }

  private static boolean hasUnreachableTaint(JsonNode node) {
    for (JsonNode t : node.path("spec").path("taints")) {
      if (UNREACHABLE.equals(t.path("key").asText()) && Taint.NO_EXECUTE.equals(t.path("effect").asText())) return true;
    }
    return false;
  }

  private static boolean readyUnknown(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) return "Unknown".equals(c.path("status").asText());
    }
    return false;
  }

  private void markUnreachable(ObjectNode node, Instant now) {
    String name = Metadata.name(node);
    if (Metadata.resourceVersion(node).equals(pendingNodeWrites.get(name))) return;
    pendingNodeWrites.put(name, Metadata.resourceVersion(node));
    getContext().getLog().info("{}: node {} is unreachable (its agent's member has been gone for {}); tainting it {}",
        NAME, name, settings.gracePeriod(), UNREACHABLE);
    String ts = ObjectWrites.timestamp(now);
    ObjectNode status = Json.MAPPER.createObjectNode();
    ArrayNode conditions = status.putObject("status").putArray("conditions");
    for (JsonNode c : node.path("status").path("conditions")) {
      ObjectNode copy = c.deepCopy();
      if (!"Unknown".equals(c.path("status").asText())) {
        copy.put("status", "Unknown").put("reason", "NodeStatusUnknown").put("message", "Kubelet stopped posting node status.")
            .put("lastTransitionTime", ts);
      }
      conditions.add(copy);
    }
    ObjectNode taints = taintPatch(node, true, ts);
    writes.patch(NodeStrategy.TYPE, null, name, status, Subresource.STATUS)
        .thenCompose(o -> writes.patch(NodeStrategy.TYPE, null, name, taints, Subresource.MAIN))
        .whenComplete((o, e) -> {
          if (e != null) log.info("{}: marking node {} unreachable failed, retrying: {}", NAME, name, e.toString());
        });
    events.record(node, "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
  }

  private void markReachable(ObjectNode node) {
    String name = Metadata.name(node);
    if (Metadata.resourceVersion(node).equals(pendingNodeWrites.get(name))) return;
    pendingNodeWrites.put(name, Metadata.resourceVersion(node));
    getContext().getLog().info("{}: node {} is reachable again; removing the {} taints", NAME, name, UNREACHABLE);
    String ts = ObjectWrites.timestamp(clock.instant());
    ObjectNode status = Json.MAPPER.createObjectNode();
    ArrayNode conditions = status.putObject("status").putArray("conditions");
    for (JsonNode c : node.path("status").path("conditions")) {
      ObjectNode copy = c.deepCopy();
      if ("Unknown".equals(c.path("status").asText()) && "NodeStatusUnknown".equals(c.path("reason").asText())) {
        boolean ready = "Ready".equals(c.path("type").asText());
        copy.put("status", ready ? "True" : "False").put("lastTransitionTime", ts).put("lastHeartbeatTime", ts)
            .put("reason", ready ? "KubeletReady" : "Kubelet" + c.path("type").asText("") + "Normal")
            .put("message", ready ? "kubelet is posting ready status" : "kubelet reports no " + c.path("type").asText(""));
      }
      conditions.add(copy);
    }
    ObjectNode taints = taintPatch(node, false, ts);
    writes.patch(NodeStrategy.TYPE, null, name, taints, Subresource.MAIN)
        .thenCompose(o -> writes.patch(NodeStrategy.TYPE, null, name, status, Subresource.STATUS))
        .whenComplete((o, e) -> {
          if (e != null) log.info("{}: marking node {} ready failed, retrying: {}", NAME, name, e.toString());
        });
    events.record(node, "Normal", "NodeReady", "Node " + name + " status is now: NodeReady");
  }

  /** spec.taints without ours, plus ours (NoSchedule and NoExecute) when {@code add}. */
  private static ObjectNode taintPatch(JsonNode node, boolean add, String ts) {
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ArrayNode taints = patch.putObject("spec").putArray("taints");
    for (JsonNode t : node.path("spec").path("taints")) {
      if (!UNREACHABLE.equals(t.path("key").asText())) taints.add(t);
    }
    if (add) {
      taints.addObject().put("key", UNREACHABLE).put("effect", Taint.NO_SCHEDULE).put("timeAdded", ts);
      taints.addObject().put("key", UNREACHABLE).put("effect", Taint.NO_EXECUTE).put("timeAdded", ts);
    }
    return patch;
  }

  /** The taint manager: pods that do not tolerate the NoExecute taint for longer than it has been there go. */
  private void evictPods(ObjectNode node, Instant now) {
    Instant tainted = now;
    for (JsonNode t : node.path("spec").path("taints")) {
      if (UNREACHABLE.equals(t.path("key").asText()) && Taint.NO_EXECUTE.equals(t.path("effect").asText())) {
        try {
          tainted = Instant.parse(t.path("timeAdded").asText());
        } catch (DateTimeParseException e) {
          tainted = now;
        }
      }
    }
    Taint taint = new Taint(UNREACHABLE, "", Taint.NO_EXECUTE);
    for (ObjectNode pod : pods.byIndex(POD_NODE_INDEX, Metadata.name(node))) {
      String uid = Metadata.uid(pod);
      if (Metadata.deletionTimestamp(pod) != null || evicted.contains(uid)) continue;
      Long seconds = tolerationSeconds(pod, taint);
      if (seconds != null && (seconds == Long.MAX_VALUE || tainted.plusSeconds(seconds).isAfter(now))) continue;
      evicted.add(uid);
      String key = Metadata.namespace(pod) + "/" + Metadata.name(pod);
      getContext().getLog().info("{}: evicting pod {} from unreachable node {}", NAME, key, Metadata.name(node));
      events.record(pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod " + key);
      writes.delete(PodStrategy.TYPE, Metadata.namespace(pod), Metadata.name(pod), new DeleteOptions(uid, null, null, null))
          .whenComplete((o, e) -> {
            if (e != null && ControllerWrites.statusCode(e) != 404) {
              log.info("{}: evicting {} failed: {}", NAME, key, e.toString());
            }
          });
    }
    evicted.retainAll(currentPodUids());
  }

  private Set<String> currentPodUids() {
    Set<String> uids = new HashSet<>();
    for (ObjectNode p : pods.list()) uids.add(Metadata.uid(p));
    return uids;
  }

  /**
   * How long the pod tolerates the taint: null when it does not (evict now), Long.MAX_VALUE when it
   * does forever, else the shortest tolerationSeconds of the tolerations that match.
   */
  static Long tolerationSeconds(JsonNode pod, Taint taint) {
    Long best = null;
    for (JsonNode t : pod.path("spec").path("tolerations")) {
      Toleration tol = Toleration.of(t);
      if (!tol.tolerates(taint)) continue;
      long s = tol.tolerationSeconds() == null ? Long.MAX_VALUE : Math.max(0, tol.tolerationSeconds());
      best = best == null ? s : Math.min(best, s);
    }
    return best;
  }
}
