package io.coxswain.agent.probe;

import java.util.Optional;

/**
 * Kubelet's threshold rule: a probe's result only changes after successThreshold consecutive
 * successes or failureThreshold consecutive failures. UNKNOWN checks neither count nor break a run.
 * Mutable and confined to one probe worker.
 */
public final class ProbeThresholds {
  private final int successThreshold;
  private final int failureThreshold;
  private Boolean current;
  private ProbeOutcome.Result lastResult;
  private int run;

  /** @param initial the result assumed before any check (see {@link ProbeType#initial()}), null for unknown */
  public ProbeThresholds(int successThreshold, int failureThreshold, Boolean initial) {
    this.successThreshold = successThreshold;
    this.failureThreshold = failureThreshold;
    this.current = initial;
  }

  /** Counts one check; answers the probe's new result when this check changed it. */
  public Optional<Boolean> record(ProbeOutcome.Result result) {
    if (result == ProbeOutcome.Result.UNKNOWN) return Optional.empty();
    if (result == lastResult) {
      run++;
    } else {
      lastResult = result;
      run = 1;
    }
    boolean success = result == ProbeOutcome.Result.SUCCESS;
    if (run < (success ? successThreshold : failureThreshold)) return Optional.empty();
    if (current != null && current == success) return Optional.empty();
    current = success;
    return Optional.of(success);
  }

  /** The probe's result now; null while unknown. */
  public Boolean current() {
    return current;
  }
}
