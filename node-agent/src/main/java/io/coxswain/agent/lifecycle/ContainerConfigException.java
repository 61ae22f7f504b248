package io.coxswain.agent.lifecycle;

/**
 * A container that cannot start as its manifest is written, with kubelet's waiting reason
 * (CreateContainerConfigError, RunContainerError, …) and a message saying what is missing.
 */
public final class ContainerConfigException extends RuntimeException {
  private final String reason;

  public ContainerConfigException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
