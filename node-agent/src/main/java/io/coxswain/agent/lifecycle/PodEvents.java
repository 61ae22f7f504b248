package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.probe.ProbeOutcome;
import io.coxswain.agent.probe.ProbeType;

/** The events kubelet records about a pod's containers, with its reasons and wording. */
final class PodEvents {
  private static final String NORMAL = "Normal";
  private static final String WARNING = "Warning";

  private final EventRecorder recorder;

  PodEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  static String fieldPath(ContainerRecord c) {
    return (c.init() ? "spec.initContainers{" : "spec.containers{") + c.name() + "}";
  }

  void pulled(ObjectNode pod, ContainerRecord c, String image) {
    container(pod, c, NORMAL, "Pulled", "Container image \"" + image + "\" already present on machine");
  }

  void created(ObjectNode pod, ContainerRecord c) {
    container(pod, c, NORMAL, "Created", "Created container " + c.name());
  }

  void started(ObjectNode pod, ContainerRecord c) {
    container(pod, c, NORMAL, "Started", "Started container " + c.name());
  }

  void killing(ObjectNode pod, ContainerRecord c, String message) {
    container(pod, c, NORMAL, "Killing", message != null ? message : "Stopping container " + c.name());
  }

  void backOff(ObjectNode pod, ContainerRecord c) {
    container(pod, c, WARNING, "BackOff",
        "Back-off restarting failed container " + c.name() + " in pod " + new PodView(pod).describe());
  }

  void unhealthy(ObjectNode pod, ContainerRecord c, ProbeType type, ProbeOutcome outcome) {
    String verb = outcome.result() == ProbeOutcome.Result.UNKNOWN ? " probe errored: " : " probe failed: ";
    container(pod, c, WARNING, "Unhealthy", type.title() + verb + outcome.message());
  }

  /** A container that could not be created or started (kubelet's "Error: …"). */
  void failed(ObjectNode pod, ContainerRecord c, String message) {
    container(pod, c, WARNING, "Failed", "Error: " + message);
  }

  void hookFailed(ObjectNode pod, ContainerRecord c, String reason, String message) {
    container(pod, c, WARNING, reason, message);
  }

  void pod(ObjectNode pod, boolean warning, String reason, String message) {
    recorder.record(pod, null, warning ? WARNING : NORMAL, reason, message);
  }

  private void container(ObjectNode pod, ContainerRecord c, String type, String reason, String message) {
    recorder.record(pod, fieldPath(c), type, reason, message);
  }
}
