package io.coxswain.agent.lifecycle;

import java.time.Duration;

/**
 * CrashLoopBackOff's delays. The n-th consecutive restart of a container waits initial × 2^(n−1),
 * capped at max (Kubernetes: 10 s, 20 s, 40 s … 5 min). A container that ran at least {@code reset}
 * before ending is considered healthy again: its next restart counts as the first.
 *
 * <p>Kubelet itself lets the very first restart through at once and starts waiting from the
 * second; Kubernetes documents (and users expect) the delay from the first, which is what this does.
 */
public record BackOff(Duration initial, Duration max, Duration reset) {

  public static BackOff of(PodWorkerContext.Settings settings) {
    return new BackOff(settings.backOffInitial(), settings.backOffMax(), settings.backOffReset());
  }

  /** The wait before the {@code step}-th consecutive restart (step ≥ 1). */
  public Duration delay(int step) {
    Duration d = initial;
    for (int i = 1; i < step && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(max) > 0 ? max : d;
  }

  /** The step of the restart that follows a run of {@code ranFor} after {@code previousStep} restarts. */
  public int nextStep(int previousStep, Duration ranFor) {
    return ranFor != null && ranFor.compareTo(reset) >= 0 ? 1 : previousStep + 1;
  }
}
