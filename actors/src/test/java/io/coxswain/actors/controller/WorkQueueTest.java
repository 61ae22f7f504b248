package io.coxswain.actors.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  final WorkQueue queue = new WorkQueue(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void aKeyAddedTwiceWaitsOnce() {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertEquals("a", queue.next());
    assertEquals("b", queue.next());
    assertNull(queue.next());
  }

  @Test
  void aKeyAddedWhileProcessingComesBackOnlyAfterItIsDone() {
    queue.add("a");
    assertEquals("a", queue.next());
    queue.add("a");
    assertNull(queue.next(), "never handed out twice at once");
    queue.done("a");
    assertEquals("a", queue.next());
    queue.done("a");
    assertNull(queue.next(), "done without a new add does not requeue");
  }

  @Test
  void failuresBackOffExponentiallyUpToTheMaximumAndSuccessResets() {
    assertEquals(Duration.ofMillis(100), queue.failed("a"));
    assertEquals(Duration.ofMillis(200), queue.failed("a"));
    assertEquals(Duration.ofMillis(400), queue.failed("a"));
    for (int i = 0; i < 40; i++) queue.failed("a");
    assertEquals(Duration.ofSeconds(5), queue.failed("a"));
    assertEquals(Duration.ofMillis(100), queue.failed("b"), "keys back off independently");
    queue.succeeded("a");
    assertEquals(Duration.ofMillis(100), queue.failed("a"));
  }
}
