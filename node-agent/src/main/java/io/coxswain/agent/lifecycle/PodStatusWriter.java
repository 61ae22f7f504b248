package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/** The worker's way to the Pod entity: status through the status subresource, and the final delete. */
public interface PodStatusWriter {

  /** Replaces the pod's status (a merge patch of {@code {"status": status}} on pods/status). */
  CompletionStage<Void> writeStatus(String namespace, String name, String uid, ObjectNode status);

  /**
   * Removes a terminated pod from the store (a delete with grace period 0 and a uid precondition),
   * as kubelet does once the containers of a pod being deleted have stopped.
   */
  CompletionStage<Void> deleteTerminated(String namespace, String name, String uid);
}
