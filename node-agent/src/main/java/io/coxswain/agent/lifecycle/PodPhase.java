package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Kubelet's getPhase, read off the container statuses it has just built: Pending until every
 * container has been started, Running while one runs or restarts, Succeeded or Failed when all have
 * ended and none will run again. A failed init container ends the pod only under restartPolicy Never.
 */
final class PodPhase {
  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  private PodPhase() {}

  static boolean terminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /** @param podIsTerminal the worker will run nothing more, so restartPolicy no longer matters */
  static String of(String restartPolicy, List<JsonNode> initStatuses, List<JsonNode> statuses, boolean podIsTerminal) {
    int pendingInit = 0;
    int failedInit = 0;
    for (JsonNode s : initStatuses) {
      JsonNode state = s.path("state");
      if (state.has("running")) {
        pendingInit++;
      } else if (state.has("terminated")) {
        if (state.path("terminated").path("exitCode").asInt() != 0) failedInit++;
      } else if (s.path("lastState").has("terminated")) {
        if (s.path("lastState").path("terminated").path("exitCode").asInt() != 0) failedInit++;
      } else {
        pendingInit++;
      }
    }
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    boolean anyStarted = false;
    for (JsonNode s : statuses) {
      JsonNode state = s.path("state");
      boolean ranBefore = s.path("lastState").has("terminated");
      if (state.has("running")) {
        running++;
        anyStarted = true;
      } else if (state.has("terminated")) {
        stopped++;
        anyStarted = true;
        if (state.path("terminated").path("exitCode").asInt() == 0) succeeded++;
      } else if (ranBefore) {
        stopped++;
        anyStarted = true;
      } else {
        waiting++;
      }
    }
    if (failedInit > 0 && "Never".equals(restartPolicy)) return FAILED;
    if ((pendingInit > 0 && !anyStarted) || waiting > 0) return PENDING;
    if (running > 0) return RUNNING;
    if (stopped == 0) return PENDING;
    if (podIsTerminal) return stopped == succeeded ? SUCCEEDED : FAILED;
    if ("Always".equals(restartPolicy)) return RUNNING;
    if (stopped == succeeded) return SUCCEEDED;
    return "Never".equals(restartPolicy) ? FAILED : RUNNING;
  }
}
