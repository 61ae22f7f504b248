package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTablePrinterTest {
  private final EventTablePrinter printer = new EventTablePrinter();

  @Test
  void columnsMatchKubernetesEventColumnsInOrder() {
    List<TableColumn> columns = printer.columns();
    assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message",
        "First Seen", "Count", "Name"), columns.stream().map(TableColumn::name).toList());
    assertEquals(List.of(0, 0, 0, 0, 1, 1, 0, 1, 1, 1),
        columns.stream().map(TableColumn::priority).toList());
    assertEquals("name", columns.get(9).format());
  }

  @Test
  void recordedEventShowsTimesObjectAndSource() {
    List<Object> row = printer.cells(json("""
        {"metadata": {"name": "web-0.17f3a", "namespace": "default"},
         "involvedObject": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{app}"},
         "reason": "BackOff", "type": "Warning", "message": "Back-off restarting failed container\\n",
         "source": {"component": "kubelet", "host": "node-1"},
         "firstTimestamp": "%s", "lastTimestamp": "%s", "count": 7}
        """.formatted(minutesAgo(30), minutesAgo(2))), NOW);
    assertEquals(List.of("2m", "Warning", "BackOff", "pod/web-0", "spec.containers{app}",
        "kubelet, node-1", "Back-off restarting failed container", "30m", 7L, "web-0.17f3a"), row);
  }

  @Test
  void newApiEventUsesEventTimeReportingControllerAndCountsOne() {
    List<Object> row = printer.cells(json("""
        {"metadata": {"name": "e1"}, "involvedObject": {"kind": "Node"},
         "reason": "Starting", "type": "Normal", "message": "",
         "eventTime": "2025-01-01T11:55:00.123456Z",
         "reportingComponent": "kube-proxy", "reportingInstance": "kube-proxy-node-1"}
        """), NOW);
    assertEquals("4m59s", row.get(0));
    assertEquals("node", row.get(3));
    assertEquals("kube-proxy, kube-proxy-node-1", row.get(5));
    assertEquals("4m59s", row.get(7));
    assertEquals(1L, row.get(8));
  }

  @Test
  void seriesDecidesLastSeenAndCount() {
    List<Object> row = printer.cells(json("""
        {"metadata": {"name": "e2"}, "involvedObject": {"kind": "Pod", "name": "p"},
         "eventTime": "%s", "series": {"count": 12, "lastObservedTime": "%s"}}
        """.formatted(minutesAgo(60), minutesAgo(1))), NOW);
    assertEquals("60s", row.get(0));
    assertEquals("60m", row.get(7));
    assertEquals(12L, row.get(8));
  }

  @Test
  void eventWithoutTimesFallsBackToCreation() {
    List<Object> row = printer.cells(json("""
        {"metadata": {"name": "e3", "creationTimestamp": "%s"}, "involvedObject": {"kind": "Pod", "name": "p"}}
        """.formatted(minutesAgo(5))), NOW);
    assertEquals("5m", row.get(0));
    assertEquals("5m", row.get(7));
  }
}
