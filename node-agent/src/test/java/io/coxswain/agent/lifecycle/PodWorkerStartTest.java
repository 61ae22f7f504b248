package io.coxswain.agent.lifecycle;

import static io.coxswain.agent.lifecycle.WorkerHarness.condition;
import static io.coxswain.agent.lifecycle.WorkerHarness.container;
import static io.coxswain.agent.lifecycle.WorkerHarness.runningWithRestarts;
import static io.coxswain.agent.lifecycle.WorkerHarness.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.SandboxConfig;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodWorkerStartTest {
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

  @Test
  void startsSandboxThenContainersAndReportsRunningReadyPod() {
    h.start(Pods.pod("web").container("web", "nginx:1.27").build());
    ObjectNode s = h.awaitStatus("a ready pod", st -> "True".equals(condition(st, "Ready").path("status").asText()));
    assertEquals("Running", s.path("phase").asText());
    assertEquals(WorkerHarness.HOST_IP, s.path("hostIP").asText());
    assertTrue(s.path("podIP").asText().startsWith("10.7."), s.toString());
    assertEquals(s.path("podIP").asText(), s.path("podIPs").path(0).path("ip").asText());
    JsonNode web = container(s, "web");
    assertEquals("simulated://" + h.id("web", 0), web.path("containerID").asText());
    assertEquals("coxswain://nginx:1.27", web.path("imageID").asText());
    assertTrue(web.path("started").asBoolean());
    assertEquals(List.of("runPodSandbox web", "startContainer web 0 nginx:1.27"),
        h.journal.entries().stream().filter(e -> !e.startsWith("writeStatus")).toList());
    assertTrue(h.events.has("Pulled", "Container image \"nginx:1.27\" already present on machine"));
    assertTrue(h.events.has("Created", "Created container web"));
    assertTrue(h.events.has("Started", "Started container web"));
    assertEquals("spec.containers{web}", h.events.withReason("Started").get(0).fieldPath());
  }

  @Test
  void runsInitContainersInOrderBeforeAppContainers() {
    h.start(Pods.pod("p").initContainer("init1", "busybox").initContainer("init2", "busybox").container("app", "nginx").build());
    h.awaitCall("startContainer init1 0");
    ObjectNode s = h.awaitStatus("init1 running", st -> state(st, "init1").equals("running"));
    assertEquals("waiting:PodInitializing", state(s, "init2"));
    assertEquals("waiting:PodInitializing", state(s, "app"));
    assertEquals("Pending", s.path("phase").asText());
    assertEquals("containers with incomplete status: [init1 init2]", condition(s, "Initialized").path("message").asText());
    assertFalse(h.journal.has("startContainer init2"));

    h.exit("init1", 0, 0);
    h.awaitCall("startContainer init2 0");
    assertFalse(h.journal.has("startContainer app"));
    h.exit("init2", 0, 0);
    s = h.awaitStatus("app running", st -> state(st, "app").equals("running"));
    assertEquals("Running", s.path("phase").asText());
    assertEquals("True", condition(s, "Initialized").path("status").asText());
    JsonNode init1 = container(s, "init1");
    assertEquals("Completed", init1.path("state").path("terminated").path("reason").asText());
    assertTrue(init1.path("ready").asBoolean());
    List<String> starts = h.journal.startingWith("startContainer");
    assertEquals(List.of("startContainer init1 0 busybox", "startContainer init2 0 busybox", "startContainer app 0 nginx"), starts);
    assertEquals("spec.initContainers{init1}", h.events.withReason("Started").get(0).fieldPath());
  }

  @Test
  void failedInitContainerUnderNeverFailsPodWithoutStartingApps() {
    h.start(Pods.pod("p").restartPolicy("Never").initContainer("init", "busybox").container("app", "nginx").build());
    h.awaitCall("startContainer init 0");
    h.exit("init", 0, 1);
    ObjectNode s = h.awaitStatus("a failed pod", st -> "Failed".equals(st.path("phase").asText()));
    assertEquals(1, container(s, "init").path("state").path("terminated").path("exitCode").asInt());
    assertEquals("waiting:PodInitializing", state(s, "app"));
    h.awaitCall("stopPodSandbox");
    assertFalse(h.journal.has("startContainer app"));
  }

  @Test
  void adoptsRunningContainersWithoutDuplicates() throws Exception {
    ObjectNode pod = Pods.pod("adopted").container("web", "nginx").build();
    String uid = Pods.uid(pod);
    // What an earlier agent left behind: attempt 0 crashed, attempt 1 still runs.
    h.simulated.runPodSandbox(new SandboxConfig(uid, "default", "adopted", false, "adopted"));
    var config = new ContainerConfig("web", 0, "nginx", List.of("nginx"), Map.of(), null, List.of(), 0, 0, false, false);
    h.simulated.startContainer(uid, config);
    h.simulated.exit(uid + "/web/0", 2, null);
    h.simulated.startContainer(uid, new ContainerConfig("web", 1, "nginx", List.of("nginx"), Map.of(), null, List.of(), 0, 0, false, false));

    h.start(pod);
    ObjectNode s = h.awaitStatus("the adopted container running", st -> runningWithRestarts(st, "web", 1));
    JsonNode web = container(s, "web");
    assertEquals("simulated://" + uid + "/web/1", web.path("containerID").asText());
    assertEquals(2, web.path("lastState").path("terminated").path("exitCode").asInt());
    assertEquals("simulated://" + uid + "/web/0", web.path("lastState").path("terminated").path("containerID").asText());
    assertTrue(h.journal.startingWith("startContainer").isEmpty(), h.journal.toString());
    assertFalse(h.journal.has("runPodSandbox"));

    h.exit("web", 1, 1);
    h.awaitCall("startContainer web 2");
    assertEquals(1, h.journal.startingWith("startContainer").size());
  }

  @Test
  void configErrorReportedAsWaitingReasonAndRetried() {
    h.inputs.fail("web", new ContainerConfigException("CreateContainerConfigError", "configmap \"settings\" not found"));
    h.start(Pods.pod("p").container("web", "nginx").build());
    ObjectNode s = h.awaitStatus("a config error", st -> state(st, "web").equals("waiting:CreateContainerConfigError"));
    assertEquals("configmap \"settings\" not found", container(s, "web").path("state").path("waiting").path("message").asText());
    assertEquals("Pending", s.path("phase").asText());
    assertTrue(h.events.has("Failed", "Error: configmap \"settings\" not found"));

    h.inputs.fail("web", null);
    h.sync();
    s = h.awaitStatus("web running after the retry", st -> runningWithRestarts(st, "web", 0));
    assertEquals("Running", s.path("phase").asText());
  }

  @Test
  void runtimeStartFailureShowsRunContainerErrorAndIsRetried() {
    h.runtime.failStarts("web", "exec: \"nginx\": executable file not found");
    h.start(Pods.pod("p").container("web", "nginx").build());
    ObjectNode s = h.awaitStatus("RunContainerError", st -> state(st, "web").equals("waiting:RunContainerError"));
    assertTrue(container(s, "web").path("state").path("waiting").path("message").asText().contains("executable file not found"));
    h.runtime.failStarts("web", null);
    h.sync();
    h.awaitStatus("web running", st -> runningWithRestarts(st, "web", 0));
  }

  @Test
  void statusWrittenOnlyOnChange() {
    ObjectNode pod = Pods.pod("p").restartPolicy("Never").container("web", "nginx").build();
    h.start(pod);
    h.awaitStatus("ready", st -> "True".equals(condition(st, "Ready").path("status").asText()));
    int before = h.status.written.size();
    for (int i = 0; i < 3; i++) h.sync();
    h.update(pod.deepCopy());
    // A real change after the syncs: the first write after them must be that change.
    h.exit("web", 0, 0);
    h.awaitStatus("succeeded", st -> "Succeeded".equals(st.path("phase").asText()));
    assertEquals("terminated", state(h.status.written.get(before), "web"));
    for (int i = 1; i < h.status.written.size(); i++) {
      assertNotEquals(h.status.written.get(i - 1), h.status.written.get(i), "status " + i + " repeats the one before");
    }
  }

  @Test
  void failedStatusWriteIsRetriedOnNextSync() {
    h.status.failNextWrites(1);
    h.start(Pods.pod("p").container("web", "nginx").build());
    h.awaitCall("writeStatus failed");
    h.sync();
    h.awaitStatus("a written status", st -> true);
  }

  @Test
  void failedStatusWritesAreRetriedAfterABackOffWithoutWaitingForASync() {
    // The harness resyncs only when told to: what writes here is the publisher's own retry timer.
    h.status.failNextWrites(2);
    h.start(Pods.pod("p").container("web", "nginx").build());
    h.awaitStatus("running after two refused writes", st -> state(st, "web").equals("running"));
    assertEquals(2, h.journal.startingWith("writeStatus failed").size());
  }

  @Test
  void hostNetworkPodReportsTheNodeAddress() {
    h.start(Pods.pod("p").spec("hostNetwork", "true").container("web", "nginx").build());
    ObjectNode s = h.awaitStatus("running", st -> state(st, "web").equals("running"));
    assertEquals(WorkerHarness.HOST_IP, s.path("podIP").asText());
    assertTrue(h.journal.has("runPodSandbox p hostNetwork"));
  }
}
