package io.coxswain.agent.lifecycle;

import static io.coxswain.agent.lifecycle.WorkerHarness.condition;
import static io.coxswain.agent.lifecycle.WorkerHarness.container;
import static io.coxswain.agent.lifecycle.WorkerHarness.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ExecResult;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodWorkerProbeTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private WorkerHarness h;
  /** Exec commands (first word) that currently fail. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void harness() {
    h = new WorkerHarness(kit);
    h.simulated.respondToExec((c, cmd) -> failing.contains(cmd.get(0))
        ? new ExecResult(1, cmd.get(0) + " says no", false)
        : new ExecResult(0, "", false));
  }

  @AfterEach
  void close() {
    h.close();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static String execProbe(String command, int failureThreshold) {
    return "{'exec':{'command':['" + command + "']},'periodSeconds':1,'timeoutSeconds':1,'successThreshold':1,'failureThreshold':"
        + failureThreshold + "}";
  }

  @Test
  void readinessFailureFlipsReadyWithoutRestart() {
    h.start(Pods.pod("p").container("web", "nginx").set("web", "readinessProbe", execProbe("ready-check", 1)).build());
    ObjectNode s = h.awaitStatus("ready", st -> container(st, "web").path("ready").asBoolean());
    assertEquals("True", condition(s, "Ready").path("status").asText());

    failing.add("ready-check");
    s = h.awaitStatus("unready", st -> !container(st, "web").path("ready").asBoolean());
    assertEquals("ContainersNotReady", condition(s, "Ready").path("reason").asText());
    assertEquals("containers with unready status: [web]", condition(s, "ContainersReady").path("message").asText());
    assertEquals("running", state(s, "web"));
    assertTrue(h.events.has("Unhealthy", "Readiness probe failed: ready-check says no"));

    failing.remove("ready-check");
    h.awaitStatus("ready again", st -> container(st, "web").path("ready").asBoolean());
    assertEquals(1, h.journal.startingWith("startContainer").size());
    assertFalse(h.journal.has("stopContainer"));
  }

  @Test
  void containerWithoutReadinessProbeIsReadyOnceRunning() {
    h.start(Pods.pod("p").container("web", "nginx").build());
    ObjectNode s = h.awaitStatus("running", st -> state(st, "web").equals("running"));
    assertTrue(container(s, "web").path("ready").asBoolean());
  }

  @Test
  void livenessFailureRestartsContainer() {
    failing.add("alive-check");
    h.start(Pods.pod("p").container("web", "nginx").set("web", "livenessProbe", execProbe("alive-check", 1)).build());
    h.awaitCall("startContainer web 1");
    failing.remove("alive-check");
    assertTrue(h.events.has("Unhealthy", "Liveness probe failed: alive-check says no"));
    assertTrue(h.events.has("Killing", "Container web failed liveness probe, will be restarted"));
    assertTrue(h.journal.indexOf("stopContainer web") < h.journal.indexOf("startContainer web 1"));
    // The restarted instance may fail its first check too before the probe was told to pass.
    ObjectNode s = h.awaitStatus("restarted", st -> state(st, "web").equals("running") && container(st, "web").path("restartCount").asInt() >= 1);
    assertEquals(137, container(s, "web").path("lastState").path("terminated").path("exitCode").asInt());
  }

  @Test
  void livenessKillUsesTheProbeLevelGracePeriod() {
    failing.add("alive-check");
    h.start(Pods.pod("p").container("web", "nginx")
        .set("web", "livenessProbe", "{'exec':{'command':['alive-check']},'periodSeconds':1,'failureThreshold':1,'terminationGracePeriodSeconds':5}")
        .build());
    h.awaitCall("stopContainer web");
    assertEquals("stopContainer web 5000", h.journal.startingWith("stopContainer web").get(0));
  }

  @Test
  void startupProbeGatesLiveness() {
    failing.add("started-check");
    failing.add("alive-check");
    h.start(Pods.pod("p").container("web", "nginx")
        .set("web", "startupProbe", execProbe("started-check", 100))
        .set("web", "livenessProbe", execProbe("alive-check", 1))
        .build());
    h.await("two startup checks", () -> h.journal.startingWith("execSync web started-check").size() >= 2);
    assertFalse(h.journal.has("execSync web alive-check"), "liveness must wait for the startup probe");
    assertFalse(h.journal.has("stopContainer"));
    ObjectNode s = h.status.latest();
    assertFalse(container(s, "web").path("started").asBoolean());
    assertFalse(container(s, "web").path("ready").asBoolean());

    failing.remove("started-check");
    h.awaitCall("execSync web alive-check");
    h.await("the liveness kill", () -> h.events.has("Killing", "Container web failed liveness probe, will be restarted"));
  }

  @Test
  void failedStartupProbeKillsContainer() {
    failing.add("started-check");
    h.start(Pods.pod("p").restartPolicy("Never").container("web", "nginx")
        .set("web", "startupProbe", execProbe("started-check", 2)).build());
    ObjectNode s = h.awaitStatus("failed", st -> "Failed".equals(st.path("phase").asText()));
    assertEquals("terminated", state(s, "web"));
    assertTrue(h.events.has("Killing", "Container web failed startup probe"));
  }

  @Test
  void postStartFailureKillsContainer() {
    failing.add("post-start");
    h.start(Pods.pod("p").restartPolicy("Never").container("web", "nginx")
        .set("web", "lifecycle", "{'postStart':{'exec':{'command':['post-start']}}}").build());
    ObjectNode s = h.awaitStatus("failed", st -> "Failed".equals(st.path("phase").asText()));
    assertEquals("terminated", state(s, "web"));
    assertEquals(1, h.events.withReason("FailedPostStartHook").size());
    assertTrue(h.events.withReason("FailedPostStartHook").get(0).message().contains("post-start says no"));
    assertTrue(h.journal.indexOf("execSync web post-start") < h.journal.indexOf("stopContainer web"));
    assertTrue(h.status.written.stream().noneMatch(st -> state(st, "web").equals("running")),
        "a container is not reported running before its postStart hook succeeded");
  }

  @Test
  void postStartSuccessLetsContainerRun() {
    h.start(Pods.pod("p").container("web", "nginx")
        .set("web", "lifecycle", "{'postStart':{'exec':{'command':['post-start']}}}").build());
    h.awaitStatus("running", st -> state(st, "web").equals("running"));
    assertTrue(h.journal.has("execSync web post-start"));
  }
}
