package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.kinds.PodQosClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod status a worker reports, computed from what it knows and nothing else: the same
 * snapshot always gives the same status (time only enters through {@code now}, for a condition
 * that changes), so the worker can write only when the result differs.
 */
public final class PodStatusBuilder {

  private PodStatusBuilder() {}

  /** Why the whole pod failed, shown as status.reason and status.message. */
  public record Failure(String reason, String message) {}

  /**
   * @param pod the pod as last received (spec, and the stored status for what others own)
   * @param containers the worker's records by container name; a missing one counts as never started
   * @param podIP null before the sandbox exists
   * @param sandboxReady the sandbox runs (PodReadyToStartContainers)
   * @param terminal the worker will run nothing of this pod again
   * @param failure a pod-level failure (DeadlineExceeded), or null
   * @param previous the status last built, for transition times and to keep a terminal phase; null at first
   */
  public record Snapshot(
      ObjectNode pod,
      Map<String, ContainerRecord> containers,
      String hostIP,
      String podIP,
      boolean sandboxReady,
      Instant startTime,
      boolean terminal,
      Failure failure,
      JsonNode previous,
      Instant now) {}

  public static ObjectNode build(Snapshot s) {
    PodView view = new PodView(s.pod());
    JsonNode stored = s.pod().path("status");
    JsonNode previous = s.previous() != null ? s.previous() : stored;
    boolean hasInit = !view.initContainers().isEmpty();
    List<JsonNode> initStatuses = new ArrayList<>();
    for (ObjectNode c : view.initContainers()) initStatuses.add(containerStatus(s, c, true, "PodInitializing"));
    List<JsonNode> statuses = new ArrayList<>();
    for (ObjectNode c : view.containers()) {
      statuses.add(containerStatus(s, c, false, hasInit ? "PodInitializing" : "ContainerCreating"));
    }

    String phase = PodPhase.of(view.restartPolicy(), initStatuses, statuses, s.terminal());
    if (s.terminal() && !PodPhase.terminal(phase)) phase = PodPhase.FAILED;
    Failure failure = s.failure();
    String before = previous.path("phase").asText("");
    if (PodPhase.terminal(before)) {
      // Kubernetes never moves a pod out of Succeeded or Failed.
      phase = before;
      if (previous.has("reason")) failure = new Failure(previous.path("reason").asText(), previous.path("message").asText(""));
    } else if (failure != null) {
      phase = PodPhase.FAILED;
    }

    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("phase", phase);
    out.set("conditions", PodConditions.build(view.spec(), initStatuses, statuses, phase, s.sandboxReady(),
        stored.path("conditions"), previous.path("conditions"), s.now()));
    if (failure != null) {
      out.put("message", failure.message());
      out.put("reason", failure.reason());
    }
    if (s.hostIP() != null) {
      out.put("hostIP", s.hostIP());
      out.putArray("hostIPs").addObject().put("ip", s.hostIP());
    }
    if (s.podIP() != null) {
      out.put("podIP", s.podIP());
      out.putArray("podIPs").addObject().put("ip", s.podIP());
    }
    if (s.startTime() != null) out.put("startTime", Rfc3339.format(s.startTime()));
    if (hasInit) out.putArray("initContainerStatuses").addAll(initStatuses);
    out.putArray("containerStatuses").addAll(statuses);
    String qos = stored.path("qosClass").asText("");
    out.put("qosClass", qos.isEmpty() ? PodQosClass.of(view.spec()) : qos);
    return out;
  }

  private static ObjectNode containerStatus(Snapshot s, ObjectNode spec, boolean init, String defaultWaiting) {
    String name = PodView.nameOf(spec);
    ContainerRecord r = s.containers().get(name);
    if (r == null) r = ContainerRecord.fresh(name, init);
    ObjectNode status = ContainerStatusJson.of(r, spec, defaultWaiting);
    // A completed init container counts as ready, which is what Initialized is computed from.
    if (init && r.completed()) status.put("ready", true);
    return status;
  }
}
