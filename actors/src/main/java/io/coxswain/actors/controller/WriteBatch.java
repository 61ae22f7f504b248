package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writes of one reconcile, sent together: it ends once all have answered and an informer has
 * observed the newest one that succeeded, and then fails with the first failure if any, so a retry
 * never acts on a view that misses the writes that did go through.
 */
final class WriteBatch {
  private final List<CompletableFuture<Void>> writes = new ArrayList<>();
  private final AtomicLong newest = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  void add(CompletionStage<ObjectNode> write) {
    writes.add(write.handle((obj, e) -> {
      if (e != null) failure.compareAndSet(null, e);
      else newest.accumulateAndGet(ControllerWrites.resourceVersion(obj), Math::max);
      return (Void) null;
    }).toCompletableFuture());
  }

  boolean isEmpty() {
    return writes.isEmpty();
  }

  CompletionStage<Void> observedBy(Informer informer, Duration timeout) {
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .thenCompose(v -> informer.awaitObserved(newest.get(), timeout))
        .thenRun(() -> {
          Throwable e = failure.get();
          if (e != null) throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
  }
}
