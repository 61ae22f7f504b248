package io.coxswain.agent.probe;

/**
 * The result of one check, with the text kubelet puts after "Liveness probe failed: ". UNKNOWN is
 * a check that could not be made at all (the container vanished, an unsupported action); it never
 * moves a probe's result either way.
 */
public record ProbeOutcome(Result result, String message) {
  public enum Result { SUCCESS, FAILURE, UNKNOWN }

  public static ProbeOutcome success(String message) {
    return new ProbeOutcome(Result.SUCCESS, message);
  }

  public static ProbeOutcome failure(String message) {
    return new ProbeOutcome(Result.FAILURE, message);
  }

  public static ProbeOutcome unknown(String message) {
    return new ProbeOutcome(Result.UNKNOWN, message);
  }

  public boolean succeeded() {
    return result == Result.SUCCESS;
  }
}
