package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.lifecycle.ContainerRecord.Next;
import io.coxswain.agent.lifecycle.PodStatusBuilder.Failure;
import io.coxswain.agent.probe.Prober;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * re-reads the runtime and retries what failed. Runtime calls run on the blocking executor and come
 * back as messages. The worker stops itself once a deleted pod is stopped, removed from the store
 * and cleaned up, or once a vanished pod is stopped and cleaned up; a pod that merely finished
 * (Succeeded, Failed) keeps its worker until it is deleted, as its object stays in the store.
 */
public final class PodWorker extends AbstractBehavior<PodWorker.Command> {
  /**
   * A pod that vanished from the store without graceful deletion (force-deleted, or gone from this
   * node) gets at most this long: nobody waits for its shutdown, and kubelet's minimum stop window
   * is as long.
   */
  static final Duration REMOVED_GRACE = Duration.ofSeconds(2);
  private static final String RESYNC = "resync";
  private static final String DEADLINE = "deadline";

  // Command

  public sealed interface Command
      permits Update, Removed, Sync, Internal, ContainerLifecycle.Event, StatusPublisher.Written,
      StatusPublisher.RetryDue {}

  /** A newer version of the pod, including the one that carries its deletionTimestamp. */
  public record Update(ObjectNode pod) implements Command {}

  /** The pod left the store, or this node, without a graceful deletion. */
  public record Removed() implements Command {}

  /** Re-check against the runtime and retry what failed; the worker also syncs on its own timer. */
  public record Sync() implements Command {}

  private sealed interface Internal extends Command {}

  private record Observed(RuntimeCalls.Observation observation, Throwable error) implements Internal {}

  private record SandboxStarted(PodSandbox sandbox, Throwable error) implements Internal {}

  private record VolumesPrepared(Throwable error) implements Internal {}

  private record SandboxStopped(Throwable error) implements Internal {}

  private record TerminationStepDone(Termination.Step step, Throwable error) implements Internal {}

  private enum DeadlineReached implements Internal { INSTANCE }

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
  private final ContainerLifecycle containers;
  private final StatusPublisher status;
  private final Instant startTime;
  private ObjectNode pod;
  /** The runtime has been read once, so what an earlier agent left running is known. */
  private boolean observed;
  private boolean observing;
  private PodSandbox sandbox;
  private boolean sandboxStarting;
  private boolean sandboxStopping;
  private boolean sandboxStopped;
  private boolean volumesReady;
  private boolean volumesPreparing;
  /** Sandbox or volume set-up (or an ended pod's sandbox stop) failed; it is retried on the next sync. */
  private boolean setupRetryOnSync;
  /** Nothing of this pod runs again; its phase is Succeeded or Failed. */
  private boolean terminal;
  private Failure failure;
  private Termination termination;

