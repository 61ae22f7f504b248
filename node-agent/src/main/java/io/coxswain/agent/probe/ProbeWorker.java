package io.coxswain.agent.probe;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Probes one container instance of one probe type on its own timer, as kubelet's per-probe worker
 * goroutine does: first after the initial delay (counted from the container's start), then every
 * period, one check at a time, each on the blocking executor. It reports every failed check (for
 * the Unhealthy event) and every change of the probe's result. A liveness or startup probe stops
 * after failing (the container is about to be killed), a startup probe after succeeding (it has
 * done its job). The pod worker stops it when the container stops.
 */
public final class ProbeWorker extends AbstractBehavior<ProbeWorker.Command> {

  // Command

  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Checked(ProbeOutcome outcome, long startedNanos) implements Command {}

  // Report

  /** What a probe worker tells its pod worker. */
  public sealed interface Report {
    String container();

    String containerId();

    ProbeType type();
  }

  /** One check failed or could not be made. */
  public record CheckFailed(String container, String containerId, ProbeType type, ProbeOutcome outcome) implements Report {}

  /** The probe's result changed: a threshold of consecutive checks was reached. */
  public record ResultChanged(String container, String containerId, ProbeType type, boolean success) implements Report {}

  /**
   * @param firstDelay until the first check (the initial delay minus the time the container already ran)
   * @param check one blocking check of the container
   */
  public record Setup(
      String container,
      String containerId,
      ProbeType type,
      ProbeSpec spec,
      Duration firstDelay,
      Supplier<ProbeOutcome> check,
      Executor blocking,
      ActorRef<Report> reportTo) {}

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Tick.INSTANCE, nonNegative(setup.firstDelay()));
      return new ProbeWorker(context, timers, setup);
    }));
  }

  private final TimerScheduler<Command> timers;
  private final Setup setup;
  private final ProbeThresholds thresholds;

  private ProbeWorker(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
    super(context);
    this.timers = timers;
    this.setup = setup;
    this.thresholds = new ProbeThresholds(
        setup.spec().successThreshold(), setup.spec().failureThreshold(), setup.type().initial());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Checked.class, this::onChecked)
        .build();
  }

  private Behavior<Command> onTick() {
    long started = System.nanoTime();
    CompletableFuture<ProbeOutcome> check = CompletableFuture.supplyAsync(setup.check(), setup.blocking());
    getContext().pipeToSelf(check, (outcome, error) -> new Checked(
        error != null ? ProbeOutcome.unknown("probe errored: " + error.getMessage()) : outcome, started));
    return this;
  }

  private Behavior<Command> onChecked(Checked checked) {
    ProbeOutcome outcome = checked.outcome();
    if (!outcome.succeeded()) {
      setup.reportTo().tell(new CheckFailed(setup.container(), setup.containerId(), setup.type(), outcome));
    }
    Optional<Boolean> changed = thresholds.record(outcome.result());
    if (changed.isPresent()) {
      boolean success = changed.get();
      setup.reportTo().tell(new ResultChanged(setup.container(), setup.containerId(), setup.type(), success));
      boolean done = setup.type() == ProbeType.STARTUP || (!success && setup.type() == ProbeType.LIVENESS);
      if (done) return Behaviors.stopped();
    }
    // Period measured from the start of the check, like kubelet's ticker; a slow check delays the next.
    Duration elapsed = Duration.ofNanos(System.nanoTime() - checked.startedNanos());
    timers.startSingleTimer(Tick.INSTANCE, nonNegative(setup.spec().period().minus(elapsed)));
    return this;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
