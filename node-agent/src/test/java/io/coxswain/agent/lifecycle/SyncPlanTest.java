package io.coxswain.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncPlanTest {
  private final Map<String, ContainerRecord> records = new LinkedHashMap<>();

  private static ContainerRecord exited(String name, boolean init, int code) {
    ContainerRecord.Instance i = new ContainerRecord.Instance("id-" + name, "simulated://id-" + name, 0, "img", Instant.EPOCH);
    return ContainerRecord.fresh(name, init).starting().launched(i).running(true, true)
        .exited(new ContainerRecord.Terminated(code, code == 0 ? "Completed" : "Error", null, Instant.EPOCH, Instant.EPOCH, "x"));
  }

  private List<SyncPlan.Action> plan(ObjectNode pod) {
    PodView view = new PodView(pod);
    for (ObjectNode c : view.initContainers()) records.putIfAbsent(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), true));
    for (ObjectNode c : view.containers()) records.putIfAbsent(PodView.nameOf(c), ContainerRecord.fresh(PodView.nameOf(c), false));
    return SyncPlan.plan(view, records);
  }

  private static String started(SyncPlan.Action a) {
    return PodView.nameOf(assertInstanceOf(SyncPlan.Start.class, a).container());
  }

  @Test
  void startsOnlyTheFirstIncompleteInitContainer() {
    List<SyncPlan.Action> actions = plan(Pods.pod("p").initContainer("i1", "b").initContainer("i2", "b").container("app", "n").build());
    assertEquals(1, actions.size());
    assertEquals("i1", started(actions.get(0)));
  }

  @Test
  void startsAllAppContainersOnceInitContainersCompleted() {
    records.put("i1", exited("i1", true, 0));
    List<SyncPlan.Action> actions = plan(Pods.pod("p").initContainer("i1", "b").container("a", "n").container("b", "n").build());
    assertEquals(List.of("a", "b"), actions.stream().map(SyncPlanTest::started).toList());
  }

  @Test
  void restartPolicyDecidesWhetherAnExitedContainerRunsAgain() {
    records.put("web", exited("web", false, 0));
    assertInstanceOf(SyncPlan.Start.class, plan(Pods.pod("p").container("web", "n").build()).get(0));
    assertInstanceOf(SyncPlan.Finished.class, plan(Pods.pod("p").restartPolicy("OnFailure").container("web", "n").build()).get(0));
    records.put("web", exited("web", false, 1));
    assertInstanceOf(SyncPlan.Start.class, plan(Pods.pod("p").restartPolicy("OnFailure").container("web", "n").build()).get(0));
    assertInstanceOf(SyncPlan.Finished.class, plan(Pods.pod("p").restartPolicy("Never").container("web", "n").build()).get(0));
  }

  @Test
  void aContainerInBackOffIsNeitherStartedNorFinished() {
    records.put("web", exited("web", false, 1).backingOff(1, new ContainerRecord.Waiting("CrashLoopBackOff", "")));
    assertTrue(plan(Pods.pod("p").container("web", "n").build()).isEmpty());
  }

  @Test
  void imageChangeKillsTheRunningContainerForARestart() {
    ContainerRecord.Instance i = new ContainerRecord.Instance("id", "simulated://id", 0, "nginx:1", Instant.EPOCH);
    records.put("web", ContainerRecord.fresh("web", false).starting().launched(i).running(true, true));
    SyncPlan.Kill kill = assertInstanceOf(SyncPlan.Kill.class, plan(Pods.pod("p").container("web", "nginx:2").build()).get(0));
    assertEquals(ContainerRecord.Next.RESTART_NOW, kill.then());
    assertEquals("Container web definition changed, will be restarted", kill.message());
  }
}
