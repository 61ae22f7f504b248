package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSliceTablePrinterTest {
  private final EndpointSliceTablePrinter printer = new EndpointSliceTablePrinter();

  @Test
  void columnsMatchKubernetesEndpointSliceColumns() {
    assertEquals(List.of("Name", "AddressType", "Ports", "Endpoints", "Age"),
        printer.columns().stream().map(TableColumn::name).toList());
  }

  @Test
  void showsPortsAndFirstThreeAddresses() {
    List<Object> row = printer.cells(json("""
        {"metadata": {"name": "web-abc12", "creationTimestamp": "%s"},
         "addressType": "IPv4",
         "ports": [{"name": "http", "port": 80, "protocol": "TCP"}, {"name": "metrics"}, {}],
         "endpoints": [{"addresses": ["10.0.0.1"]}, {"addresses": ["10.0.0.2", "10.0.0.3"]},
                       {"addresses": ["10.0.0.4"]}, {"addresses": ["10.0.0.5"]}]}
        """.formatted(minutesAgo(4))), NOW);
    assertEquals(List.of("web-abc12", "IPv4", "80,metrics,*", "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", "4m"), row);
  }

  @Test
  void truncatesPortsBeyondThree() {
    assertEquals("1,2,3 + 1 more...", printer.cells(json("""
        {"ports": [{"port": 1}, {"port": 2}, {"port": 3}, {"port": 4}]}
        """), NOW).get(2));
  }

  @Test
  void emptySliceIsUnset() {
    assertEquals(List.of("", "", "<unset>", "<unset>", "<unknown>"), printer.cells(json("{}"), NOW));
  }
}
