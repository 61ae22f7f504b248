package io.coxswain.actors.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.coxswain.actors.controller.ControllerEvents;
import io.coxswain.actors.controller.ControllerWrites;
import io.coxswain.actors.controller.Informer;
import io.coxswain.actors.controller.Informers;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.PodConditions;
import io.coxswain.core.kinds.NodeStrategy;
import io.coxswain.core.kinds.PodStrategy;
import io.coxswain.core.scheduling.PodInfo;
import io.coxswain.core.scheduling.SchedulerCache;
import io.coxswain.core.scheduling.SchedulingAlgorithm;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.Subresource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-scheduler as a cluster singleton. Informer listeners hand pod and node changes to this
 * actor, which keeps a {@link SchedulerCache} of every node with its bound and assumed pods, takes
 * pending pods in batches, places each with the {@link SchedulingAlgorithm}, assumes it onto the
 * chosen node at once (so the next pod sees it there) and binds it through the pod's entity without
 * waiting. A pod that fits nowhere gets PodScheduled=False and a FailedScheduling event and waits
 * until the cluster changes (a node joins or changes, a pod goes away) or a periodic flush.
 */
public final class Scheduler extends AbstractBehavior<Scheduler.Command> {
  public static final String NAME = "kube-scheduler";
  public static final String USER = "system:kube-scheduler";
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** How the scheduler paces itself (coxswain.scheduler in the configuration). */
  public record Settings(
      int batchSize, int maxInFlightBindings, Duration initialBackoff, Duration maxBackoff,
      Duration clusterChangeDelay, Duration unschedulableFlush, Duration resync, int percentageOfNodesToScore,
      boolean scheduledEvents) {
    public static Settings from(Config c) {
      return new Settings(c.getInt("batch-size"), c.getInt("max-in-flight-bindings"), c.getDuration("initial-backoff"),
          c.getDuration("max-backoff"), c.getDuration("cluster-change-delay"), c.getDuration("unschedulable-flush"),
          c.getDuration("resync"), c.getInt("percentage-of-nodes-to-score"), c.getBoolean("scheduled-events"));
    }
  }

  // Command

  public sealed interface Command {}

  private record PodChanged(Informer.Event event) implements Command {}

  private record NodeChanged(Informer.Event event) implements Command {}

  private record BindDone(PodInfo pod, String node, Throwable failure) implements Command {}

  private record BackoffOver(String uid) implements Command {}

  private enum Tick implements Command { INSTANCE }

  /** Unschedulable pods are worth another try: something in the cluster changed, or time passed. */
  private enum MoveUnschedulable implements Command { INSTANCE }

  private enum Resync implements Command { INSTANCE }

  /** Every 10 s while there is work: what the scheduler did since the last report. */
  private enum Report implements Command { INSTANCE }

  // State

  private final Settings settings;
  private final Clock clock;
  private final Informer pods;
  private final Informer nodes;
  private final ControllerWrites writes;
  private final ControllerEvents events;
  private final TimerScheduler<Command> timers;
  private final SchedulerCache cache = new SchedulerCache();
  private final SchedulingAlgorithm algorithm;
  /** Pending pods in arrival order, by uid. */
  private final LinkedHashMap<String, PodInfo> active = new LinkedHashMap<>();
  /** Pods that fit nowhere at their last attempt, waiting for the cluster to change. */
  private final Map<String, PodInfo> unschedulable = new HashMap<>();
  private final Map<String, PodInfo> backingOff = new HashMap<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  /** Pods whose binding was sent and whose bound version has not been observed yet: uid → node. */
  private final Map<String, String> inFlight = new HashMap<>();
  private final Consumer<Informer.Event> podListener;
  private final Consumer<Informer.Event> nodeListener;
  private boolean tickPending;
  private long bound;
  private long attemptsTotal;
  private long attemptNanos;
  private long attemptCpuNanos;
  private long reportedAttempts;