  private PodWorker(ActorContext<Command> context, TimerScheduler<Command> timers, PodWorkerContext ctx, ObjectNode pod, Prober prober) {
    super(context);
    this.ctx = ctx;
    this.timers = timers;
    this.pod = pod;
    this.calls = new RuntimeCalls(ctx, new HookRunner(prober.http()));
    this.events = new PodEvents(ctx.events());
    this.containers = new ContainerLifecycle(context, timers, ctx, calls, events, prober, pod);
    this.status = new StatusPublisher(context, timers, ctx.status());
    JsonNode stored = pod.path("status");
    // startTime is when a kubelet first accepted the pod; an agent restart keeps the first one.
    this.startTime = stored.path("startTime").isTextual() ? Instant.parse(stored.path("startTime").asText()) : now();
    timers.startTimerWithFixedDelay(RESYNC, new Sync(), ctx.settings().resync());
    // Kubernetes never runs a pod again once it reached Succeeded or Failed.
    if (PodPhase.terminal(stored.path("phase").asText(""))) finish();
    if (view().deleting()) beginTermination(view().deletionGrace(), true);
    scheduleDeadline();
    observe();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Removed.class, m -> onRemoved())
        .onMessage(Sync.class, m -> onSync())
        .onMessage(ContainerLifecycle.Event.class, e -> {
          containers.handle(e);
          return settle();
        })
        .onMessage(StatusPublisher.Written.class, m -> {
          status.onWritten(m, view());
          return settle();
        })
        .onMessage(StatusPublisher.RetryDue.class, m -> {
          status.retryNow();
          return settle();
        })
        .onMessage(Observed.class, this::onObserved)
        .onMessage(SandboxStarted.class, this::onSandboxStarted)
        .onMessage(VolumesPrepared.class, this::onVolumesPrepared)
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
    containers.podChanged(pod);
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
    containers.releaseSyncHolds();
    setupRetryOnSync = false;
    status.retryNow();
    if (termination != null) termination.retryOnSync = false;
    if (!observed || (!terminal && termination == null)) observe();
    return settle();
  }

  /** After every message: act on what changed and report it. */
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
      m.observation().sandbox().ifPresent(this::sandboxReady);
      containers.adopt(m.observation().containers());
      observed = true;
    } else {
      for (ContainerStatus s : m.observation().containers()) containers.runtimeReported(s);
    }
    return settle();
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
      for (String name : List.copyOf(containers.records().keySet())) containers.stop(name, Next.NEVER, view().specGrace(), null);
      if (!sandboxStarting && !volumesPreparing && !containers.anyBusy()) finish();
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
    for (SyncPlan.Action a : SyncPlan.plan(view(), containers.records())) {
      if (a instanceof SyncPlan.Start s) containers.start(s.container());
      else if (a instanceof SyncPlan.Kill k) containers.stop(k.container(), k.then(), view().specGrace(), k.message());
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
      sandboxReady(m.sandbox());
    }
    return settle();
  }

  private void sandboxReady(PodSandbox ready) {
    sandbox = ready;
    containers.sandboxReady(ready, podIP());
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
      events.pod(pod, true, cause instanceof ContainerConfigException c ? c.reason() : "FailedMount", cause.getMessage());
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
    containers.noMoreRestarts(view().specGrace());
    timers.cancel(DEADLINE);
    getContext().getLog().info("Pod {} has finished", view().describe());
    if (termination == null) stopSandboxOfEndedPod();
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

  // activeDeadlineSeconds, counted from startTime

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
    containers.noMoreRestarts(view().specGrace());
    events.pod(pod, false, "DeadlineExceeded", failure.message());
    getContext().getLog().info("Pod {} exceeded its activeDeadlineSeconds", view().describe());
  }

  // Status

  private ObjectNode buildStatus() {
    return status.build(previous -> new PodStatusBuilder.Snapshot(pod, containers.records(), ctx.hostIP(), podIP(),
        sandbox != null && !sandboxStopped, startTime, terminal, failure, previous, now()));
  }

  private void publish() {
    // A pod gone from the store has nobody to report to.
    if (!observed || (termination != null && !termination.deleteFromStore)) return;
    status.publish(view(), buildStatus(), false);
  }

  // Termination

  private void beginTermination(Duration grace, boolean deleteFromStore) {
    termination = new Termination(grace, deleteFromStore);
    containers.noMoreRestarts(grace);
    timers.cancel(DEADLINE);
    getContext().getLog().info("Stopping pod {} with a grace period of {}s", view().describe(), grace.toSeconds());
  }

  private void advanceTermination() {
    Termination t = termination;
    if (t.step == Termination.Step.STOP_CONTAINERS) {
      for (String name : List.copyOf(containers.records().keySet())) containers.stop(name, Next.NEVER, t.grace, null);
      if (sandboxStarting || volumesPreparing || containers.anyBusy()) return;
      terminal = true;
      t.advance();
    }
    if (t.step == Termination.Step.FINAL_STATUS) {
      if (status.writing()) return;
      ObjectNode last = buildStatus();
      if (!t.finalStatusSent && !status.written(last)) {
        // Written even while waiting for a sync after a failure: it is the pod's last word.
        t.finalStatusSent = true;
        status.publish(view(), last, true);
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
}
