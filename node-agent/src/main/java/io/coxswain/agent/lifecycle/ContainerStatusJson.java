package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;

/**
 * One entry of status.containerStatuses / initContainerStatuses in Kubernetes' shape. The state is
 * running while an instance runs (also while it is being stopped, as the runtime still reports it);
 * waiting while the container should run but does not; terminated when it ended for good. lastState
 * holds the instance that ended before the one shown.
 */
final class ContainerStatusJson {
  static final String IMAGE_ID_SCHEME = "coxswain://";

  private ContainerStatusJson() {}

  /** @param defaultWaiting the reason shown before the first start (ContainerCreating or PodInitializing) */
  static ObjectNode of(ContainerRecord r, JsonNode spec, String defaultWaiting) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("name", r.name());
    ObjectNode state = s.putObject("state");
    ObjectNode lastState = Json.MAPPER.createObjectNode();
    ContainerRecord.Instance instance = r.instance();
    switch (r.activity()) {
      case RUNNING, STOPPING -> {
        state.putObject("running").put("startedAt", Rfc3339.format(instance.startedAt()));
        terminated(lastState, r.lastExit());
      }
      case CREATING, POST_START, ABORTING -> {
        waiting(state, "ContainerCreating", null);
        terminated(lastState, r.lastExit());
      }
      case IDLE -> {
        if (r.waiting() != null) {
          waiting(state, r.waiting().reason(), r.waiting().message());
          terminated(lastState, r.lastExit());
        } else if (r.lastExit() != null) {
          terminated(state, r.lastExit());
          terminated(lastState, r.priorExit());
        } else {
          waiting(state, defaultWaiting, null);
        }
      }
    }
    s.set("lastState", lastState);
    s.put("ready", r.ready());
    s.put("restartCount", r.restartCount());
    boolean runs = r.activity() == ContainerRecord.Activity.RUNNING || r.activity() == ContainerRecord.Activity.STOPPING;
    s.put("image", runs ? instance.image() : PodView.imageOf(spec));
    s.put("imageID", instance == null ? "" : IMAGE_ID_SCHEME + instance.image());
    if (instance != null) s.put("containerID", instance.containerID());
    s.put("started", r.started());
    return s;
  }

  private static void waiting(ObjectNode state, String reason, String message) {
    ObjectNode w = state.putObject("waiting");
    w.put("reason", reason);
    if (message != null && !message.isEmpty()) w.put("message", message);
  }

  private static void terminated(ObjectNode holder, ContainerRecord.Terminated t) {
    if (t == null) return;
    ObjectNode o = holder.putObject("terminated");
    o.put("exitCode", t.exitCode());
    if (t.reason() != null && !t.reason().isEmpty()) o.put("reason", t.reason());
    if (t.message() != null && !t.message().isEmpty()) o.put("message", t.message());
    if (t.startedAt() != null) o.put("startedAt", Rfc3339.format(t.startedAt()));
    if (t.finishedAt() != null) o.put("finishedAt", Rfc3339.format(t.finishedAt()));
    if (t.containerID() != null) o.put("containerID", t.containerID());
  }
}