  public static Behavior<Command> create(Informers informers, ControllerWrites writes, Clock clock, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Scheduler(ctx, informers, writes, clock, settings, timers)));
  }

  private Scheduler(ActorContext<Command> ctx, Informers informers, ControllerWrites writes, Clock clock, Settings settings,
      TimerScheduler<Command> timers) {
    super(ctx);
    this.settings = settings;
    this.clock = clock;
    this.writes = writes;
    this.events = new ControllerEvents(writes, PodInfo.DEFAULT_SCHEDULER, clock);
    this.timers = timers;
    this.algorithm = SchedulingAlgorithm.withDefaultPlugins(settings.percentageOfNodesToScore(), new Random());
    this.pods = informers.get(PodStrategy.TYPE);
    this.nodes = informers.get(NodeStrategy.TYPE);
    var self = ctx.getSelf();
    podListener = e -> self.tell(new PodChanged(e));
    nodeListener = e -> self.tell(new NodeChanged(e));
    // Listen first, then read what is there: a change in between arrives twice, and both paths are idempotent.
    nodes.addListener(nodeListener);
    pods.addListener(podListener);
    for (ObjectNode node : nodes.list()) cache.setNode(node);
    for (ObjectNode pod : pods.list()) onPod(pod);
    timers.startTimerWithFixedDelay(MoveUnschedulable.INSTANCE, settings.unschedulableFlush());
    timers.startTimerWithFixedDelay(Resync.INSTANCE, settings.resync());
    timers.startTimerWithFixedDelay(Report.INSTANCE, Duration.ofSeconds(10));
    ctx.getLog().info("{} started: {} nodes, {} pods pending", NAME, cache.nodeCount(), active.size());
    scheduleTick();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PodChanged.class, this::onPodChanged)
        .onMessage(NodeChanged.class, this::onNodeChanged)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(BindDone.class, this::onBindDone)
        .onMessage(BackoffOver.class, this::onBackoffOver)
        .onMessage(MoveUnschedulable.class, m -> onMoveUnschedulable())
        .onMessage(Resync.class, r -> onResync())
        .onMessage(Report.class, r -> onReport())
        .onSignal(PostStop.class, s -> {
          pods.removeListener(podListener);
          nodes.removeListener(nodeListener);
          return this;
        })
        .build();
  }

  // Observed changes

  private Behavior<Command> onPodChanged(PodChanged msg) {
    Informer.Event e = msg.event();
    if (e.current() == null) {
      String uid = Metadata.uid(e.previous());
      boolean freed = cache.isPlaced(uid);
      cache.removePod(uid);
      forgetQueued(uid);
      inFlight.remove(uid);
      if (freed) clusterChanged();
    } else {
      onPod(e.current());
    }
    scheduleTick();
    return this;
  }

  private void onPod(ObjectNode obj) {
    PodInfo pod = PodInfo.of(obj);
    String uid = pod.uid();
    boolean finished = isFinished(obj);
    if (pod.bound()) {
      inFlight.remove(uid);
      forgetQueued(uid);
      if (finished) {
        if (cache.isPlaced(uid)) {
          cache.removePod(uid);
          clusterChanged();
        }
      } else {
        cache.addBoundPod(pod);
      }
      return;
    }
    if (finished || pod.terminating() || !PodInfo.DEFAULT_SCHEDULER.equals(pod.schedulerName())) {
      forgetQueued(uid);
      return;
    }
    if (inFlight.containsKey(uid)) return;
    if (unschedulable.containsKey(uid)) {
      unschedulable.put(uid, pod);
    } else if (backingOff.containsKey(uid)) {
      backingOff.put(uid, pod);
    } else {
      active.put(uid, pod);
    }
  }

  private static boolean isFinished(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  private void forgetQueued(String uid) {
    active.remove(uid);
    unschedulable.remove(uid);
    backingOff.remove(uid);
    attempts.remove(uid);
  }

  private Behavior<Command> onNodeChanged(NodeChanged msg) {
    Informer.Event e = msg.event();
    if (e.current() == null) {
      cache.removeNode(Metadata.name(e.previous()));
      return this;
    }
    cache.setNode(e.current());
    // Heartbeats change only conditions and times; a new node, or new capacity, labels, taints or
    // cordon, may let waiting pods in.
    if (e.previous() == null || schedulingFieldsChanged(e.previous(), e.current())) clusterChanged();
    return this;
  }

  private static boolean schedulingFieldsChanged(JsonNode before, JsonNode after) {
    return !before.path("metadata").path("labels").equals(after.path("metadata").path("labels"))
        || !before.path("spec").equals(after.path("spec"))
        || !before.path("status").path("allocatable").equals(after.path("status").path("allocatable"));
  }

  private void clusterChanged() {
    if (!unschedulable.isEmpty() && !timers.isTimerActive(ClusterChangeKey.INSTANCE)) {
      timers.startSingleTimer(ClusterChangeKey.INSTANCE, MoveUnschedulable.INSTANCE, settings.clusterChangeDelay());
    }
  }

  /** The timer key of the move that follows a burst of cluster changes. */
  private enum ClusterChangeKey { INSTANCE }

  private Behavior<Command> onMoveUnschedulable() {
    if (unschedulable.isEmpty()) return this;
    active.putAll(unschedulable);
    unschedulable.clear();
    scheduleTick();
    return this;
  }

  private Behavior<Command> onResync() {
    for (ObjectNode obj : pods.list()) {
      if (obj.path("spec").path("nodeName").asText("").isEmpty()) onPod(obj);
    }
    scheduleTick();
    return this;
  }

  // Scheduling

  private void scheduleTick() {
    if (!tickPending && !active.isEmpty() && inFlight.size() < settings.maxInFlightBindings()) {
      tickPending = true;
      getContext().getSelf().tell(Tick.INSTANCE);
    }
  }

  /** One batch: a bounded number of pods, so that observed changes interleave with scheduling. */
  private Behavior<Command> onTick() {
    tickPending = false;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    int n = 0;
    for (Iterator<PodInfo> it = active.values().iterator();
        it.hasNext() && n < settings.batchSize() && inFlight.size() < settings.maxInFlightBindings(); n++) {
      PodInfo pod = it.next();
      it.remove();
      long t0 = System.nanoTime();
      SchedulingAlgorithm.Decision d = algorithm.schedule(pod, cache);
      attemptNanos += System.nanoTime() - t0;
      attemptsTotal++;
      if (d.scheduled()) {
        cache.assume(pod, d.nodeName());
        inFlight.put(pod.uid(), d.nodeName());
        getContext().pipeToSelf(writes.bind(pod.namespace(), pod.name(), pod.uid(), d.nodeName()),
            (o, err) -> new BindDone(pod, d.nodeName(), err));
      } else {
        unschedulable(pod, d);
      }
    }
    attemptCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
    scheduleTick();
    return this;
  }

  private Behavior<Command> onReport() {
    long attempts = attemptsTotal - reportedAttempts;
    if (attempts > 0) {
      getContext().getLog().info("{}: {} scheduling attempts in the last 10 s ({} µs each on average, {} µs of CPU with "
              + "the bindings sent); {} pods bound in all, {} pending, {} unschedulable, {} bindings in flight, {} nodes",
          NAME, attempts, attemptNanos / attempts / 1000, attemptCpuNanos / attempts / 1000, bound, active.size() + backingOff.size(), unschedulable.size(),
          inFlight.size(), cache.nodeCount());
    }
    reportedAttempts = attemptsTotal;
    attemptNanos = 0;
    attemptCpuNanos = 0;
    return this;
  }

  private Behavior<Command> onBindDone(BindDone msg) {
    PodInfo pod = msg.pod();
    if (msg.failure() == null) {
      bound++;
      attempts.remove(pod.uid());
      if (settings.scheduledEvents()) {
        ObjectNode current = pods.get(pod.key());
        if (current != null) {
          events.record(current, "Normal", "Scheduled",
              "Successfully assigned " + pod.key() + " to " + msg.node());
        }
      }
      if (bound % 1000 == 0) getContext().getLog().debug("{}: {} pods bound", NAME, bound);
    } else {
      inFlight.remove(pod.uid());
      if (cache.isAssumed(pod.uid())) cache.forget(pod.uid());
      int code = ControllerWrites.statusCode(msg.failure());
      // 409: bound by someone else meanwhile, or being deleted; 404: gone. The informer tells the rest.
      if (code != 409 && code != 404) {
        getContext().getLog().info("{}: binding {} to {} failed, retrying: {}", NAME, pod.key(), msg.node(),
            msg.failure().getMessage());
        backOff(pod);
      }
    }
    scheduleTick();
    return this;
  }

  private void backOff(PodInfo pod) {
    int attempt = attempts.merge(pod.uid(), 1, Integer::sum);
    long millis = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
    backingOff.put(pod.uid(), pod);
    timers.startSingleTimer("backoff-" + pod.uid(), new BackoffOver(pod.uid()), Duration.ofMillis(millis));
  }

  private Behavior<Command> onBackoffOver(BackoffOver msg) {
    PodInfo pod = backingOff.remove(msg.uid());
    if (pod != null) active.put(msg.uid(), pod);
    scheduleTick();
    return this;
  }

  private void unschedulable(PodInfo pod, SchedulingAlgorithm.Decision d) {
    unschedulable.put(pod.uid(), pod);
    attempts.merge(pod.uid(), 1, Integer::sum);
    ObjectNode current = pods.get(pod.key());
    if (current == null) return;
    String message = d.message();
    JsonNode scheduled = PodConditions.condition(current, "PodScheduled");
    if (scheduled != null && "False".equals(scheduled.path("status").asText()) && message.equals(scheduled.path("message").asText())) {
      return; // told already
    }
    getContext().getLog().info("{}: pod {} is unschedulable: {}", NAME, pod.key(), message);
    ObjectNode patch = Json.MAPPER.createObjectNode();
    ArrayNode conditions = patch.putObject("status").putArray("conditions");
    for (JsonNode c : current.path("status").path("conditions")) {
      if (!"PodScheduled".equals(c.path("type").asText())) conditions.add(c);
    }
    conditions.addObject().put("type", "PodScheduled").put("status", "False").putNull("lastProbeTime")
        .put("lastTransitionTime", scheduled != null && "False".equals(scheduled.path("status").asText())
            ? scheduled.path("lastTransitionTime").asText() : ObjectWrites.timestamp(clock.instant()))
        .put("reason", "Unschedulable").put("message", message);
    writes.patch(PodStrategy.TYPE, pod.namespace(), pod.name(), patch, Subresource.STATUS)
        .whenComplete((o, e) -> {
          if (e != null) log.debug("PodScheduled of {} not written: {}", pod.key(), e.toString());
        });
    events.record(current, "Warning", "FailedScheduling", message);
  }
}
