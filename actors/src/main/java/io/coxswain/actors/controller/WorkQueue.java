package io.coxswain.actors.controller;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * client-go's work queue semantics for one controller: a key waits at most once however often it is
 * added; a key being reconciled is never handed out again until that reconcile ends (an add meanwhile
 * marks it dirty, and it comes back once done); failures back off per key. Owned by one actor, not
 * thread-safe.
 */
public final class WorkQueue {
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> waiting = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Duration baseDelay;
  private final Duration maxDelay;

  public WorkQueue(Duration baseDelay, Duration maxDelay) {
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /** Queues a key; a no-op when it already waits, deferred when it is being reconciled. */
  public void add(String key) {
    if (processing.contains(key)) {
      dirty.add(key);
    } else if (waiting.add(key)) {
      queue.addLast(key);
    }
  }

  /** The next key to reconcile, now marked as processing; null when none waits. */
  public String next() {
    String key = queue.pollFirst();
    if (key == null) return null;
    waiting.remove(key);
    processing.add(key);
    return key;
  }

  /** The reconcile of {@code key} ended; it is queued again if it was added meanwhile. */
  public void done(String key) {
    processing.remove(key);
    if (dirty.remove(key)) add(key);
  }

  /** Records a failed reconcile and returns how long to wait before adding the key again. */
  public Duration failed(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    long millis = baseDelay.toMillis() << Math.min(n - 1, 30);
    return Duration.ofMillis(Math.min(Math.max(millis, baseDelay.toMillis()), maxDelay.toMillis()));
  }

  /** A successful reconcile resets the key's back-off. */
  public void succeeded(String key) {
    failures.remove(key);
  }

  public int waitingCount() {
    return queue.size();
  }

  public int processingCount() {
    return processing.size();
  }

  public boolean isProcessing(String key) {
    return processing.contains(key);
  }
}
