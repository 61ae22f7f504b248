package io.coxswain.agent.pod;

/**
 * A pod input that cannot be resolved, with the reason kubelet would report and kubelet's message.
 * Users fix these themselves (create the ConfigMap, correct a key), so the message must say what is
 * missing rather than carry a stack trace.
 */
public final class PodInputException extends Exception {
  /** The waiting reason kubelet sets when a container's environment or command cannot be built. */
  public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";

  /**
   * The event reason kubelet records when a volume cannot be set up; the pod's containers then stay
   * waiting with reason ContainerCreating.
   */
  public static final String FAILED_MOUNT = "FailedMount";

  private final String reason;

  public PodInputException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  static PodInputException config(String message) {
    return new PodInputException(CREATE_CONTAINER_CONFIG_ERROR, message);
  }

  public String reason() {
    return reason;
  }
}
