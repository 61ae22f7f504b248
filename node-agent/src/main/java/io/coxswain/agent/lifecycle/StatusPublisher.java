package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A pod worker's status reporting: writes only when the status differs from the last one written,
 * one write at a time (a change during a write is written after it), and after a failed write waits
 * a short back-off (or the next sync, if that comes first) before writing again, the way kubelet's
 * status manager retries on its own 10 s loop rather than its pod workers' resync. Confined to the
 * pod worker's thread.
 */
final class StatusPublisher {
  /** The outcome of one write. */
  record Written(ObjectNode status, Throwable error) implements PodWorker.Command {}

  /** The back-off after a failed write is over. */
  record RetryDue() implements PodWorker.Command {}

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(10);
  private static final String RETRY_TIMER = "status-retry";

  private final ActorContext<PodWorker.Command> context;
  private final TimerScheduler<PodWorker.Command> timers;
  private final PodStatusWriter writer;
  private ObjectNode lastBuilt;
  private ObjectNode lastWritten;
  private boolean writing;
  private boolean backingOff;
  private Duration nextRetry = FIRST_RETRY;

  StatusPublisher(ActorContext<PodWorker.Command> context, TimerScheduler<PodWorker.Command> timers, PodStatusWriter writer) {
    this.context = context;
    this.timers = timers;
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

  /** Writes the status if it is news; {@code last} also writes while backing off after a failure. */
  void publish(PodView pod, ObjectNode status, boolean last) {
    if (writing || (backingOff && !last) || written(status)) return;
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
      nextRetry = FIRST_RETRY;
      return;
    }
    context.getLog().warn("Writing the status of pod {} failed, retrying in {}: {}", pod.describe(),
        GoDuration.format(nextRetry), RuntimeCalls.unwrap(m.error()).getMessage());
    backingOff = true;
    timers.startSingleTimer(RETRY_TIMER, new RetryDue(), nextRetry);
    nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
  }

  /** The back-off is over, or a sync came first: the next publish writes. */
  void retryNow() {
    backingOff = false;
    timers.cancel(RETRY_TIMER);
  }
}
