package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A pod worker's status reporting: writes only when the status differs from the last one written,
 * one write at a time (a change during a write is written after it), and after a failed write waits
 * for the next sync. Confined to the pod worker's thread.
 */
final class StatusPublisher {
  /** The outcome of one write. */
  record Written(ObjectNode status, Throwable error) implements PodWorker.Command {}

  private final ActorContext<PodWorker.Command> context;
  private final PodStatusWriter writer;
  private ObjectNode lastBuilt;
  private ObjectNode lastWritten;
  private boolean writing;
  private boolean retryOnSync;

  StatusPublisher(ActorContext<PodWorker.Command> context, PodStatusWriter writer) {
    this.context = context;
    this.writer = writer;
  }

  /** Builds the status from a snapshot that gets the previously built status (for transition times). */
  ObjectNode build(Function<JsonNode, PodStatusBuilder.Snapshot> snapshot) {
    lastBuilt = PodStatusBuilder.build(snapshot.apply(lastBuilt));
    return lastBuilt;
  }

  boolean writing() {
    return writing;
  }

  boolean written(ObjectNode status) {
    return status.equals(lastWritten);
  }

  /** Writes the status if it is news; {@code last} also writes while waiting for a sync after a failure. */
  void publish(PodView pod, ObjectNode status, boolean last) {
    if (writing || (retryOnSync && !last) || written(status)) return;
    writing = true;
    CompletionStage<Void> done;
    try {
      done = writer.writeStatus(pod.namespace(), pod.name(), pod.uid(), status);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    context.pipeToSelf(done, (ok, e) -> new Written(status, e));
  }

  void onWritten(Written m, PodView pod) {
    writing = false;
    if (m.error() == null) {
      lastWritten = m.status();
      return;
    }
    context.getLog().warn("Writing the status of pod {} failed, retrying on the next sync: {}", pod.describe(),
        RuntimeCalls.unwrap(m.error()).getMessage());
    retryOnSync = true;
  }

  void syncReached() {
    retryOnSync = false;
  }
}
