package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTablePrinterTest {
  private static String workload(String name, String spec, String status) {
    return """
        {"metadata": {"name": "%s", "creationTimestamp": "%s"},
         "spec": %s, "status": %s}
        """.formatted(name, minutesAgo(45), spec, status);
  }

  private static final String SPEC = """
      {"replicas": 3,
       "selector": {"matchLabels": {"app": "web"},
                    "matchExpressions": [{"key": "track", "operator": "NotIn", "values": ["canary"]}]},
       "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27"},
                                            {"name": "log", "image": "busybox"}]}}}
      """;

  @Test
  void replicaSetColumnsMatchKubernetes() {
    List<TableColumn> columns = new ReplicaSetTablePrinter().columns();
    assertEquals(List.of("Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"),
        columns.stream().map(TableColumn::name).toList());
    assertEquals("integer", columns.get(1).type());
    assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1), columns.stream().map(TableColumn::priority).toList());
  }

  @Test
  void replicaSetShowsCountsContainersAndSelector() {
    List<Object> row = new ReplicaSetTablePrinter().cells(json(workload("web-7d4b9",
        SPEC, "{\"replicas\": 3, \"readyReplicas\": 2}")), NOW);
    assertEquals(List.of("web-7d4b9", 3L, 3L, 2L, "45m", "app,log", "nginx:1.27,busybox",
        "app=web,track notin (canary)"), row);
  }

  @Test
  void replicaSetWithoutReplicasDefaultsToOneAndEmptySelectorIsNone() {
    List<Object> row = new ReplicaSetTablePrinter().cells(json(workload("rs", "{}", "{}")), NOW);
    assertEquals(List.of("rs", 1L, 0L, 0L, "45m", "", "", "<none>"), row);
  }

  @Test
  void deploymentColumnsMatchKubernetes() {
    assertEquals(List.of("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"),
        new DeploymentTablePrinter().columns().stream().map(TableColumn::name).toList());
  }

  @Test
  void deploymentShowsReadyOfDesired() {
    List<Object> row = new DeploymentTablePrinter().cells(json(workload("web", SPEC,
        "{\"replicas\": 3, \"readyReplicas\": 2, \"updatedReplicas\": 3, \"availableReplicas\": 2}")), NOW);
    assertEquals(List.of("web", "2/3", 3L, 2L, "45m", "app,log", "nginx:1.27,busybox",
        "app=web,track notin (canary)"), row);
  }

  @Test
  void deploymentWithEmptySelectorIsBlankAndInvalidIsMarked() {
    assertEquals("", new DeploymentTablePrinter().cells(json(workload("d", "{\"replicas\": 0}", "{}")), NOW).get(7));
    assertEquals("0/0", new DeploymentTablePrinter().cells(json(workload("d", "{\"replicas\": 0}", "{}")), NOW).get(1));
    assertEquals("<invalid>", new DeploymentTablePrinter().cells(json(workload("d",
        "{\"selector\": {\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"In\"}]}}", "{}")), NOW).get(7));
  }
}
