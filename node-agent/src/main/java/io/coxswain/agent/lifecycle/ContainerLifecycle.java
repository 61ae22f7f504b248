package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.lifecycle.ContainerRecord.Activity;
import io.coxswain.agent.lifecycle.ContainerRecord.Hold;
import io.coxswain.agent.lifecycle.ContainerRecord.Next;
import io.coxswain.agent.probe.Handler;
import io.coxswain.agent.probe.ProbeSpec;
import io.coxswain.agent.probe.ProbeTarget;
import io.coxswain.agent.probe.ProbeType;
import io.coxswain.agent.probe.ProbeWorker;
import io.coxswain.agent.probe.Prober;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The containers of one pod worker: starting an instance (config, start, postStart), watching it
 * exit, stopping it (preStop, TERM, KILL), restarting it after CrashLoopBackOff, and acting on its
 * probes. Which container to start or stop is the pod worker's decision; this carries it out and
 * keeps each container's {@link ContainerRecord}. Confined to the pod worker's thread.
 */
final class ContainerLifecycle {
  /** Kubelet waits for postStart without limit; a bound keeps a hung hook from pinning a thread forever. */
  static final Duration POST_START_TIMEOUT = Duration.ofMinutes(2);

  // Event: what comes back from the runtime and the probes, routed here by the pod worker

  sealed interface Event extends PodWorker.Command {}

  private record Launched(String container, int attempt, RuntimeCalls.Launch launch, Throwable error) implements Event {}

  private record PostStartDone(String container, String containerId, Optional<String> failure) implements Event {}

  private record Exited(String container, String containerId, ContainerStatus status) implements Event {}

  private record Stopped(String container, String containerId, ContainerStatus status, String hookFailure) implements Event {}

  private record BackOffOver(String container, int attempt) implements Event {}

  private record Probed(ProbeWorker.Report report) implements Event {}

  private final ActorContext<PodWorker.Command> context;
  private final TimerScheduler<PodWorker.Command> timers;
  private final PodWorkerContext ctx;
  private final RuntimeCalls calls;
  private final PodEvents events;
  private final ContainerProbes probes;
  private final BackOff backOff;
  private final Map<String, ContainerRecord> records = new LinkedHashMap<>();
  private ObjectNode pod;
  private PodSandbox sandbox;
  private String podIP;
  /** Set once the pod is ending: instances that still come up are stopped with this grace. */
  private Duration endingGrace;

