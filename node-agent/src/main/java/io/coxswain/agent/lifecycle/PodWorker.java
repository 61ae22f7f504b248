package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.lifecycle.ContainerRecord.Activity;
import io.coxswain.agent.lifecycle.ContainerRecord.Hold;
import io.coxswain.agent.lifecycle.ContainerRecord.Next;
import io.coxswain.agent.lifecycle.PodStatusBuilder.Failure;
import io.coxswain.agent.probe.Handler;
import io.coxswain.agent.probe.ProbeSpec;
import io.coxswain.agent.probe.ProbeTarget;
import io.coxswain.agent.probe.ProbeType;
import io.coxswain.agent.probe.ProbeWorker;
import io.coxswain.agent.probe.Prober;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One pod on this node, driven through the container runtime along Kubernetes' pod lifecycle:
 * sandbox, volumes, init containers one by one, app containers, restarts with CrashLoopBackOff,
 * probes and hooks, activeDeadlineSeconds, graceful deletion — reporting status as it goes.
 *
 * <p>Level-triggered like kubelet's syncPod: every message updates what the worker knows, then one
 * reconcile step compares that with the spec and starts what is missing; a Sync (also on a timer)
 * re-reads the runtime and retries what failed. Runtime calls run on the blocking executor and
 * come back as messages. The worker stops itself once a deleted pod is stopped, removed from the
 * store and cleaned up, or once a vanished pod is stopped and cleaned up.
 */
public final class PodWorker extends AbstractBehavior<PodWorker.Command> {
  /** Kubelet waits for postStart without limit; a bound keeps a hung hook from pinning a thread forever. */
  static final Duration POST_START_TIMEOUT = Duration.ofMinutes(2);
  /** A pod that vanished from the store is not waited for long: nobody is waiting for its shutdown. */
  static final Duration REMOVED_GRACE = Duration.ofSeconds(2);
  private static final String RESYNC = "resync";
  private static final String DEADLINE = "deadline";

  // Command

  public sealed interface Command {}

  /** A newer version of the pod, including the one that carries its deletionTimestamp. */
  public record Update(ObjectNode pod) implements Command {}

  /** The pod left the store, or this node, without a graceful deletion. */
  public record Removed() implements Command {}

  /** Re-check against the runtime and retry what failed; the worker also syncs on its own timer. */
  public record Sync() implements Command {}

  private record Observed(RuntimeCalls.Observation observation, Throwable error) implements Command {}

  private record SandboxStarted(PodSandbox sandbox, Throwable error) implements Command {}

  private record VolumesPrepared(Throwable error) implements Command {}

  private record Launched(String container, int attempt, RuntimeCalls.Launch launch, Throwable error) implements Command {}

  private record PostStartDone(String container, String containerId, Optional<String> failure) implements Command {}

  private record Exited(String container, String containerId, ContainerStatus status) implements Command {}

  private record Stopped(String container, String containerId, ContainerStatus status, String hookFailure) implements Command {}

  private record BackOffOver(String container, int attempt) implements Command {}

  private record Probed(ProbeWorker.Report report) implements Command {}

  private record StatusWritten(ObjectNode status, Throwable error) implements Command {}

  private record SandboxStopped(Throwable error) implements Command {}

  private record TerminationStepDone(Termination.Step step, Throwable error) implements Command {}

  private enum DeadlineReached implements Command { INSTANCE }

  public static Behavior<Command> create(PodWorkerContext ctx, ObjectNode pod) {
    return create(ctx, pod, Prober.shared());
  }

