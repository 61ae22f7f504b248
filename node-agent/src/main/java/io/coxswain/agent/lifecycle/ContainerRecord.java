package io.coxswain.agent.lifecycle;

import java.time.Instant;

/**
 * What a pod worker knows of one of its containers: the newest instance the runtime ran, how the
 * last two instances ended, and what the worker is doing with it. Immutable; each transition returns
 * a new record, and the status builder reads nothing else.
 *
 * @param instance the newest instance (running or ended), null before the first start
 * @param lastExit how the newest ended instance ended; while an instance runs, the one before it
 * @param priorExit how the instance before {@code lastExit} ended
 * @param waiting why it does not run although it should (CrashLoopBackOff, CreateContainerConfigError…)
 * @param hold what a start waits for
 * @param next what follows the end of the current instance
 * @param backOffSteps consecutive restarts counted by CrashLoopBackOff
 * @param started the startup probe passed (or there is none) for the running instance
 * @param ready the running instance is started and passes its readiness probe (or has none)
 */
public record ContainerRecord(
    String name,
    boolean init,
    Activity activity,
    Instance instance,
    Terminated lastExit,
    Terminated priorExit,
    Waiting waiting,
    Hold hold,
    Next next,
    int backOffSteps,
    boolean started,
    boolean ready) {

  /**
   * The worker's current business with the container. CREATING: config and start are under way and
   * {@code instance} is still the previous one. POST_START: the new instance runs its postStart hook.
   * ABORTING: an instance is stopped before it ever counted as running (failed hook, pod ended).
   */
  public enum Activity { IDLE, CREATING, POST_START, RUNNING, STOPPING, ABORTING }

  /** A restart waits for the back-off timer, or for the next sync after an error. */
  public enum Hold { NONE, BACK_OFF, UNTIL_SYNC }

  /**
   * PER_POLICY: restart or not as restartPolicy says (crashes, failed probes and hooks).
   * RESTART_NOW: the definition changed; restart at once whatever the policy. NEVER: the pod is ending.
   */
  public enum Next { PER_POLICY, RESTART_NOW, NEVER }

  /** @param containerID as reported in status: {@code <runtime>://<id>} */
  public record Instance(String id, String containerID, int attempt, String image, Instant startedAt) {}

  public record Terminated(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt, String containerID) {}

  public record Waiting(String reason, String message) {}

  public static ContainerRecord fresh(String name, boolean init) {
    return new ContainerRecord(name, init, Activity.IDLE, null, null, null, null, Hold.NONE, Next.PER_POLICY, 0, false, false);
  }

  /** An instance found in the runtime when the worker started (an agent restart). */
  ContainerRecord adopted(Instance newest, boolean running, Terminated lastExit, Terminated priorExit) {
    return new ContainerRecord(name, init, running ? Activity.RUNNING : Activity.IDLE, newest, lastExit, priorExit,
        null, Hold.NONE, next, 0, false, false);
  }

  ContainerRecord starting() {
    return new ContainerRecord(name, init, Activity.CREATING, instance, lastExit, priorExit, null, Hold.NONE,
        Next.PER_POLICY, backOffSteps, false, false);
  }

  /** The start failed before an instance ran; it is tried again on the next sync. */
  ContainerRecord startFailed(Waiting why) {
    return new ContainerRecord(name, init, Activity.IDLE, instance, lastExit, priorExit, why, Hold.UNTIL_SYNC, next,
        backOffSteps, false, false);
  }

  /** The runtime started a new instance; postStart may still be running. */
  ContainerRecord launched(Instance newInstance) {
    return new ContainerRecord(name, init, Activity.POST_START, newInstance, lastExit, priorExit, null, Hold.NONE, next,
        backOffSteps, false, false);
  }

  ContainerRecord running(boolean isStarted, boolean isReady) {
    return new ContainerRecord(name, init, Activity.RUNNING, instance, lastExit, priorExit, null, Hold.NONE, next,
        backOffSteps, isStarted, isReady);
  }

  ContainerRecord stopping(Next then) {
    Activity stopping = activity == Activity.POST_START ? Activity.ABORTING : Activity.STOPPING;
    return new ContainerRecord(name, init, stopping, instance, lastExit, priorExit, null, Hold.NONE, then,
        backOffSteps, started, false);
  }

  /** Decides what follows without stopping anything now (idle, or a start still in flight). */
  ContainerRecord then(Next then) {
    boolean dropWait = then == Next.NEVER && activity == Activity.IDLE;
    return new ContainerRecord(name, init, activity, instance, lastExit, priorExit, dropWait ? null : waiting,
        dropWait ? Hold.NONE : hold, then, backOffSteps, started, ready);
  }

  ContainerRecord exited(Terminated how) {
    return new ContainerRecord(name, init, Activity.IDLE, instance, how, lastExit, null, Hold.NONE, next,
        backOffSteps, false, false);
  }

  ContainerRecord backingOff(int steps, Waiting why) {
    return new ContainerRecord(name, init, activity, instance, lastExit, priorExit, why, Hold.BACK_OFF, next, steps,
        started, ready);
  }

  ContainerRecord released(Hold which) {
    if (hold != which) return this;
    return new ContainerRecord(name, init, activity, instance, lastExit, priorExit, waiting, Hold.NONE, next,
        backOffSteps, started, ready);
  }

  ContainerRecord probed(boolean isStarted, boolean isReady) {
    return new ContainerRecord(name, init, activity, instance, lastExit, priorExit, waiting, hold, next, backOffSteps,
        isStarted, isReady);
  }

  /** Kubernetes' restartCount: the attempt number of the newest instance. */
  public int restartCount() {
    return instance == null ? 0 : instance.attempt();
  }

  int nextAttempt() {
    return instance == null ? 0 : instance.attempt() + 1;
  }

  boolean busy() {
    return activity != Activity.IDLE;
  }

  /** Whether {@code instance} is the runtime's live instance (not a previous one kept for status). */
  boolean live() {
    return instance != null && activity != Activity.IDLE && activity != Activity.CREATING;
  }

  /** Whether the live instance can be stopped now (running, or still in its postStart hook). */
  boolean stoppable() {
    return activity == Activity.RUNNING || activity == Activity.POST_START;
  }

  /** An init container whose newest instance succeeded. */
  public boolean completed() {
    return init && activity == Activity.IDLE && instance != null && lastExit != null && lastExit.exitCode() == 0;
  }

  /** Whether this idle container should run again (now or after its hold). */
  boolean wantsStart(String restartPolicy) {
    if (activity != Activity.IDLE || next == Next.NEVER) return false;
    if (next == Next.RESTART_NOW || instance == null || lastExit == null) return true;
    int code = lastExit.exitCode();
    if (init) return code != 0 && !"Never".equals(restartPolicy);
    return switch (restartPolicy) {
      case "Never" -> false;
      case "OnFailure" -> code != 0;
      default -> true;
    };
  }
}
