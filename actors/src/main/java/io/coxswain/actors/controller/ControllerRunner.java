package io.coxswain.actors.controller;

import io.coxswain.core.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one {@link Reconciler} as an actor: informer listeners only queue keys, a {@link WorkQueue}
 * deduplicates them and backs failures off, up to {@code concurrency} reconciles run at once (never
 * two for one key), and a periodic resync queues every key so that a lost change only delays.
 */
public final class ControllerRunner extends AbstractBehavior<ControllerRunner.Command> {

  /** How a runner paces its reconciler. */
  public record Settings(int concurrency, Duration resync, Duration retryBase, Duration retryMax) {
    public static Settings defaults() {
      return new Settings(16, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(30));
    }
  }

  // Command

  public sealed interface Command {}

  /** Queue a key (also what tests send to drive one reconcile). */
  public record Enqueue(String key) implements Command {}

  private record Changed(Reconciler.Watch watch, Informer.Event event) implements Command {}

  private record Reconciled(String key, Reconciler.Outcome outcome, Throwable failure) implements Command {}

  private enum Resync implements Command { INSTANCE }

  // State

  private final Reconciler reconciler;
  private final Settings settings;
  private final TimerScheduler<Command> timers;
  private final WorkQueue queue;
  private final List<Registered> registered = new ArrayList<>();

  private record Registered(Informer informer, Consumer<Informer.Event> listener) {}

  public static Behavior<Command> create(Reconciler reconciler, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ControllerRunner(ctx, reconciler, settings, timers)));
  }

  private ControllerRunner(
      ActorContext<Command> ctx, Reconciler reconciler, Settings settings, TimerScheduler<Command> timers) {
    super(ctx);
    this.reconciler = reconciler;
    this.settings = settings;
    this.timers = timers;
    this.queue = new WorkQueue(settings.retryBase(), settings.retryMax());
    Reconciler.Watch own = new Reconciler.Watch(reconciler.primary(), e -> List.of(e.key()));
    listen(own);
    reconciler.watches().forEach(this::listen);
    timers.startTimerWithFixedDelay(Resync.INSTANCE, settings.resync());
    ctx.getLog().info("{} started: {} {} to reconcile", reconciler.name(), reconciler.primary().size(),
        reconciler.primary().type().plural());
    reconciler.primary().keys().forEach(queue::add);
    dispatch();
  }

  private void listen(Reconciler.Watch watch) {
    var self = getContext().getSelf();
    Consumer<Informer.Event> listener = e -> self.tell(new Changed(watch, e));
    watch.informer().addListener(listener);
    registered.add(new Registered(watch.informer(), listener));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, e -> {
          queue.add(e.key());
          return dispatch();
        })
        .onMessage(Changed.class, this::onChanged)
        .onMessage(Reconciled.class, this::onReconciled)
        .onMessageEquals(Resync.INSTANCE, () -> {
          reconciler.primary().keys().forEach(queue::add);
          return dispatch();
        })
        .onSignal(PostStop.class, s -> {
          registered.forEach(r -> r.informer().removeListener(r.listener()));
          return this;
        })
        .build();
  }

  private Behavior<Command> onChanged(Changed c) {
    Collection<String> keys = c.watch().keys().apply(c.event());
    if (keys != null) keys.forEach(queue::add);
    return dispatch();
  }

  private Behavior<Command> onReconciled(Reconciled r) {
    queue.done(r.key());
    if (r.failure() != null) {
      Duration delay = queue.failed(r.key());
      Throwable cause = unwrap(r.failure());
      if (cause instanceof StatusException se && se.code() == 409) {
        getContext().getLog().debug("{} {}: {} (retry in {} ms)", reconciler.name(), r.key(), se.getMessage(), delay.toMillis());
      } else {
        getContext().getLog().warn("{} {}: {} (retry in {} ms)", reconciler.name(), r.key(), cause.toString(), delay.toMillis());
      }
      timers.startSingleTimer("retry " + r.key(), new Enqueue(r.key()), delay);
    } else {
      queue.succeeded(r.key());
      if (r.outcome() != null && r.outcome().requeueAfter() != null) {
        timers.startSingleTimer("requeue " + r.key(), new Enqueue(r.key()), r.outcome().requeueAfter());
      }
    }
    return dispatch();
  }

  private Behavior<Command> dispatch() {
    while (queue.processingCount() < settings.concurrency()) {
      String key = queue.next();
      if (key == null) break;
      CompletionStage<Reconciler.Outcome> stage;
      try {
        stage = reconciler.reconcile(key);
      } catch (RuntimeException e) {
        stage = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      getContext().pipeToSelf(stage, (outcome, failure) -> new Reconciled(key, outcome, failure));
    }
    return this;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }
}