  static Behavior<Command> create(PodWorkerContext ctx, ObjectNode pod, Prober prober) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PodWorker(context, timers, ctx, pod, prober)));
  }

  // State

  private final PodWorkerContext ctx;
  private final TimerScheduler<Command> timers;
  private final RuntimeCalls calls;
  private final PodEvents events;
  private final ContainerProbes probes;
  private final BackOff backOff;
  private final Map<String, ContainerRecord> records = new LinkedHashMap<>();
  private final Instant startTime;
  private ObjectNode pod;
  private boolean observed;
  private boolean observing;
  private PodSandbox sandbox;
  private boolean sandboxStarting;
  private boolean sandboxStopping;
  private boolean sandboxStopped;
  /** Sandbox or volume set-up failed; both wait for the next sync. */
  private boolean setupRetryOnSync;
  private boolean volumesReady;
  private boolean volumesPreparing;
  private boolean terminal;
  private Failure failure;
  private Termination termination;
  private ObjectNode lastBuilt;
  private ObjectNode lastWritten;
  private boolean writing;
  private boolean writeRetryOnSync;

  private PodWorker(ActorContext<Command> context, TimerScheduler<Command> timers, PodWorkerContext ctx, ObjectNode pod, Prober prober) {
    super(context);
    this.ctx = ctx;
    this.timers = timers;
    this.pod = pod;
    this.calls = new RuntimeCalls(ctx, new HookRunner(prober.http()));
    this.events = new PodEvents(ctx.events());
    this.backOff = BackOff.of(ctx.settings());
    ActorRef<ProbeWorker.Report> reports = context.messageAdapter(ProbeWorker.Report.class, Probed::new);
    this.probes = new ContainerProbes(context, reports, prober, ctx.blocking(), ctx.clock());
    PodView view = view();
    for (ObjectNode c : view.initContainers()) records.put(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), true));
    for (ObjectNode c : view.containers()) records.put(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), false));
    JsonNode stored = pod.path("status");
    // startTime is when a kubelet first accepted the pod; an agent restart keeps the first one.
    this.startTime = stored.path("startTime").isTextual() ? Instant.parse(stored.path("startTime").asText()) : now();
    // Kubernetes never runs a pod again once it reached Succeeded or Failed.
    this.terminal = PodPhase.terminal(stored.path("phase").asText(""));
    timers.startTimerWithFixedDelay(RESYNC, new Sync(), ctx.settings().resync());
    if (view.deleting()) beginTermination(view.deletionGrace(), true);
    scheduleDeadline();
    observe();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Removed.class, m -> onRemoved())
        .onMessage(Sync.class, m -> onSync())
        .onMessage(Observed.class, this::onObserved)
        .onMessage(SandboxStarted.class, this::onSandboxStarted)
        .onMessage(VolumesPrepared.class, this::onVolumesPrepared)
        .onMessage(Launched.class, this::onLaunched)
        .onMessage(PostStartDone.class, this::onPostStartDone)
        .onMessage(Exited.class, m -> {
          containerEnded(m.container(), m.containerId(), m.status());
          return settle();
        })
        .onMessage(Stopped.class, this::onStopped)
        .onMessage(BackOffOver.class, this::onBackOffOver)
        .onMessage(Probed.class, m -> onProbed(m.report()))
        .onMessage(StatusWritten.class, this::onStatusWritten)
        .onMessage(SandboxStopped.class, this::onSandboxStopped)
        .onMessage(TerminationStepDone.class, this::onTerminationStepDone)
        .onMessageEquals(DeadlineReached.INSTANCE, this::settle)
        .build();
  }

  // Commands from the agent

  private Behavior<Command> onUpdate(Update m) {
    String uid = m.pod().path("metadata").path("uid").asText("");
    if (!uid.equals(view().uid())) {
      getContext().getLog().warn("Ignoring an update for pod uid {} sent to the worker of {}", uid, view().describe());
      return this;
    }
    pod = m.pod();
    if (termination == null && view().deleting()) beginTermination(view().deletionGrace(), true);
    scheduleDeadline();
    return settle();
  }

  private Behavior<Command> onRemoved() {
    if (termination == null) {
      Duration grace = view().deletionGrace();
      beginTermination(grace.compareTo(REMOVED_GRACE) < 0 ? grace : REMOVED_GRACE, false);
    } else {
      termination.deleteFromStore = false;
    }
    return settle();
  }

  private Behavior<Command> onSync() {
    records.replaceAll((name, r) -> r.released(Hold.UNTIL_SYNC));
    setupRetryOnSync = false;
    writeRetryOnSync = false;
    if (termination != null) termination.retryOnSync = false;
    if (!observed || (!terminal && termination == null)) observe();
    return settle();
  }

  /** After every message: act on what changed, report it, and stop once everything is cleaned up. */
  private Behavior<Command> settle() {
    reconcile();
    publish();
    return this;
  }

  // Runtime state

  private void observe() {
    if (observing) return;
    observing = true;
    getContext().pipeToSelf(calls.observe(view().uid()), Observed::new);
  }

  private Behavior<Command> onObserved(Observed m) {
    observing = false;
    if (m.error() != null) {
      getContext().getLog().warn("Listing the containers of pod {} failed: {}", view().describe(), m.error().getMessage());
    } else if (!observed) {
      adopt(m.observation());
      observed = true;
    } else {
      // awaitExit reports exits; this catches any the runtime could not report.
      for (ContainerStatus s : m.observation().containers()) if (!s.running()) containerEnded(s.name(), s.id(), s);
    }
    return settle();
  }

  /** What an earlier agent left running is taken over, not started twice; restart counts continue. */
  private void adopt(RuntimeCalls.Observation seen) {
    seen.sandbox().ifPresent(s -> sandbox = s);
    Map<String, List<ContainerStatus>> byName = new LinkedHashMap<>();
    for (ContainerStatus s : seen.containers()) byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
    for (Map.Entry<String, List<ContainerStatus>> e : byName.entrySet()) {
      ContainerRecord r = records.get(e.getKey());
      if (r == null) continue;
      List<ContainerStatus> attempts = e.getValue();
      attempts.sort(Comparator.comparingInt(ContainerStatus::attempt).reversed());
      ContainerStatus newest = attempts.get(0);
      ContainerRecord.Instance instance = new ContainerRecord.Instance(newest.id(), containerID(newest.id()),
          newest.attempt(), newest.image(), newest.startedAt() != null ? newest.startedAt() : now());
      List<ContainerRecord.Terminated> exits = new ArrayList<>();
      for (ContainerStatus s : attempts) {
        if (!s.running()) exits.add(terminated(s, new ContainerRecord.Instance(s.id(), containerID(s.id()), s.attempt(), s.image(), s.startedAt())));
      }
      records.put(r.name(), r.adopted(instance, newest.running(), exits.isEmpty() ? null : exits.get(0),
          exits.size() > 1 ? exits.get(1) : null));
      if (newest.running()) {
        getContext().getLog().info("Adopted running container {} (attempt {}) of pod {}", r.name(), newest.attempt(), view().describe());
        watchExit(r.name(), newest.id());
        becomeRunning(r.name());
      }
    }
  }

  // Reconcile

  private void reconcile() {
    if (!observed) return;
    if (termination != null) {
      advanceTermination();
      return;
    }
    if (terminal) {
      stopSandboxOfEndedPod();
      return;
    }
    checkDeadline();
    if (failure != null) {
      for (String name : List.copyOf(records.keySet())) stop(name, Next.NEVER, view().specGrace(), null);
      if (!sandboxStarting && !volumesPreparing && records.values().stream().noneMatch(ContainerRecord::busy)) finish();
      return;
    }
    if (sandbox == null) {
      if (!sandboxStarting && !setupRetryOnSync) startSandbox();
      return;
    }
    if (!volumesReady) {
      if (!volumesPreparing && !setupRetryOnSync) prepareVolumes();
      return;
    }
    for (SyncPlan.Action a : SyncPlan.plan(view(), records)) {
      if (a instanceof SyncPlan.Start s) start(s.container());
      else if (a instanceof SyncPlan.Kill k) stop(k.container(), k.then(), view().specGrace(), k.message());
      else if (a instanceof SyncPlan.Finished) finish();
    }
  }

  private void startSandbox() {
    sandboxStarting = true;
    PodView v = view();
    SandboxConfig config = new SandboxConfig(v.uid(), v.namespace(), v.name(), v.hostNetwork(), v.hostname());
    getContext().pipeToSelf(calls.runSandbox(config), SandboxStarted::new);
  }

  private Behavior<Command> onSandboxStarted(SandboxStarted m) {
    sandboxStarting = false;
    if (m.error() != null) {
      events.pod(pod, true, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + RuntimeCalls.unwrap(m.error()).getMessage());
      setupRetryOnSync = true;
    } else {
      sandbox = m.sandbox();
    }
    return settle();
  }

  private void prepareVolumes() {
    volumesPreparing = true;
    getContext().pipeToSelf(calls.prepareVolumes(pod, sandbox), (v, e) -> new VolumesPrepared(e));
  }

  private Behavior<Command> onVolumesPrepared(VolumesPrepared m) {
    volumesPreparing = false;
    if (m.error() != null) {
      // Kubelet keeps the containers ContainerCreating and tells why in an event (FailedMount).
      Throwable cause = RuntimeCalls.unwrap(m.error());
      String reason = cause instanceof ContainerConfigException c ? c.reason() : "FailedMount";
      events.pod(pod, true, reason, cause.getMessage());
      setupRetryOnSync = true;
    } else {
      volumesReady = true;
    }
    return settle();
  }

  /** Nothing of this pod runs again: its phase is final and its sandbox can go. */
  private void finish() {
    if (terminal) return;
    terminal = true;
    for (String name : records.keySet()) timers.cancel(backOffKey(name));
    records.replaceAll((name, r) -> r.then(Next.NEVER));
    timers.cancel(DEADLINE);
    getContext().getLog().info("Pod {} has finished", view().describe());
    stopSandboxOfEndedPod();
  }

  private void stopSandboxOfEndedPod() {
    if (sandbox == null || sandboxStopped || sandboxStopping || setupRetryOnSync) return;
    sandboxStopping = true;
    getContext().pipeToSelf(calls.stopSandbox(view().uid(), Duration.ZERO), (v, e) -> new SandboxStopped(e));
  }

  private Behavior<Command> onSandboxStopped(SandboxStopped m) {
    sandboxStopping = false;
    if (m.error() == null) sandboxStopped = true;
    else setupRetryOnSync = true;
    return settle();
  }

  // Containers

  private void start(ObjectNode spec) {
    String name = PodView.nameOf(spec);
    ContainerRecord r = records.get(name);
    int attempt = r.nextAttempt();
    records.put(name, r.starting());
    events.pulled(pod, r, PodView.imageOf(spec));
    getContext().pipeToSelf(calls.launch(pod, spec, sandbox, attempt), (l, e) -> new Launched(name, attempt, l, e));
  }

  private Behavior<Command> onLaunched(Launched m) {
    ContainerRecord r = records.get(m.container());
    if (m.error() != null) {
      Throwable cause = RuntimeCalls.unwrap(m.error());
      String reason = cause instanceof ContainerConfigException c ? c.reason() : "RunContainerError";
      records.put(r.name(), r.startFailed(new ContainerRecord.Waiting(reason, cause.getMessage())));
      events.failed(pod, r, cause.getMessage());
      getContext().getLog().info("Container {} of pod {} cannot start: {}: {}", r.name(), view().describe(), reason, cause.getMessage());
      return settle();
    }
    ContainerStatus s = m.launch().status();
    String image = s.image() != null ? s.image() : m.launch().config().image();
    r = r.launched(new ContainerRecord.Instance(s.id(), containerID(s.id()), m.attempt(), image,
        s.startedAt() != null ? s.startedAt() : now()));
    records.put(r.name(), r);
    events.created(pod, r);
    events.started(pod, r);
    getContext().getLog().info("Started container {} (attempt {}) of pod {}", r.name(), m.attempt(), view().describe());
    watchExit(r.name(), s.id());
    JsonNode spec = view().container(r.name()).orElse(null);
    Handler postStart = hook(spec, "postStart");
    if (r.next() == Next.NEVER) {
      stop(r.name(), Next.NEVER, stopGrace(), null);
    } else if (postStart != null) {
      String name = r.name();
      getContext().pipeToSelf(calls.postStart(postStart, target(spec, s.id()), POST_START_TIMEOUT, name, view().describe()),
          (failed, e) -> new PostStartDone(name, s.id(), e != null ? Optional.of(String.valueOf(e.getMessage())) : failed));
    } else {
      becomeRunning(r.name());
    }
    return settle();
  }

  private Behavior<Command> onPostStartDone(PostStartDone m) {
    ContainerRecord r = records.get(m.container());
    if (r.activity() != Activity.POST_START || !isCurrent(r, m.containerId())) return settle();
    if (m.failure().isPresent()) {
      events.hookFailed(pod, r, "FailedPostStartHook", m.failure().get());
      stop(r.name(), Next.PER_POLICY, view().specGrace(), killMessage(r, "failed postStart hook"));
    } else {
      becomeRunning(r.name());
    }
    return settle();
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

  /** Stops the container's instance (preStop, TERM, KILL after grace), or notes {@code then} if none runs. */
  private void stop(String name, Next then, Duration grace, String message) {
    ContainerRecord r = records.get(name);
    if (!r.stoppable()) {
      // Idle, already stopping, or a start still in flight (it is stopped as soon as it runs).
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
    CompletionStage<RuntimeCalls.Stop> stopping =
        calls.stop(id, hook(spec, "preStop"), target(spec, id), grace, name, view().describe());
    getContext().pipeToSelf(stopping, (s, e) -> {
      if (e != null) return new Stopped(name, id, null, null);
      return new Stopped(name, id, s.status(), s.hookFailure());
    });
  }

  private Behavior<Command> onStopped(Stopped m) {
    if (m.hookFailure() != null) events.hookFailed(pod, records.get(m.container()), "FailedPreStopHook", m.hookFailure());
    containerEnded(m.container(), m.containerId(), m.status());
    return settle();
  }

  private void watchExit(String name, String id) {
    getContext().pipeToSelf(calls.awaitExit(id), (s, e) -> new Exited(name, id, e != null ? null : s));
  }

  /** An instance ended (exit, stop, or vanished when {@code status} is null); schedules its restart. */
  private void containerEnded(String name, String id, ContainerStatus status) {
    ContainerRecord r = records.get(name);
    if (r == null || !r.live() || !isCurrent(r, id)) return;
    probes.stop(name);
    ContainerRecord.Terminated how = terminated(status, r.instance());
    r = r.exited(how);
    getContext().getLog().info("Container {} of pod {} exited with code {} ({})", name, view().describe(), how.exitCode(), how.reason());
    boolean ending = failure != null || termination != null || terminal;
    if (r.next() == Next.PER_POLICY && !ending && r.wantsStart(view().restartPolicy())) {
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

  private Behavior<Command> onBackOffOver(BackOffOver m) {
    ContainerRecord r = records.get(m.container());
    if (r.hold() == Hold.BACK_OFF && r.instance() != null && r.instance().attempt() == m.attempt()) {
      records.put(r.name(), r.released(Hold.BACK_OFF));
    }
    return settle();
  }

  private Behavior<Command> onProbed(ProbeWorker.Report report) {
    ContainerRecord r = records.get(report.container());
    if (r == null || r.activity() != Activity.RUNNING || !isCurrent(r, report.containerId())) return this;
    if (report instanceof ProbeWorker.CheckFailed f) {
      events.unhealthy(pod, r, f.type(), f.outcome());
      return this;
    }
    ProbeWorker.ResultChanged changed = (ProbeWorker.ResultChanged) report;
    JsonNode spec = view().container(r.name()).orElse(null);
    switch (changed.type()) {
      case STARTUP -> {
        if (changed.success()) {
          probes.startLivenessAndReadiness(r, spec, target(spec, r.instance().id()));
          records.put(r.name(), r.probed(true, !ContainerProbes.has(spec, ProbeType.READINESS)));
        } else {
          killForProbe(r, spec, ProbeType.STARTUP);
        }
      }
      case LIVENESS -> {
        if (!changed.success()) killForProbe(r, spec, ProbeType.LIVENESS);
      }
      case READINESS -> records.put(r.name(), r.probed(r.started(), r.started() && changed.success()));
    }
    return settle();
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

  // activeDeadlineSeconds

  private void scheduleDeadline() {
    Optional<Duration> deadline = view().activeDeadline();
    if (deadline.isEmpty() || terminal || termination != null || failure != null) {
      timers.cancel(DEADLINE);
      return;
    }
    Duration left = Duration.between(now(), startTime.plus(deadline.get()));
    timers.startSingleTimer(DEADLINE, DeadlineReached.INSTANCE, left.isNegative() ? Duration.ZERO : left);
  }

  private void checkDeadline() {
    Optional<Duration> deadline = view().activeDeadline();
    if (failure != null || deadline.isEmpty() || now().isBefore(startTime.plus(deadline.get()))) return;
    failure = new Failure("DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
    events.pod(pod, false, "DeadlineExceeded", failure.message());
    getContext().getLog().info("Pod {} exceeded its activeDeadlineSeconds", view().describe());
  }

  // Status

  private ObjectNode buildStatus() {
    lastBuilt = PodStatusBuilder.build(new PodStatusBuilder.Snapshot(pod, records, ctx.hostIP(), podIP(),
        sandbox != null && !sandboxStopped, startTime, terminal, failure, lastBuilt, now()));
    return lastBuilt;
  }

  /** Writes the status when it differs from the last one written; one write at a time. */
  private void publish() {
    if (!observed || writing || writeRetryOnSync) return;
    if (termination != null && !termination.deleteFromStore) return;
    ObjectNode status = buildStatus();
    if (!status.equals(lastWritten)) write(status);
  }

  private void write(ObjectNode status) {
    writing = true;
    PodView v = view();
    CompletionStage<Void> written;
    try {
      written = ctx.status().writeStatus(v.namespace(), v.name(), v.uid(), status);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(written, (ok, e) -> new StatusWritten(status, e));
  }

  private Behavior<Command> onStatusWritten(StatusWritten m) {
    writing = false;
    if (m.error() == null) {
      lastWritten = m.status();
    } else {
      getContext().getLog().warn("Writing the status of pod {} failed, retrying on the next sync: {}", view().describe(),
          RuntimeCalls.unwrap(m.error()).getMessage());
      writeRetryOnSync = true;
    }
    return settle();
  }

  // Termination

  private void beginTermination(Duration grace, boolean deleteFromStore) {
    termination = new Termination(grace, deleteFromStore);
    for (String name : records.keySet()) timers.cancel(backOffKey(name));
    timers.cancel(DEADLINE);
    getContext().getLog().info("Stopping pod {} with a grace period of {}s", view().describe(), grace.toSeconds());
  }

  private void advanceTermination() {
    Termination t = termination;
    if (t.step == Termination.Step.STOP_CONTAINERS) {
      for (String name : List.copyOf(records.keySet())) stop(name, Next.NEVER, t.grace, null);
      if (sandboxStarting || volumesPreparing || records.values().stream().anyMatch(ContainerRecord::busy)) return;
      terminal = true;
      t.advance();
    }
    if (t.step == Termination.Step.FINAL_STATUS) {
      if (writing) return;
      if (!t.finalStatusSent && !buildStatus().equals(lastWritten)) {
        // Bypasses the retry-on-sync pause: the pod is about to go, and this is its last word.
        t.finalStatusSent = true;
        write(lastBuilt);
        return;
      }
      t.advance();
    }
    if (t.inFlight || t.retryOnSync) return;
    PodView v = view();
    CompletionStage<Void> call = switch (t.step) {
      case STOP_SANDBOX -> calls.stopSandbox(v.uid(), Duration.ZERO);
      case DELETE_POD -> deleteFromStore(v);
      case REMOVE_SANDBOX -> calls.removeSandbox(v.uid());
      default -> null;
    };
    if (call == null) return;
    t.inFlight = true;
    Termination.Step step = t.step;
    getContext().pipeToSelf(call, (ok, e) -> new TerminationStepDone(step, e));
  }

  private CompletionStage<Void> deleteFromStore(PodView v) {
    try {
      return ctx.status().deleteTerminated(v.namespace(), v.name(), v.uid());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Behavior<Command> onTerminationStepDone(TerminationStepDone m) {
    Termination t = termination;
    t.inFlight = false;
    if (m.error() != null) {
      getContext().getLog().warn("{} of pod {} failed, retrying on the next sync: {}", m.step(), view().describe(),
          RuntimeCalls.unwrap(m.error()).getMessage());
      t.retryOnSync = true;
      return this;
    }
    if (t.step == m.step()) t.advance();
    if (t.step == Termination.Step.DONE) {
      getContext().getLog().info("Pod {} is stopped and cleaned up", view().describe());
      return Behaviors.stopped();
    }
    return settle();
  }

  // Helpers

  private PodView view() {
    return new PodView(pod);
  }

  private Instant now() {
    return ctx.clock().instant();
  }

  private String podIP() {
    if (sandbox == null) return null;
    return view().hostNetwork() ? ctx.hostIP() : sandbox.podIP();
  }

  private Duration stopGrace() {
    return termination != null ? termination.grace : view().specGrace();
  }

  private String containerID(String id) {
    return ctx.runtime().name() + "://" + id;
  }

  private ProbeTarget target(JsonNode spec, String containerId) {
    return new ProbeTarget(ctx.runtime(), containerId, podIP(), spec);
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
    if (s == null) {
      return new ContainerRecord.Terminated(137, "ContainerStatusUnknown",
          "The container could not be located when the pod was terminated", instance.startedAt(), now(), instance.containerID());
    }
    String reason = s.reason() != null ? s.reason() : s.exitCode() == 0 ? "Completed" : "Error";
    return new ContainerRecord.Terminated(s.exitCode(), reason, s.message(),
        s.startedAt() != null ? s.startedAt() : instance.startedAt(), s.finishedAt() != null ? s.finishedAt() : now(),
        instance.containerID());
  }
}
