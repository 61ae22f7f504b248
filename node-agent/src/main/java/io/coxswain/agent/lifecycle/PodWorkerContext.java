package io.coxswain.agent.lifecycle;

import io.coxswain.agent.runtime.ContainerRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Everything a pod worker needs from its node agent, passed in so the worker stays testable alone.
 *
 * @param runtime the node's container runtime
 * @param blocking where runtime calls run (they may block); never an actor dispatcher
 * @param status writes pod status and the final deletion to the Pod entity
 * @param events records Kubernetes Events about the pod
 * @param inputs turns the manifest into runtime configs (env, argv, volumes)
 * @param nodeName the node this agent runs
 * @param hostIP the node's address (status.hostIP)
 * @param settings timings (back-off, resync)
 */
public record PodWorkerContext(
    ContainerRuntime runtime,
    Executor blocking,
    PodStatusWriter status,
    EventRecorder events,
    PodInputs inputs,
    String nodeName,
    String hostIP,
    Clock clock,
    Settings settings) {

  /**
   * @param backOffInitial CrashLoopBackOff's first delay (Kubernetes: 10 s), doubling per restart
   * @param backOffMax the delay's ceiling (Kubernetes: 5 min)
   * @param backOffReset a container that ran this long resets its back-off (Kubernetes: 10 min)
   * @param resync how often a worker re-checks its pod against the runtime even without news
   */
  public record Settings(Duration backOffInitial, Duration backOffMax, Duration backOffReset, Duration resync) {
    public static Settings kubernetesDefaults() {
      return new Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(10));
    }
  }
}
