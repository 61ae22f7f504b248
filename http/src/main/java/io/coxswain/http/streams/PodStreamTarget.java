package io.coxswain.http.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.StatusException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which container of a pod a logs or exec request means, checked against the pod as stored: the
 * apiserver's container validation, then kubelet's check of the container's state, with their
 * messages (kubectl shows them as they are).
 *
 * @param container the container's name
 * @param containerId the attempt to read or run in, as containerStatuses reports it; null when the
 *     status names none
 * @param nodeName the node the pod is bound to
 */
public record PodStreamTarget(String podName, String container, String containerId, String nodeName) {

  /** A logs request: the container, and the attempt its (previous) logs come from. */
  public static PodStreamTarget forLogs(JsonNode pod, String requested, boolean previous) {
    String name = pod.path("metadata").path("name").asText();
    String container = containerName(pod, requested);
    String node = boundNode(pod);
    JsonNode status = containerStatus(pod, container);
    JsonNode state = status.path("state");
    JsonNode lastTerminated = status.path("lastState").path("terminated");
    String id;
    if (previous) {
      id = lastTerminated.path("containerID").asText("");
      if (!lastTerminated.isObject() || id.isEmpty()) {
        throw StatusException.badRequest("previous terminated container \"" + container + "\" in pod \"" + name + "\" not found");
      }
    } else if (state.path("running").isObject()) {
      id = status.path("containerID").asText("");
    } else if (state.path("terminated").isObject()) {
      id = status.path("containerID").asText("");
      if (id.isEmpty()) id = state.path("terminated").path("containerID").asText("");
      if (id.isEmpty()) id = lastTerminated.path("containerID").asText("");
      if (id.isEmpty()) throw terminated(container, name);
    } else if (lastTerminated.isObject()) {
      // Waiting to restart (CrashLoopBackOff): the logs are those of the run that ended.
      id = lastTerminated.path("containerID").asText("");
      if (id.isEmpty()) throw terminated(container, name);
    } else if (state.path("waiting").isObject()) {
      String reason = state.path("waiting").path("reason").asText("");
      throw StatusException.badRequest("container \"" + container + "\" in pod \"" + name + "\" is waiting to start: "
          + switch (reason) {
            case "ErrImagePull" -> "image can't be pulled";
            case "ImagePullBackOff" -> "trying and failing to pull image";
            default -> reason;
          });
    } else {
      throw StatusException.badRequest("container \"" + container + "\" in pod \"" + name
          + "\" is waiting to start: ContainerCreating");
    }
    return new PodStreamTarget(name, container, id.isEmpty() ? null : id, node);
  }

  /** An exec request: the container must be running. */
  public static PodStreamTarget forExec(JsonNode pod, String requested) {
    String name = pod.path("metadata").path("name").asText();
    String container = containerName(pod, requested);
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      throw StatusException.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
    }
    String node = boundNode(pod);
    JsonNode status = containerStatus(pod, container);
    JsonNode state = status.path("state");
    if (!state.path("running").isObject()) {
      String why;
      if (state.path("waiting").isObject()) {
        why = "is waiting to start: " + state.path("waiting").path("reason").asText("ContainerCreating");
      } else if (state.path("terminated").isObject()) {
        why = "is not running: it terminated (" + state.path("terminated").path("reason").asText("Error") + ")";
      } else {
        why = "is waiting to start: ContainerCreating";
      }
      throw StatusException.badRequest("container \"" + container + "\" in pod \"" + name + "\" " + why);
    }
    String id = status.path("containerID").asText("");
    return new PodStreamTarget(name, container, id.isEmpty() ? null : id, node);
  }

  /** The apiserver's rule: a named container must exist; no name is fine for a one-container pod only. */
  static String containerName(JsonNode pod, String requested) {
    String name = pod.path("metadata").path("name").asText();
    List<String> all = new ArrayList<>();
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode c : pod.path("spec").path(list)) all.add(c.path("name").asText());
    }
    if (requested == null || requested.isEmpty()) {
      JsonNode containers = pod.path("spec").path("containers");
      if (containers.size() == 1) return containers.get(0).path("name").asText();
      if (containers.isEmpty()) throw StatusException.badRequest("pod " + name + " does not have a container");
      throw StatusException.badRequest("a container name must be specified for pod " + name
          + ", choose one of: [" + String.join(" ", all) + "]");
    }
    if (!all.contains(requested)) {
      throw StatusException.badRequest("container " + requested + " is not valid for pod " + name);
    }
    return requested;
  }

  private static String boundNode(JsonNode pod) {
    String node = pod.path("spec").path("nodeName").asText("");
    if (node.isEmpty()) {
      throw StatusException.badRequest("pod " + pod.path("metadata").path("name").asText()
          + " is not running on a node yet: it has not been scheduled");
    }
    return node;
  }

  /** The container's entry in any of the three status lists; a missing node when there is none yet. */
  private static JsonNode containerStatus(JsonNode pod, String container) {
    for (String list : List.of("initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses")) {
      for (JsonNode s : pod.path("status").path(list)) {
        if (container.equals(s.path("name").asText())) return s;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static StatusException terminated(String container, String pod) {
    return StatusException.badRequest("container \"" + container + "\" in pod \"" + pod + "\" is terminated");
  }
}
