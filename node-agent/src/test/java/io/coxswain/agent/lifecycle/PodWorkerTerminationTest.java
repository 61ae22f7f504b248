package io.coxswain.agent.lifecycle;

import static io.coxswain.agent.lifecycle.WorkerHarness.container;
import static io.coxswain.agent.lifecycle.WorkerHarness.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodWorkerTerminationTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private WorkerHarness h;

  @BeforeEach
  void harness() {
    h = new WorkerHarness(kit);
  }

  @AfterEach
  void close() {
    h.close();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private List<String> callsAfterStart() {
    return h.journal.entries().stream()
        .filter(e -> !e.startsWith("writeStatus") && !e.startsWith("runPodSandbox") && !e.startsWith("startContainer"))
        .toList();
  }

  @Test
  void deletionStopsContainersThenDeletesPod() {
    ObjectNode pod = Pods.pod("p").container("a", "nginx").container("b", "envoy").build();
    h.start(pod);
    h.awaitStatus("running", st -> state(st, "a").equals("running") && state(st, "b").equals("running"));
    TestProbe<Object> watcher = kit.createTestProbe();
    h.update(Pods.deleting(pod, 7));
    watcher.expectTerminated(h.worker, WorkerHarness.WAIT);

    List<String> calls = callsAfterStart();
    String uid = Pods.uid(pod);
    assertEquals(List.of("stopContainer a 7000", "stopContainer b 7000"), calls.subList(0, 2).stream().sorted().toList());
    assertEquals(List.of("stopPodSandbox", "deleteTerminated default/p " + uid, "removePodSandbox"), calls.subList(2, calls.size()));
    ObjectNode last = h.status.latest();
    assertEquals("terminated", state(last, "a"));
    assertEquals("Failed", last.path("phase").asText(), "containers killed by deletion exit 137");
    assertTrue(h.journal.indexOf("writeStatus Failed") < h.journal.indexOf("deleteTerminated"));
    assertEquals(2, h.events.withReason("Killing").size());
    assertTrue(h.events.has("Killing", "Stopping container a"));
  }

  @Test
  void preStopRunsBeforeStop() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx")
        .set("web", "lifecycle", "{'preStop':{'exec':{'command':['drain','--now']}}}").build();
    h.start(pod);
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    TestProbe<Object> watcher = kit.createTestProbe();
    h.update(Pods.deleting(pod, 30));
    watcher.expectTerminated(h.worker, WorkerHarness.WAIT);
    int hook = h.journal.indexOf("execSync web drain --now");
    int stop = h.journal.indexOf("stopContainer web");
    assertTrue(hook >= 0 && hook < stop, h.journal.toString());
    long grace = Long.parseLong(h.journal.entries().get(stop).split(" ")[2]);
    assertTrue(grace <= 30_000 && grace >= 2_000, "the hook's time comes out of the grace period: " + grace);
  }

  @Test
  void failedPreStopHookIsReportedAndTheStopGoesOn() {
    h.simulated.respondToExec((c, cmd) -> new io.coxswain.agent.runtime.ExecResult(1, "drain failed", false));
    ObjectNode pod = Pods.pod("p").container("web", "nginx")
        .set("web", "lifecycle", "{'preStop':{'exec':{'command':['drain']}}}").build();
    h.start(pod);
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    TestProbe<Object> watcher = kit.createTestProbe();
    h.update(Pods.deleting(pod, 10));
    watcher.expectTerminated(h.worker, WorkerHarness.WAIT);
    assertEquals(1, h.events.withReason("FailedPreStopHook").size(), () -> h.journal + " " + h.events.recorded);
    assertTrue(h.journal.has("deleteTerminated"));
  }

  @Test
  void removedPodStopsContainersQuicklyWithoutDeleting() {
    h.start(Pods.pod("p").container("web", "nginx").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    int writes = h.status.written.size();
    TestProbe<Object> watcher = kit.createTestProbe();
    h.worker.tell(new PodWorker.Removed());
    watcher.expectTerminated(h.worker, WorkerHarness.WAIT);
    assertEquals(List.of("stopContainer web 2000", "stopPodSandbox", "removePodSandbox"), callsAfterStart());
    assertEquals(writes, h.status.written.size(), "a pod gone from the store gets no more status");
  }

  @Test
  void deletionOfFinishedPodCleansUpWithoutStoppingAgain() {
    ObjectNode pod = Pods.pod("p").restartPolicy("Never").container("web", "nginx").build();
    h.start(pod);
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    h.exit("web", 0, 0);
    h.awaitStatus("succeeded", st -> "Succeeded".equals(st.path("phase").asText()));
    TestProbe<Object> watcher = kit.createTestProbe();
    h.update(Pods.deleting(pod, 30));
    watcher.expectTerminated(h.worker, WorkerHarness.WAIT);
    assertFalse(h.journal.has("stopContainer"));
    assertTrue(h.journal.has("deleteTerminated"));
    assertEquals("Succeeded", h.status.latest().path("phase").asText());
  }

  @Test
  void activeDeadlineFailsPod() {
    h.start(Pods.pod("p").spec("activeDeadlineSeconds", "30").container("web", "nginx").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    h.clock.advance(Duration.ofSeconds(31));
    h.sync();
    // Like kubelet, the phase turns Failed at once and the containers follow as they are killed.
    ObjectNode s = h.awaitStatus("failed and stopped",
        st -> "Failed".equals(st.path("phase").asText()) && state(st, "web").equals("terminated"));
    assertEquals("DeadlineExceeded", s.path("reason").asText());
    assertEquals("Pod was active on the node longer than the specified deadline", s.path("message").asText());
    h.awaitCall("stopPodSandbox");
    assertTrue(h.journal.has("stopContainer web 30000"));
    assertEquals(1, h.journal.startingWith("startContainer").size());
    assertTrue(h.events.has("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"));
    assertEquals(0, container(s, "web").path("restartCount").asInt());
  }
}
