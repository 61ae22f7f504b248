package io.coxswain.agent.lifecycle;

import static io.coxswain.agent.lifecycle.WorkerHarness.condition;
import static io.coxswain.agent.lifecycle.WorkerHarness.container;
import static io.coxswain.agent.lifecycle.WorkerHarness.runningWithRestarts;
import static io.coxswain.agent.lifecycle.WorkerHarness.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodWorkerRestartTest {
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

  /** The CrashLoopBackOff status written while the container with this many restarts waited. */
  private Optional<JsonNode> backOffStatus(int restartCount) {
    return h.status.written.stream()
        .map(s -> container(s, "web"))
        .filter(c -> c.path("restartCount").asInt() == restartCount
            && "CrashLoopBackOff".equals(c.path("state").path("waiting").path("reason").asText()))
        .findFirst();
  }

  @Test
  void restartsCrashedContainerWithGrowingBackOff() {
    ObjectNode pod = Pods.pod("crashy").container("web", "nginx").build();
    h.start(pod);
    String describe = "crashy_default(" + Pods.uid(pod) + ")";
    List<String> delays = List.of("100ms", "200ms", "400ms", "400ms");
    for (int crash = 0; crash < delays.size(); crash++) {
      int attempt = crash;
      h.awaitStatus("attempt " + attempt + " running", st -> runningWithRestarts(st, "web", attempt));
      h.exit("web", attempt, 3);
      h.awaitStatus("attempt " + (attempt + 1) + " running", st -> runningWithRestarts(st, "web", attempt + 1));
      JsonNode waiting = backOffStatus(attempt).orElseThrow(() -> new AssertionError("no CrashLoopBackOff after crash " + attempt));
      assertEquals("back-off " + delays.get(crash) + " restarting failed container=web pod=" + describe,
          waiting.path("state").path("waiting").path("message").asText());
      JsonNode last = waiting.path("lastState").path("terminated");
      assertEquals(3, last.path("exitCode").asInt());
      assertEquals("Error", last.path("reason").asText());
      assertEquals("simulated://" + h.id("web", attempt), last.path("containerID").asText());
      assertTrue(last.has("startedAt") && last.has("finishedAt"), last.toString());
    }
    JsonNode web = container(h.status.latest(), "web");
    assertEquals(3, web.path("lastState").path("terminated").path("exitCode").asInt());
    assertEquals("Running", h.status.latest().path("phase").asText());
    assertEquals(delays.size(), h.events.withReason("BackOff").size());
    assertEquals("Back-off restarting failed container web in pod " + describe, h.events.withReason("BackOff").get(0).message());
  }

  @Test
  void neverRestartPolicyFailsPod() {
    h.start(Pods.pod("once").restartPolicy("Never").container("web", "nginx").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    h.exit("web", 0, 1);
    ObjectNode s = h.awaitStatus("failed", st -> "Failed".equals(st.path("phase").asText()));
    JsonNode terminated = container(s, "web").path("state").path("terminated");
    assertEquals(1, terminated.path("exitCode").asInt());
    assertEquals("Error", terminated.path("reason").asText());
    assertEquals(0, container(s, "web").path("restartCount").asInt());
    h.awaitCall("stopPodSandbox");
    h.awaitStatus("sandbox down", st -> "False".equals(condition(st, "PodReadyToStartContainers").path("status").asText()));
    assertEquals(1, h.journal.startingWith("startContainer").size());
    assertFalse(h.journal.has("deleteTerminated"), "a finished pod stays in the store until deleted");
  }

  @Test
  void onFailureDoesNotRestartSuccessfulContainer() {
    h.start(Pods.pod("job").restartPolicy("OnFailure").container("web", "nginx").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    h.exit("web", 0, 0);
    ObjectNode s = h.awaitStatus("succeeded", st -> "Succeeded".equals(st.path("phase").asText()));
    assertEquals("Completed", container(s, "web").path("state").path("terminated").path("reason").asText());
    assertEquals("PodCompleted", condition(s, "Ready").path("reason").asText());
    assertEquals(1, h.journal.startingWith("startContainer").size());
  }

  @Test
  void onFailureRestartsFailedContainer() {
    h.start(Pods.pod("job").restartPolicy("OnFailure").container("web", "nginx").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    h.exit("web", 0, 1);
    ObjectNode s = h.awaitStatus("restarted", st -> runningWithRestarts(st, "web", 1));
    assertEquals("Running", s.path("phase").asText());
  }

  @Test
  void failingInitContainerIsRestartedBeforeAppsStart() {
    h.start(Pods.pod("p").initContainer("init", "busybox").container("app", "nginx").build());
    h.awaitCall("startContainer init 0");
    h.exit("init", 0, 1);
    h.awaitCall("startContainer init 1");
    assertFalse(h.journal.has("startContainer app"));
    assertTrue(backOffOf("init"), "the init container waited in CrashLoopBackOff");
    h.exit("init", 1, 0);
    h.awaitStatus("app running", st -> state(st, "app").equals("running"));
  }

  private boolean backOffOf(String name) {
    return h.status.written.stream().anyMatch(s -> state(s, name).equals("waiting:CrashLoopBackOff"));
  }

  @Test
  void imageChangeRestartsContainer() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx:1").container("side", "envoy").build();
    h.start(pod);
    h.awaitStatus("running", st -> state(st, "web").equals("running") && state(st, "side").equals("running"));
    h.update(Pods.withImage(pod, "web", "nginx:2"));
    ObjectNode s = h.awaitStatus("nginx:2 running",
        st -> runningWithRestarts(st, "web", 1) && container(st, "web").path("image").asText().equals("nginx:2"));
    assertTrue(h.events.has("Killing", "Container web definition changed, will be restarted"));
    assertTrue(h.journal.has("startContainer web 1 nginx:2"));
    assertEquals(0, container(s, "side").path("restartCount").asInt(), "the other container keeps running");
    assertTrue(h.events.withReason("BackOff").isEmpty(), "a definition change restarts without back-off");
  }
}
