package io.coxswain.core.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code kubectl get pods} summarises from a pod: ready and total containers, the status
 * reason (phase, or the most telling container state), and restarts with the last restart time.
 * Follows Kubernetes' pod printer, including restartable ("sidecar") init containers.
 */
record PodSummary(long ready, long total, String reason, long restarts, Instant lastRestart) {
  private static final String NODE_UNREACHABLE_REASON = "NodeLost";

  static PodSummary of(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    String phase = Fields.text(status, "phase");
    // Every stored pod has a phase; the API server sets Pending on create.
    if (phase.isEmpty()) phase = "Pending";
    String statusReason = Fields.text(status, "reason");
    String reason = statusReason.isEmpty() ? phase : statusReason;
    for (JsonNode c : Fields.items(status, "conditions")) {
      if (Fields.text(c, "type").equals("PodScheduled")
          && Fields.text(c, "reason").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }

    List<JsonNode> initSpecs = Fields.items(spec, "initContainers");
    long total = Fields.items(spec, "containers").size();
    Map<String, Boolean> restartableInit = new HashMap<>();
    for (JsonNode c : initSpecs) {
      boolean restartable = Fields.text(c, "restartPolicy").equals("Always");
      restartableInit.put(Fields.text(c, "name"), restartable);
      if (restartable) total++;
    }

    long ready = 0;
    long restarts = 0;
    long sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    List<JsonNode> initStatuses = Fields.items(status, "initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      long count = Fields.integer(c, "restartCount");
      Instant finished = Fields.instant(c, "lastState", "terminated", "finishedAt");
      restarts += count;
      lastRestart = later(lastRestart, finished);
      boolean restartable = restartableInit.getOrDefault(Fields.text(c, "name"), false);
      if (restartable) {
        sidecarRestarts += count;
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = c.path("state").path("terminated");
      JsonNode waiting = c.path("state").path("waiting");
      if (terminated.isObject() && Fields.integer(terminated, "exitCode") == 0) continue;
      if (restartable && Fields.bool(c, "started")) {
        if (Fields.bool(c, "ready")) ready++;
        continue;
      }
      if (terminated.isObject()) {
        String why = Fields.text(terminated, "reason");
        reason = why.isEmpty() ? "Init:" + exitDescription(terminated) : "Init:" + why;
      } else if (waiting.isObject()
          && !Fields.text(waiting, "reason").isEmpty()
          && !Fields.text(waiting, "reason").equals("PodInitializing")) {
        reason = "Init:" + Fields.text(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initSpecs.size();
      }
      initializing = true;
      break;
    }

    if (!initializing || conditionTrue(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<JsonNode> statuses = Fields.items(status, "containerStatuses");
      // Walk backwards so the first container's state wins, as Kubernetes does.
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += Fields.integer(c, "restartCount");
        lastRestart = later(lastRestart, Fields.instant(c, "lastState", "terminated", "finishedAt"));
        JsonNode terminated = c.path("state").path("terminated");
        JsonNode waiting = c.path("state").path("waiting");
        if (waiting.isObject() && !Fields.text(waiting, "reason").isEmpty()) {
          reason = Fields.text(waiting, "reason");
        } else if (terminated.isObject() && !Fields.text(terminated, "reason").isEmpty()) {
          reason = Fields.text(terminated, "reason");
        } else if (terminated.isObject()) {
          reason = exitDescription(terminated);
        } else if (Fields.bool(c, "ready") && Fields.isSet(c, "state", "running")) {
          hasRunning = true;
          ready++;
        }
      }
      // A pod with one container still running is not "Completed".
      if (reason.equals("Completed") && hasRunning) {
        reason = hasReadyCondition(status) ? "Running" : "NotReady";
      }
    }

    boolean deleting = !Fields.text(pod, "metadata", "deletionTimestamp").isEmpty();
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    if (deleting && statusReason.equals(NODE_UNREACHABLE_REASON)) {
      reason = "Unknown";
    } else if (deleting && !terminal) {
      reason = "Terminating";
    }
    return new PodSummary(ready, total, reason, restarts, lastRestart);
  }

  /** "3", or "3 (5m ago)" once a container has restarted at a known time. */
  String restartsCell(Instant now) {
    if (restarts != 0 && lastRestart != null) {
      return restarts + " (" + Ages.since(lastRestart, now) + " ago)";
    }
    return Long.toString(restarts);
  }

  private static String exitDescription(JsonNode terminated) {
    long signal = Fields.integer(terminated, "signal");
    return signal != 0
        ? "Signal:" + signal
        : "ExitCode:" + Fields.integer(terminated, "exitCode");
  }

  /** The first condition of this type decides. */
  private static boolean conditionTrue(JsonNode status, String type) {
    for (JsonNode c : Fields.items(status, "conditions")) {
      if (Fields.text(c, "type").equals(type)) return Fields.text(c, "status").equals("True");
    }
    return false;
  }

  /** Any true Ready condition counts. */
  private static boolean hasReadyCondition(JsonNode status) {
    return Fields.items(status, "conditions").stream()
        .anyMatch(c -> Fields.text(c, "type").equals("Ready")
            && Fields.text(c, "status").equals("True"));
  }

  private static Instant later(Instant current, Instant candidate) {
    if (candidate == null) return current;
    return current == null || current.isBefore(candidate) ? candidate : current;
  }
}
