package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTablePrinterTest {
  private final NodeTablePrinter printer = new NodeTablePrinter();

  private static String node(String labels, String spec, String conditions) {
    return """
        {"metadata": {"name": "node-1", "creationTimestamp": "%s", "labels": %s},
         "spec": %s,
         "status": {
           "conditions": %s,
           "addresses": [{"type": "Hostname", "address": "node-1"},
                         {"type": "InternalIP", "address": "192.168.1.10"}],
           "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Ubuntu 24.04 LTS",
                        "kernelVersion": "6.8.0-45-generic", "containerRuntimeVersion": "containerd://1.7.22"}}}
        """.formatted(TestObjects.ago(Duration.ofDays(3).plusHours(4)), labels, spec, conditions);
  }

  private static final String READY = "[{\"type\": \"MemoryPressure\", \"status\": \"False\"}, {\"type\": \"Ready\", \"status\": \"True\"}]";

  @Test
  void columnsMatchKubernetesNodeColumns() {
    assertEquals(
        List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP",
            "OS-Image", "Kernel-Version", "Container-Runtime"),
        printer.columns().stream().map(TableColumn::name).toList());
    assertEquals(List.of(0, 0, 0, 0, 0, 1, 1, 1, 1, 1),
        printer.columns().stream().map(TableColumn::priority).toList());
  }

  @Test
  void readyControlPlaneNodeShowsRolesAndWideCells() {
    List<Object> row = printer.cells(json(node(
        "{\"node-role.kubernetes.io/control-plane\": \"\", \"kubernetes.io/hostname\": \"node-1\"}",
        "{}", READY)), NOW);
    assertEquals(List.of("node-1", "Ready", "control-plane", "3d4h", "v1.32.0", "192.168.1.10",
        "<none>", "Ubuntu 24.04 LTS", "6.8.0-45-generic", "containerd://1.7.22"), row);
  }

  @Test
  void rolesAreSortedAndIncludeLegacyRoleLabel() {
    List<Object> row = printer.cells(json(node(
        "{\"node-role.kubernetes.io/worker\": \"\", \"node-role.kubernetes.io/\": \"\", \"kubernetes.io/role\": \"etcd\", \"node-role.kubernetes.io/control-plane\": \"true\"}",
        "{}", READY)), NOW);
    assertEquals("control-plane,etcd,worker", row.get(2));
  }

  @Test
  void nodeWithoutRoleLabelsHasNoRoles() {
    assertEquals("<none>", printer.cells(json(node("{}", "{}", READY)), NOW).get(2));
  }

  @Test
  void cordonedNodeAddsSchedulingDisabled() {
    assertEquals("Ready,SchedulingDisabled",
        printer.cells(json(node("{}", "{\"unschedulable\": true}", READY)), NOW).get(1));
  }

  @Test
  void readyFalseOrUnknownIsNotReady() {
    assertEquals("NotReady", printer.cells(json(node("{}", "{}",
        "[{\"type\": \"Ready\", \"status\": \"False\"}]")), NOW).get(1));
    assertEquals("NotReady", printer.cells(json(node("{}", "{}",
        "[{\"type\": \"Ready\", \"status\": \"Unknown\"}]")), NOW).get(1));
  }

  @Test
  void nodeWithoutReadyConditionIsUnknown() {
    assertEquals("Unknown,SchedulingDisabled", printer.cells(json(node("{}",
        "{\"unschedulable\": true}", "[]")), NOW).get(1));
  }

  @Test
  void missingNodeInfoIsUnknownInWideCells() {
    List<Object> row = printer.cells(json("{\"metadata\": {\"name\": \"bare\"}}"), NOW);
    assertEquals(List.of("bare", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>",
        "<unknown>", "<unknown>", "<unknown>"), row);
  }
}
