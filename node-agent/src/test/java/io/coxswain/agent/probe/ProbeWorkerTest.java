package io.coxswain.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ProbeWorkerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ExecutorService blocking = Executors.newCachedThreadPool();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    blocking.shutdownNow();
  }

  /** Answers the scripted outcomes in order, then repeats the last one. */
  private static Supplier<ProbeOutcome> script(AtomicInteger calls, ProbeOutcome... outcomes) {
    ConcurrentLinkedQueue<ProbeOutcome> queue = new ConcurrentLinkedQueue<>(List.of(outcomes));
    return () -> {
      calls.incrementAndGet();
      return queue.size() > 1 ? queue.poll() : queue.peek();
    };
  }

  private static ProbeSpec spec(int success, int failure) {
    return new ProbeSpec(new Handler.Exec(List.of("check")), Duration.ZERO, Duration.ofMillis(20), Duration.ofSeconds(1),
        success, failure, null);
  }

  private ActorRef<ProbeWorker.Command> start(ProbeType type, ProbeSpec spec, Supplier<ProbeOutcome> check, TestProbe<ProbeWorker.Report> reports) {
    return testKit.spawn(ProbeWorker.create(
        new ProbeWorker.Setup("web", "id-1", type, spec, Duration.ZERO, check, blocking, reports.getRef())));
  }

  @Test
  void livenessReportsEachFailedCheckThenFailureAtThresholdAndStops() {
    TestProbe<ProbeWorker.Report> reports = testKit.createTestProbe();
    AtomicInteger calls = new AtomicInteger();
    var worker = start(ProbeType.LIVENESS, spec(1, 3), script(calls, ProbeOutcome.failure("down")), reports);
    for (int i = 0; i < 3; i++) {
      var failed = assertInstanceOf(ProbeWorker.CheckFailed.class, reports.receiveMessage(WAIT));
      assertEquals("down", failed.outcome().message());
    }
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.LIVENESS, false), reports.receiveMessage(WAIT));
    reports.expectTerminated(worker, WAIT);
    assertEquals(3, calls.get());
  }

  @Test
  void readinessFlipsBothWaysWithoutStopping() {
    TestProbe<ProbeWorker.Report> reports = testKit.createTestProbe();
    AtomicInteger calls = new AtomicInteger();
    var worker = start(ProbeType.READINESS, spec(1, 1),
        script(calls, ProbeOutcome.success(""), ProbeOutcome.failure("busy"), ProbeOutcome.success("")), reports);
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.READINESS, true), reports.receiveMessage(WAIT));
    assertInstanceOf(ProbeWorker.CheckFailed.class, reports.receiveMessage(WAIT));
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.READINESS, false), reports.receiveMessage(WAIT));
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.READINESS, true), reports.receiveMessage(WAIT));
    testKit.stop(worker);
  }

  @Test
  void startupStopsProbingOnceItSucceeds() {
    TestProbe<ProbeWorker.Report> reports = testKit.createTestProbe();
    AtomicInteger calls = new AtomicInteger();
    var worker = start(ProbeType.STARTUP, spec(1, 10),
        script(calls, ProbeOutcome.failure("starting"), ProbeOutcome.success("")), reports);
    assertInstanceOf(ProbeWorker.CheckFailed.class, reports.receiveMessage(WAIT));
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.STARTUP, true), reports.receiveMessage(WAIT));
    reports.expectTerminated(worker, WAIT);
    assertEquals(2, calls.get());
  }

  @Test
  void checkThatThrowsCountsAsUnknownAndChangesNothing() {
    TestProbe<ProbeWorker.Report> reports = testKit.createTestProbe();
    AtomicInteger calls = new AtomicInteger();
    Supplier<ProbeOutcome> check = () -> {
      if (calls.incrementAndGet() == 1) throw new IllegalStateException("boom");
      return ProbeOutcome.success("");
    };
    var worker = start(ProbeType.READINESS, spec(1, 1), check, reports);
    var failed = assertInstanceOf(ProbeWorker.CheckFailed.class, reports.receiveMessage(WAIT));
    assertEquals(ProbeOutcome.Result.UNKNOWN, failed.outcome().result());
    assertEquals(new ProbeWorker.ResultChanged("web", "id-1", ProbeType.READINESS, true), reports.receiveMessage(WAIT));
    testKit.stop(worker);
  }
}
