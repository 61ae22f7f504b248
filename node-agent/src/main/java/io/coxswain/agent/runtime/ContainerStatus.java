package io.coxswain.agent.runtime;

import java.time.Instant;

/**
 * What the runtime knows of one container attempt.
 *
 * @param id the runtime's container id (reported as status.containerStatuses[].containerID)
 * @param exitCode meaningful once {@code state} is EXITED
 * @param reason for EXITED: "Completed" (0), "Error", or "OOMKilled"; else null
 * @param pid the main process id, or 0 when there is none
 */
public record ContainerStatus(
    String id,
    String podUid,
    String name,
    int attempt,
    String image,
    State state,
    Instant startedAt,
    Instant finishedAt,
    int exitCode,
    String reason,
    String message,
    long pid) {

  public enum State { RUNNING, EXITED, UNKNOWN }

  public boolean running() {
    return state == State.RUNNING;
  }
}
