package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodTablePrinterTest {
  private final PodTablePrinter printer = new PodTablePrinter();

  private List<Object> cells(String pod) {
    return printer.cells(json(pod), NOW);
  }

  private static String pod(String spec, String status) {
    return """
        {"metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": "%s"},
         "spec": %s,
         "status": %s}
        """.formatted(minutesAgo(10), spec, status);
  }

  private static final String ONE_CONTAINER = "{\"containers\": [{\"name\": \"app\", \"image\": \"nginx\"}]}";

  @Test
  void columnsMatchKubernetesPodColumns() {
    List<TableColumn> columns = printer.columns();
    assertEquals(
        List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
            "Readiness Gates"),
        columns.stream().map(TableColumn::name).toList());
    assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1),
        columns.stream().map(TableColumn::priority).toList());
    assertEquals("name", columns.get(0).format());
    assertEquals("string", columns.get(3).type());
  }

  @Test
  void pendingPodWithoutContainerStatusesShowsPhase() {
    List<Object> row = cells(pod(ONE_CONTAINER, "{\"phase\": \"Pending\"}"));
    assertEquals(List.of("web-0", "0/1", "Pending", "0", "10m", "<none>", "<none>", "<none>", "<none>"), row);
  }

  @Test
  void waitingContainerReasonReplacesPhase() {
    List<Object> row = cells(pod(ONE_CONTAINER, """
        {"phase": "Pending",
         "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
                                "state": {"waiting": {"reason": "ContainerCreating"}}}]}
        """));
    assertEquals("ContainerCreating", row.get(2));
  }

  @Test
  void runningPodShowsReadyContainersAndWideCells() {
    List<Object> row = cells(pod("""
        {"nodeName": "node-1", "containers": [{"name": "app", "image": "nginx"}]}
        """, """
        {"phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}],
         "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
                                "state": {"running": {"startedAt": "%s"}}}]}
        """.formatted(minutesAgo(9))));
    assertEquals(List.of("web-0", "1/1", "Running", "0", "10m", "10.244.0.5", "node-1", "<none>", "<none>"), row);
  }

  @Test
  void podIPFallsBackToSingularField() {
    List<Object> row = cells(pod(ONE_CONTAINER, "{\"phase\": \"Running\", \"podIP\": \"10.0.0.9\"}"));
    assertEquals("10.0.0.9", row.get(5));
  }

  @Test
  void crashLoopingContainerShowsReasonAndWhenItLastRestarted() {
    List<Object> row = cells(pod("""
        {"containers": [{"name": "app"}, {"name": "sidecar"}]}
        """, """
        {"phase": "Running",
         "containerStatuses": [
           {"name": "app", "ready": false, "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "%s"}}},
           {"name": "sidecar", "ready": true, "restartCount": 1,
            "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 137, "finishedAt": "%s"}}}]}
        """.formatted(minutesAgo(2), minutesAgo(7))));
    assertEquals("1/2", row.get(1));
    assertEquals("CrashLoopBackOff", row.get(2));
    assertEquals("5 (2m ago)", row.get(3));
  }

  @Test
  void restartsWithoutKnownTimeAreJustACount() {
    List<Object> row = cells(pod(ONE_CONTAINER, """
        {"phase": "Running",
         "containerStatuses": [{"name": "app", "ready": true, "restartCount": 3, "state": {"running": {}}}]}
        """));
    assertEquals("3", row.get(3));
  }

  @Test
  void succeededPodShowsCompleted() {
    List<Object> row = cells(pod(ONE_CONTAINER, """
        {"phase": "Succeeded",
         "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
                                "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}
        """));
    assertEquals("0/1", row.get(1));
    assertEquals("Completed", row.get(2));
  }

  @Test
  void completedContainerBesideARunningOneIsRunningOrNotReady() {
    String spec = "{\"containers\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}";
    String statuses = """
        "containerStatuses": [
          {"name": "a", "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
          {"name": "b", "ready": true, "state": {"running": {}}}]
        """;
    assertEquals("Running", cells(pod(spec, "{\"phase\": \"Running\", " + statuses
        + ", \"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}]}")).get(2));
    assertEquals("NotReady", cells(pod(spec, "{\"phase\": \"Running\", " + statuses + "}")).get(2));
  }

  @Test
  void terminatedWithoutReasonShowsExitCodeOrSignal() {
    assertEquals("ExitCode:2", cells(pod(ONE_CONTAINER, """
        {"phase": "Failed", "containerStatuses": [{"name": "app", "state": {"terminated": {"exitCode": 2}}}]}
        """)).get(2));
    assertEquals("Signal:9", cells(pod(ONE_CONTAINER, """
        {"phase": "Failed", "containerStatuses": [{"name": "app", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}
        """)).get(2));
  }

  @Test
  void deletedRunningPodIsTerminating() {
    String pod = """
        {"metadata": {"name": "web-0", "creationTimestamp": "%s", "deletionTimestamp": "%s"},
         "spec": {"containers": [{"name": "app"}]},
         "status": {"phase": "Running",
                    "containerStatuses": [{"name": "app", "ready": true, "state": {"running": {}}}]}}
        """.formatted(minutesAgo(10), minutesAgo(0));
    assertEquals("Terminating", cells(pod).get(2));
  }

  @Test
  void deletedFinishedPodKeepsItsReason() {
    String pod = """
        {"metadata": {"name": "job-1", "deletionTimestamp": "%s"},
         "spec": {"containers": [{"name": "app"}]},
         "status": {"phase": "Succeeded",
                    "containerStatuses": [{"name": "app", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}
        """.formatted(minutesAgo(0));
    assertEquals("Completed", cells(pod).get(2));
  }

  @Test
  void deletedPodOnLostNodeIsUnknownAndUndeletedShowsNodeLost() {
    String deleted = """
        {"metadata": {"name": "web-0", "deletionTimestamp": "%s"},
         "spec": {"containers": [{"name": "app"}]},
         "status": {"phase": "Running", "reason": "NodeLost"}}
        """.formatted(minutesAgo(1));
    assertEquals("Unknown", cells(deleted).get(2));
    assertEquals("NodeLost", cells(pod(ONE_CONTAINER, "{\"phase\": \"Running\", \"reason\": \"NodeLost\"}")).get(2));
  }

  @Test
  void runningInitContainerShowsInitProgress() {
    List<Object> row = cells(pod("""
        {"initContainers": [{"name": "migrate"}], "containers": [{"name": "app"}]}
        """, """
        {"phase": "Pending",
         "initContainerStatuses": [{"name": "migrate", "ready": false, "restartCount": 0, "state": {"running": {}}}],
         "containerStatuses": [{"name": "app", "ready": false, "state": {"waiting": {"reason": "PodInitializing"}}}]}
        """));
    assertEquals("0/1", row.get(1));
    assertEquals("Init:0/1", row.get(2));
  }

  @Test
  void failingInitContainerShowsInitReasonAndItsRestarts() {
    List<Object> row = cells(pod("""
        {"initContainers": [{"name": "first"}, {"name": "migrate"}], "containers": [{"name": "app"}]}
        """, """
        {"phase": "Pending",
         "initContainerStatuses": [
           {"name": "first", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
           {"name": "migrate", "restartCount": 2, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "%s"}}}]}
        """.formatted(minutesAgo(3))));
    assertEquals("Init:CrashLoopBackOff", row.get(2));
    assertEquals("2 (3m ago)", row.get(3));
  }

  @Test
  void startedSidecarCountsTowardReadyAndTotal() {
    List<Object> row = cells(pod("""
        {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "containers": [{"name": "app"}]}
        """, """
        {"phase": "Running",
         "conditions": [{"type": "Initialized", "status": "True"}],
         "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 1, "state": {"running": {}}}],
         "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}
        """));
    assertEquals("2/2", row.get(1));
    assertEquals("Running", row.get(2));
    assertEquals("1", row.get(3));
  }

  @Test
  void schedulingGatedPodSaysSo() {
    assertEquals("SchedulingGated", cells(pod(ONE_CONTAINER, """
        {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}
        """)).get(2));
  }

  @Test
  void readinessGatesCountTrueConditions() {
    List<Object> row = cells(pod("""
        {"containers": [{"name": "app"}],
         "readinessGates": [{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]}
        """, """
        {"phase": "Running", "nominatedNodeName": "node-2",
         "conditions": [{"type": "example.com/lb", "status": "True"}, {"type": "example.com/dns", "status": "False"}]}
        """));
    assertEquals("node-2", row.get(7));
    assertEquals("1/2", row.get(8));
  }
}
