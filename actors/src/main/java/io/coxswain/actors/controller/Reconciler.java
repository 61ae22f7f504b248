package io.coxswain.actors.controller;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A level-triggered control loop, as controller-runtime shapes one: a work item is a key; {@link
 * #reconcile} reads what is observed from informers, compares it with what is desired, acts through
 * the resource entities and says when to look again. {@link ControllerRunner} drives it.
 *
 * <p>Everything here is called on the runner's actor, one call at a time, so a reconciler may keep
 * private bookkeeping in plain fields. The stage {@code reconcile} returns must not touch that
 * bookkeeping when it completes; it should complete only once the informers have seen the
 * reconciler's own writes ({@link Informer#awaitObserved}), so the next reconcile of the key does not
 * act on a view that misses them.
 */
public interface Reconciler {
  /** The controller's name, as logs and the singleton name use it. */
  String name();

  /** The informer whose keys are the work items; a resync queues every one of them. */
  Informer primary();

  /** Other informers whose changes queue keys of the primary kind (a pod change → its owner's key). */
  default List<Watch> watches() {
    return List.of();
  }

  /** Brings one key's objects to their desired state. A failed stage is retried with back-off. */
  CompletionStage<Outcome> reconcile(String key);

  /** A secondary informer and the primary keys one of its changes concerns. */
  record Watch(Informer informer, Function<Informer.Event, Collection<String>> keys) {}

  /** What the runner should do next with the key: nothing (until the next change or resync), or look again later. */
  record Outcome(Duration requeueAfter) {
    private static final Outcome DONE = new Outcome(null);

    public static Outcome done() {
      return DONE;
    }

    public static Outcome requeueAfter(Duration delay) {
      return new Outcome(delay);
    }

    /** The sooner of two requeues (done counts as never). */
    public Outcome soonest(Outcome other) {
      if (requeueAfter == null) return other;
      if (other.requeueAfter == null) return this;
      return requeueAfter.compareTo(other.requeueAfter) <= 0 ? this : other;
    }
  }
}
