package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Records a Kubernetes Event about a pod (source component "kubelet", host the node). */
public interface EventRecorder {

  /**
   * @param pod the pod the event is about
   * @param fieldPath the container it concerns ({@code spec.containers{name}}), or null
   * @param type "Normal" or "Warning"
   * @param reason e.g. Pulled, Created, Started, Killing, BackOff, Unhealthy
   */
  void record(ObjectNode pod, String fieldPath, String type, String reason, String message);
}