  ContainerLifecycle(ActorContext<PodWorker.Command> context, TimerScheduler<PodWorker.Command> timers, PodWorkerContext ctx,
      RuntimeCalls calls, PodEvents events, Prober prober, ObjectNode pod) {
    this.context = context;
    this.timers = timers;
    this.ctx = ctx;
    this.calls = calls;
    this.events = events;
    this.backOff = BackOff.of(ctx.settings());
    this.probes = new ContainerProbes(context, context.messageAdapter(ProbeWorker.Report.class, Probed::new), prober,
        ctx.blocking(), ctx.clock());
    this.pod = pod;
    PodView view = view();
    for (ObjectNode c : view.initContainers()) records.put(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), true));
    for (ObjectNode c : view.containers()) records.put(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), false));
  }

  void podChanged(ObjectNode newer) {
    pod = newer;
  }

  void sandboxReady(PodSandbox ready, String ip) {
    sandbox = ready;
    podIP = ip;
  }

  Map<String, ContainerRecord> records() {
    return Collections.unmodifiableMap(records);
  }

  boolean anyBusy() {
    return records.values().stream().anyMatch(ContainerRecord::busy);
  }

  /** The pod is ending: nothing restarts, waits are dropped, instances coming up are stopped with {@code grace}. */
  void noMoreRestarts(Duration grace) {
    endingGrace = grace;
    for (String name : records.keySet()) timers.cancel(backOffKey(name));
    records.replaceAll((name, r) -> r.then(Next.NEVER));
  }

  void releaseSyncHolds() {
    records.replaceAll((name, r) -> r.released(Hold.UNTIL_SYNC));
  }

  /** What an earlier agent left running is taken over, not started twice; restart counts continue. */
  void adopt(List<ContainerStatus> seen) {
    Map<String, List<ContainerStatus>> byName = new LinkedHashMap<>();
    for (ContainerStatus s : seen) byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
    for (Map.Entry<String, List<ContainerStatus>> e : byName.entrySet()) {
      ContainerRecord r = records.get(e.getKey());
      if (r == null) continue;
      List<ContainerStatus> attempts = e.getValue();
      attempts.sort(Comparator.comparingInt(ContainerStatus::attempt).reversed());
      ContainerStatus newest = attempts.get(0);
      List<ContainerRecord.Terminated> exits = new ArrayList<>();
      for (ContainerStatus s : attempts) if (!s.running()) exits.add(terminated(s, instance(s, s.attempt(), null)));
      records.put(r.name(), r.adopted(instance(newest, newest.attempt(), null), newest.running(),
          exits.isEmpty() ? null : exits.get(0), exits.size() > 1 ? exits.get(1) : null));
      if (newest.running()) {
        context.getLog().info("Adopted running container {} (attempt {}) of pod {}", r.name(), newest.attempt(), view().describe());
        watchExit(r.name(), newest.id());
        becomeRunning(r.name());
      }
    }
  }

  /** An exit the runtime lists (awaitExit normally reports it first). */
  void runtimeReported(ContainerStatus s) {
    if (!s.running()) ended(s.name(), s.id(), s);
  }

  void handle(Event e) {
    if (e instanceof Launched m) onLaunched(m);
    else if (e instanceof PostStartDone m) onPostStartDone(m);
    else if (e instanceof Exited m) onExited(m);
    else if (e instanceof Stopped m) onStopped(m);
    else if (e instanceof BackOffOver m) onBackOffOver(m);
    else if (e instanceof Probed m) onProbed(m.report());
  }

  // Start

  void start(ObjectNode spec) {
    String name = PodView.nameOf(spec);
    ContainerRecord r = records.get(name);
    int attempt = r.nextAttempt();
    records.put(name, r.starting());
    events.pulled(pod, r, PodView.imageOf(spec));
    context.pipeToSelf(calls.launch(pod, spec, sandbox, attempt), (l, e) -> new Launched(name, attempt, l, e));
  }

  private void onLaunched(Launched m) {
    ContainerRecord r = records.get(m.container());
    if (m.error() != null) {
      Throwable cause = RuntimeCalls.unwrap(m.error());
      String reason = cause instanceof ContainerConfigException c ? c.reason() : "RunContainerError";
      records.put(r.name(), r.startFailed(new ContainerRecord.Waiting(reason, cause.getMessage())));
      events.failed(pod, r, cause.getMessage());
      context.getLog().info("Container {} of pod {} cannot start: {}: {}", r.name(), view().describe(), reason, cause.getMessage());
      return;
    }
    ContainerStatus s = m.launch().status();
    r = r.launched(instance(s, m.attempt(), m.launch().config().image()));
    records.put(r.name(), r);
    events.created(pod, r);
    events.started(pod, r);
    context.getLog().info("Started container {} (attempt {}) of pod {}", r.name(), m.attempt(), view().describe());
    watchExit(r.name(), s.id());
    JsonNode spec = view().container(r.name()).orElse(null);
    Handler postStart = hook(spec, "postStart");
    if (r.next() == Next.NEVER) {
      stop(r.name(), Next.NEVER, endingGrace != null ? endingGrace : view().specGrace(), null);
    } else if (postStart != null) {
      String name = r.name();
      context.pipeToSelf(calls.postStart(postStart, target(spec, s.id()), POST_START_TIMEOUT, name, view().describe()),
          (failed, e) -> new PostStartDone(name, s.id(), e != null ? Optional.of(String.valueOf(e.getMessage())) : failed));
    } else {
      becomeRunning(r.name());
    }
  }

  private void onPostStartDone(PostStartDone m) {
    ContainerRecord r = records.get(m.container());
    if (r.activity() != Activity.POST_START || !isCurrent(r, m.containerId())) return;
    if (m.failure().isPresent()) {
      events.hookFailed(pod, r, "FailedPostStartHook", m.failure().get());
      stop(r.name(), Next.PER_POLICY, view().specGrace(), killMessage(r, "failed postStart hook"));
    } else {
      becomeRunning(r.name());
    }
  }

  /** The instance runs: probes start, the startup probe (if any) first and alone. */
  private void becomeRunning(String name) {
    ContainerRecord r = records.get(name);
    JsonNode spec = view().container(name).orElse(null);
    if (r.init() || spec == null) {
      records.put(name, r.running(true, false));
      return;
    }
    ProbeTarget target = target(spec, r.instance().id());
    boolean gated = probes.startStartup(r, spec, target);
    if (!gated) probes.startLivenessAndReadiness(r, spec, target);
    records.put(name, r.running(!gated, !gated && !ContainerProbes.has(spec, ProbeType.READINESS)));
  }

  // Stop and exit

  /** Stops the container's instance (preStop, TERM, KILL after grace), or notes {@code then} if none runs. */
  void stop(String name, Next then, Duration grace, String message) {
    ContainerRecord r = records.get(name);
    if (!r.stoppable()) {
      // Idle, already stopping, or being created (stopped as soon as it runs).
      if (then == Next.NEVER) {
        records.put(name, r.then(Next.NEVER));
        timers.cancel(backOffKey(name));
      }
      return;
    }
    probes.stop(name);
    String id = r.instance().id();
    records.put(name, r.stopping(then));
    events.killing(pod, r, message);
    JsonNode spec = view().container(name).orElse(null);
    context.pipeToSelf(calls.stop(id, hook(spec, "preStop"), target(spec, id), grace, name, view().describe()),
        (s, e) -> e != null ? new Stopped(name, id, null, null) : new Stopped(name, id, s.status(), s.hookFailure()));
  }

  private void onStopped(Stopped m) {
    if (m.hookFailure() != null) events.hookFailed(pod, records.get(m.container()), "FailedPreStopHook", m.hookFailure());
    ended(m.container(), m.containerId(), m.status());
  }

  private void onExited(Exited m) {
    ContainerRecord r = records.get(m.container());
    // A stop in progress reports the exit itself, after its preStop hook's outcome: ending here
    // first could let the pod finish before the hook's failure is told.
    if (r != null && r.activity() == Activity.STOPPING && isCurrent(r, m.containerId())) return;
    ended(m.container(), m.containerId(), m.status());
  }

  private void watchExit(String name, String id) {
    context.pipeToSelf(calls.awaitExit(id), (s, e) -> new Exited(name, id, e != null ? null : s));
  }

  /** An instance ended (exit, stop, or lost when {@code status} is null); schedules its restart. */
  private void ended(String name, String id, ContainerStatus status) {
    ContainerRecord r = records.get(name);
    if (r == null || !r.live() || !isCurrent(r, id)) return;
    probes.stop(name);
    ContainerRecord.Terminated how = terminated(status, r.instance());
    r = r.exited(how);
    context.getLog().info("Container {} of pod {} exited with code {} ({})", name, view().describe(), how.exitCode(), how.reason());
    if (r.next() == Next.PER_POLICY && r.wantsStart(view().restartPolicy())) {
      Duration ran = how.startedAt() != null && how.finishedAt() != null ? Duration.between(how.startedAt(), how.finishedAt()) : null;
      int step = backOff.nextStep(r.backOffSteps(), ran);
      Duration delay = backOff.delay(step);
      r = r.backingOff(step, new ContainerRecord.Waiting("CrashLoopBackOff", "back-off " + GoDuration.format(delay)
          + " restarting failed container=" + name + " pod=" + view().describe()));
      timers.startSingleTimer(backOffKey(name), new BackOffOver(name, r.instance().attempt()), delay);
      events.backOff(pod, r);
    }
    records.put(name, r);
  }

  private void onBackOffOver(BackOffOver m) {
    ContainerRecord r = records.get(m.container());
    if (r.hold() == Hold.BACK_OFF && r.instance() != null && r.instance().attempt() == m.attempt()) {
      records.put(r.name(), r.released(Hold.BACK_OFF));
    }
  }

  // Probes

  private void onProbed(ProbeWorker.Report report) {
    ContainerRecord r = records.get(report.container());
    if (r == null || r.activity() != Activity.RUNNING || !isCurrent(r, report.containerId())) return;
    if (report instanceof ProbeWorker.CheckFailed f) {
      events.unhealthy(pod, r, f.type(), f.outcome());
      return;
    }
    boolean success = ((ProbeWorker.ResultChanged) report).success();
    JsonNode spec = view().container(r.name()).orElse(null);
    switch (report.type()) {
      case STARTUP -> {
        if (success) {
          probes.startLivenessAndReadiness(r, spec, target(spec, r.instance().id()));
          records.put(r.name(), r.probed(true, !ContainerProbes.has(spec, ProbeType.READINESS)));
        } else {
          killForProbe(r, spec, ProbeType.STARTUP);
        }
      }
      case LIVENESS -> {
        if (!success) killForProbe(r, spec, ProbeType.LIVENESS);
      }
      case READINESS -> records.put(r.name(), r.probed(r.started(), r.started() && success));
    }
  }

  /** A failed liveness or startup probe kills the container, with the probe's own grace if it has one. */
  private void killForProbe(ContainerRecord r, JsonNode spec, ProbeType type) {
    Duration grace = ProbeSpec.of(spec, type).map(ProbeSpec::terminationGracePeriod).orElse(null);
    stop(r.name(), Next.PER_POLICY, grace != null ? grace : view().specGrace(),
        killMessage(r, "failed " + type.title().toLowerCase() + " probe"));
  }

  private String killMessage(ContainerRecord r, String what) {
    return "Container " + r.name() + " " + what + ("Never".equals(view().restartPolicy()) ? "" : ", will be restarted");
  }

  // Helpers

  private PodView view() {
    return new PodView(pod);
  }

  private ProbeTarget target(JsonNode spec, String containerId) {
    return new ProbeTarget(ctx.runtime(), containerId, podIP, spec);
  }

  private ContainerRecord.Instance instance(ContainerStatus s, int attempt, String configImage) {
    String image = s.image() != null ? s.image() : configImage;
    Instant started = s.startedAt() != null ? s.startedAt() : ctx.clock().instant();
    return new ContainerRecord.Instance(s.id(), ctx.runtime().name() + "://" + s.id(), attempt, image, started);
  }

  private static boolean isCurrent(ContainerRecord r, String containerId) {
    return r.instance() != null && r.instance().id().equals(containerId);
  }

  private static Handler hook(JsonNode spec, String which) {
    return spec == null ? null : Handler.of(spec.path("lifecycle").path(which)).orElse(null);
  }

  private static String backOffKey(String container) {
    return "backoff/" + container;
  }

  /** How an instance ended; a null status means the runtime lost it, which kubelet reports as below. */
  private ContainerRecord.Terminated terminated(ContainerStatus s, ContainerRecord.Instance instance) {
    Instant now = ctx.clock().instant();
    if (s == null) {
      return new ContainerRecord.Terminated(137, "ContainerStatusUnknown",
          "The container could not be located when the pod was terminated", instance.startedAt(), now, instance.containerID());
    }
    String reason = s.reason() != null ? s.reason() : s.exitCode() == 0 ? "Completed" : "Error";
    return new ContainerRecord.Terminated(s.exitCode(), reason, s.message(),
        s.startedAt() != null ? s.startedAt() : instance.startedAt(), s.finishedAt() != null ? s.finishedAt() : now,
        instance.containerID());
  }
}
