package io.coxswain.agent.lifecycle;

import static io.coxswain.agent.lifecycle.WorkerHarness.condition;
import static io.coxswain.agent.lifecycle.WorkerHarness.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.lifecycle.ContainerRecord.Instance;
import io.coxswain.agent.lifecycle.ContainerRecord.Terminated;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusBuilderTest {
  private static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2030-05-01T10:00:30.250Z");
  private static final Instant T2 = Instant.parse("2030-05-01T10:01:00Z");

  private final Map<String, ContainerRecord> records = new LinkedHashMap<>();

  private static Instance instance(String name, int attempt, String image) {
    return new Instance("uid/" + name + "/" + attempt, "simulated://uid/" + name + "/" + attempt, attempt, image, T1);
  }

  private static Terminated exit(String name, int attempt, int code) {
    return new Terminated(code, code == 0 ? "Completed" : "Error", null, T1, T2, "simulated://uid/" + name + "/" + attempt);
  }

  private static ContainerRecord running(String name, boolean init, int attempt, boolean started, boolean ready) {
    return ContainerRecord.fresh(name, init).starting().launched(instance(name, attempt, "nginx")).running(started, ready);
  }

  private static ContainerRecord ended(String name, boolean init, int code) {
    ContainerRecord r = running(name, init, 0, true, true);
    return r.exited(exit(name, 0, code));
  }

  private ObjectNode build(ObjectNode pod, boolean sandboxReady, boolean terminal, JsonNode previous, Instant now) {
    return PodStatusBuilder.build(new PodStatusBuilder.Snapshot(pod, records, "192.168.1.5", sandboxReady ? "10.1.0.7" : null,
        sandboxReady, T0, terminal, null, previous, now));
  }

  private ObjectNode build(ObjectNode pod) {
    return build(pod, true, false, null, T2);
  }

  @Test
  void podIsPendingWithContainerCreatingBeforeTheSandboxExists() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx").build();
    ObjectNode s = build(pod, false, false, null, T0);
    assertEquals("Pending", s.path("phase").asText());
    assertEquals("ContainerCreating", container(s, "web").path("state").path("waiting").path("reason").asText());
    assertEquals("False", condition(s, "PodReadyToStartContainers").path("status").asText());
    assertEquals("True", condition(s, "Initialized").path("status").asText());
    assertEquals("ContainersNotReady", condition(s, "Ready").path("reason").asText());
    assertEquals("containers with unready status: [web]", condition(s, "Ready").path("message").asText());
    assertEquals("True", condition(s, "PodScheduled").path("status").asText());
    assertEquals("192.168.1.5", s.path("hostIP").asText());
    assertEquals("192.168.1.5", s.path("hostIPs").path(0).path("ip").asText());
    assertFalse(s.has("podIP"));
    assertEquals("2030-05-01T10:00:00Z", s.path("startTime").asText());
    JsonNode web = container(s, "web");
    assertEquals("", web.path("imageID").asText());
    assertFalse(web.has("containerID"));
    assertEquals(0, web.path("restartCount").asInt());
    assertFalse(web.path("started").asBoolean());
    assertTrue(web.path("lastState").isObject() && web.path("lastState").isEmpty());
    assertFalse(s.has("initContainerStatuses"));
  }

  @Test
  void runningReadyContainerMakesARunningReadyPod() {
    records.put("web", running("web", false, 0, true, true));
    ObjectNode s = build(Pods.pod("p").container("web", "nginx").build());
    assertEquals("Running", s.path("phase").asText());
    assertEquals("True", condition(s, "Ready").path("status").asText());
    assertEquals("True", condition(s, "ContainersReady").path("status").asText());
    assertEquals("10.1.0.7", s.path("podIPs").path(0).path("ip").asText());
    JsonNode web = container(s, "web");
    assertEquals("2030-05-01T10:00:30Z", web.path("state").path("running").path("startedAt").asText());
    assertEquals("simulated://uid/web/0", web.path("containerID").asText());
    assertEquals("coxswain://nginx", web.path("imageID").asText());
    assertTrue(web.path("ready").asBoolean());
    assertTrue(web.path("started").asBoolean());
  }

  @Test
  void appContainersShowPodInitializingWhileInitContainersRun() {
    records.put("init1", running("init1", true, 0, true, false));
    ObjectNode pod = Pods.pod("p").initContainer("init1", "busybox").initContainer("init2", "busybox").container("app", "nginx").build();
    ObjectNode s = build(pod);
    assertEquals("Pending", s.path("phase").asText());
    assertEquals("PodInitializing", container(s, "app").path("state").path("waiting").path("reason").asText());
    assertEquals("PodInitializing", container(s, "init2").path("state").path("waiting").path("reason").asText());
    JsonNode initialized = condition(s, "Initialized");
    assertEquals("False", initialized.path("status").asText());
    assertEquals("ContainersNotInitialized", initialized.path("reason").asText());
    assertEquals("containers with incomplete status: [init1 init2]", initialized.path("message").asText());
  }

  @Test
  void completedInitContainerIsReadyAndTerminated() {
    records.put("init", ended("init", true, 0));
    records.put("app", running("app", false, 0, true, true));
    ObjectNode s = build(Pods.pod("p").initContainer("init", "busybox").container("app", "nginx").build());
    JsonNode init = container(s, "init");
    assertTrue(init.path("ready").asBoolean());
    assertFalse(init.path("started").asBoolean());
    assertEquals("Completed", init.path("state").path("terminated").path("reason").asText());
    assertEquals("True", condition(s, "Initialized").path("status").asText());
    assertEquals("Running", s.path("phase").asText());
  }

  @Test
  void crashLoopShowsWaitingWithTheLastTerminationAndKeepsThePodRunning() {
    ContainerRecord r = ended("web", false, 2)
        .backingOff(1, new ContainerRecord.Waiting("CrashLoopBackOff", "back-off 10s restarting failed container=web pod=p_default(uid)"));
    records.put("web", r);
    ObjectNode s = build(Pods.pod("p").container("web", "nginx").build());
    JsonNode web = container(s, "web");
    assertEquals("CrashLoopBackOff", web.path("state").path("waiting").path("reason").asText());
    assertEquals("back-off 10s restarting failed container=web pod=p_default(uid)", web.path("state").path("waiting").path("message").asText());
    JsonNode last = web.path("lastState").path("terminated");
    assertEquals(2, last.path("exitCode").asInt());
    assertEquals("Error", last.path("reason").asText());
    assertEquals("2030-05-01T10:00:30Z", last.path("startedAt").asText());
    assertEquals("2030-05-01T10:01:00Z", last.path("finishedAt").asText());
    assertEquals("simulated://uid/web/0", last.path("containerID").asText());
    assertEquals("Running", s.path("phase").asText(), "a restarting container keeps the pod Running");
    assertFalse(web.path("ready").asBoolean());
  }

  @Test
  void failedContainerUnderNeverFailsThePod() {
    records.put("web", ended("web", false, 1));
    ObjectNode s = build(Pods.pod("p").restartPolicy("Never").container("web", "nginx").build());
    assertEquals("Failed", s.path("phase").asText());
    JsonNode web = container(s, "web");
    assertEquals(1, web.path("state").path("terminated").path("exitCode").asInt());
    assertTrue(web.path("lastState").isEmpty());
  }

  @Test
  void allContainersSucceededMakesThePodSucceededAndNotReady() {
    records.put("a", ended("a", false, 0));
    records.put("b", ended("b", false, 0));
    ObjectNode s = build(Pods.pod("p").restartPolicy("OnFailure").container("a", "x").container("b", "y").build(), false, true, null, T2);
    assertEquals("Succeeded", s.path("phase").asText());
    assertEquals("PodCompleted", condition(s, "Ready").path("reason").asText());
    assertEquals("False", condition(s, "ContainersReady").path("status").asText());
    assertEquals("False", condition(s, "PodReadyToStartContainers").path("status").asText());
  }

  @Test
  void onFailureWithOneSucceededAndOneRunningIsRunning() {
    records.put("a", ended("a", false, 0));
    records.put("b", running("b", false, 0, true, true));
    ObjectNode s = build(Pods.pod("p").restartPolicy("OnFailure").container("a", "x").container("b", "y").build());
    assertEquals("Running", s.path("phase").asText());
    assertEquals("containers with unready status: [a]", condition(s, "ContainersReady").path("message").asText());
  }

  @Test
  void failedInitContainerUnderNeverFailsThePod() {
    records.put("init", ended("init", true, 1));
    ObjectNode s = build(Pods.pod("p").restartPolicy("Never").initContainer("init", "busybox").container("app", "nginx").build());
    assertEquals("Failed", s.path("phase").asText());
  }

  @Test
  void podEndedByTheWorkerIsFailedWhenAContainerWasKilled() {
    records.put("web", ended("web", false, 137));
    ObjectNode s = build(Pods.pod("p").container("web", "nginx").build(), false, true, null, T2);
    assertEquals("Failed", s.path("phase").asText(), "restartPolicy Always no longer applies to an ended pod");
  }

  @Test
  void deadlineFailureSetsPhaseReasonAndMessage() {
    records.put("web", running("web", false, 0, true, true));
    ObjectNode s = PodStatusBuilder.build(new PodStatusBuilder.Snapshot(Pods.pod("p").container("web", "nginx").build(), records,
        "192.168.1.5", "10.1.0.7", true, T0, false,
        new PodStatusBuilder.Failure("DeadlineExceeded", "Pod was active on the node longer than the specified deadline"), null, T2));
    assertEquals("Failed", s.path("phase").asText());
    assertEquals("DeadlineExceeded", s.path("reason").asText());
    assertEquals("Pod was active on the node longer than the specified deadline", s.path("message").asText());
  }

  @Test
  void terminalPhaseNeverGoesBack() {
    records.put("web", running("web", false, 1, true, true));
    ObjectNode previous = Pods.json("{'phase':'Failed','reason':'DeadlineExceeded','message':'late'}").deepCopy();
    ObjectNode s = build(Pods.pod("p").container("web", "nginx").build(), true, false, previous, T2);
    assertEquals("Failed", s.path("phase").asText());
    assertEquals("DeadlineExceeded", s.path("reason").asText());
  }

  @Test
  void keepsLastTransitionTimeWhileAConditionHoldsAndMovesItOnChange() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx").build();
    records.put("web", running("web", false, 0, true, false));
    ObjectNode first = build(pod, true, false, null, T0);
    ObjectNode same = build(pod, true, false, first, T2);
    assertEquals(first, same);
    records.put("web", running("web", false, 0, true, true));
    ObjectNode changed = build(pod, true, false, same, T2);
    assertEquals("2030-05-01T10:01:00Z", condition(changed, "Ready").path("lastTransitionTime").asText());
    assertEquals("2030-05-01T10:00:00Z", condition(changed, "PodReadyToStartContainers").path("lastTransitionTime").asText());
  }

  @Test
  void keepsTheStoredQosClassPodScheduledAndOthersConditions() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx").build();
    ObjectNode stored = (ObjectNode) pod.get("status");
    stored.put("qosClass", "Guaranteed");
    stored.set("conditions", Pods.json("[{'type':'PodScheduled','status':'True','lastTransitionTime':'2030-01-01T00:00:00Z'},"
        + "{'type':'DisruptionTarget','status':'True','reason':'EvictionByEvictionAPI'}]"));
    ObjectNode s = build(pod);
    assertEquals("Guaranteed", s.path("qosClass").asText());
    assertEquals("2030-01-01T00:00:00Z", condition(s, "PodScheduled").path("lastTransitionTime").asText());
    assertEquals("EvictionByEvictionAPI", condition(s, "DisruptionTarget").path("reason").asText());
  }

  @Test
  void computesQosClassWhenTheServerSetNone() {
    ObjectNode pod = Pods.pod("p").container("web", "nginx")
        .set("web", "resources", "{'requests':{'cpu':'100m','memory':'64Mi'},'limits':{'cpu':'100m','memory':'64Mi'}}").build();
    ((ObjectNode) pod.get("status")).remove("qosClass");
    assertEquals("Guaranteed", build(pod).path("qosClass").asText());
  }

  @Test
  void readinessGateHoldsReadyBackUntilItsConditionIsTrue() {
    records.put("web", running("web", false, 0, true, true));
    ObjectNode pod = Pods.pod("p").container("web", "nginx").spec("readinessGates", "[{'conditionType':'example.com/lb'}]").build();
    ObjectNode s = build(pod);
    assertEquals("True", condition(s, "ContainersReady").path("status").asText());
    assertEquals("ReadinessGatesNotReady", condition(s, "Ready").path("reason").asText());
    assertEquals("corresponding condition of pod readiness gate \"example.com/lb\" does not exist.",
        condition(s, "Ready").path("message").asText());
    ((ObjectNode) pod.get("status")).set("conditions", Pods.json("[{'type':'example.com/lb','status':'True'}]"));
    assertEquals("True", condition(build(pod), "Ready").path("status").asText());
  }

  @Test
  void containerStartingAfterABackOffShowsContainerCreatingAndItsLastTermination() {
    records.put("web", ended("web", false, 1).starting());
    JsonNode web = container(build(Pods.pod("p").container("web", "nginx").build()), "web");
    assertEquals("ContainerCreating", web.path("state").path("waiting").path("reason").asText());
    assertEquals(1, web.path("lastState").path("terminated").path("exitCode").asInt());
    assertEquals(0, web.path("restartCount").asInt());
  }
}
