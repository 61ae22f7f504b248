package io.coxswain.agent.lifecycle;

import java.time.Duration;

/**
 * How far a pod worker is in ending its pod. Kubelet's order: stop the containers within the grace
 * period, report the final status, stop the sandbox, remove the pod from the store, then clean up
 * the sandbox. A pod that vanished from the store has no status to write and nothing to delete.
 * Mutable, confined to the pod worker.
 */
final class Termination {
  enum Step { STOP_CONTAINERS, FINAL_STATUS, STOP_SANDBOX, DELETE_POD, REMOVE_SANDBOX, DONE }

  final Duration grace;
  boolean deleteFromStore;
  Step step = Step.STOP_CONTAINERS;
  /** The current step's call is under way. */
  boolean inFlight;
  /** The current step's call failed; it is tried again on the next sync. */
  boolean retryOnSync;
  boolean finalStatusSent;

  Termination(Duration grace, boolean deleteFromStore) {
    this.grace = grace;
    this.deleteFromStore = deleteFromStore;
  }

  /** Moves past the current step, skipping what a pod no longer in the store does not need. */
  void advance() {
    Step[] steps = Step.values();
    Step s = step;
    do {
      s = steps[s.ordinal() + 1];
    } while (!deleteFromStore && (s == Step.FINAL_STATUS || s == Step.DELETE_POD));
    step = s;
  }
}
