package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every status written; can refuse the next few writes. */
final class InMemoryStatusWriter implements PodStatusWriter {
  final List<ObjectNode> written = new CopyOnWriteArrayList<>();
  private final AtomicInteger failWrites = new AtomicInteger();
  private final Journal journal;

  InMemoryStatusWriter(Journal journal) {
    this.journal = journal;
  }

  void failNextWrites(int n) {
    failWrites.set(n);
  }

  ObjectNode latest() {
    return written.isEmpty() ? null : written.get(written.size() - 1);
  }

  @Override
  public CompletionStage<Void> writeStatus(String namespace, String name, String uid, ObjectNode status) {
    if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      journal.add("writeStatus failed");
      return CompletableFuture.failedFuture(new IllegalStateException("the API server is unavailable"));
    }
    written.add(status.deepCopy());
    journal.add("writeStatus " + status.path("phase").asText());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> deleteTerminated(String namespace, String name, String uid) {
    journal.add("deleteTerminated " + namespace + "/" + name + " " + uid);
    return CompletableFuture.completedFuture(null);
  }
}
