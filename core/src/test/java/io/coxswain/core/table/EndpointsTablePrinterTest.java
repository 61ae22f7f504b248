package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTablePrinterTest {
  private final EndpointsTablePrinter printer = new EndpointsTablePrinter();

  private Object endpoints(String subsets) {
    return printer.cells(json("{\"metadata\": {\"name\": \"web\"}, \"subsets\": " + subsets + "}"), NOW).get(1);
  }

  @Test
  void listsAddressPortPairs() {
    assertEquals("10.0.0.1:80,10.0.0.2:80", endpoints("""
        [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}]}]
        """));
  }

  @Test
  void showsThreeAndCountsTheRest() {
    assertEquals("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...", endpoints("""
        [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}, {"ip": "10.0.0.3"}],
          "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}]
        """));
  }

  @Test
  void exactlyThreeIsNotTruncated() {
    assertEquals("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80", endpoints("""
        [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}]},
         {"addresses": [{"ip": "10.0.0.3"}], "ports": [{"port": 80}]}]
        """));
  }

  @Test
  void headlessSubsetsWithoutPortsShowBareIPs() {
    assertEquals("10.0.0.1,10.0.0.2", endpoints("[{\"addresses\": [{\"ip\": \"10.0.0.1\"}, {\"ip\": \"10.0.0.2\"}]}]"));
  }

  @Test
  void ipv6AddressesAreBracketed() {
    assertEquals("[fd00::1]:8080", endpoints("[{\"addresses\": [{\"ip\": \"fd00::1\"}], \"ports\": [{\"port\": 8080}]}]"));
  }

  @Test
  void noSubsetsIsNoneAndOnlyNotReadyIsBlank() {
    assertEquals("<none>", endpoints("[]"));
    assertEquals(List.of("web", "<none>", "<unknown>"),
        printer.cells(json("{\"metadata\": {\"name\": \"web\"}}"), NOW));
    assertEquals("", endpoints("[{\"notReadyAddresses\": [{\"ip\": \"10.0.0.1\"}], \"ports\": [{\"port\": 80}]}]"));
  }
}
