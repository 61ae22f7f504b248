package io.coxswain.core.table;

import static io.coxswain.core.table.TestObjects.NOW;
import static io.coxswain.core.table.TestObjects.json;
import static io.coxswain.core.table.TestObjects.minutesAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coxswain.core.TableColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTablePrinterTest {
  private final ServiceTablePrinter printer = new ServiceTablePrinter();

  private List<Object> cells(String spec, String status) {
    return printer.cells(json("""
        {"metadata": {"name": "web", "creationTimestamp": "%s"}, "spec": %s, "status": %s}
        """.formatted(minutesAgo(90), spec, status)), NOW);
  }

  @Test
  void columnsMatchKubernetesServiceColumns() {
    assertEquals(List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"),
        printer.columns().stream().map(TableColumn::name).toList());
    assertEquals(1, printer.columns().get(6).priority());
  }

  @Test
  void clusterIPServiceShowsPortsAndSelector() {
    List<Object> row = cells("""
        {"type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
         "selector": {"tier": "front", "app": "web"},
         "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080},
                   {"name": "dns", "port": 53, "protocol": "UDP"}]}
        """, "{}");
    assertEquals(List.of("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "90m",
        "app=web,tier=front"), row);
  }

  @Test
  void nodePortServiceShowsAllocatedNodePorts() {
    List<Object> row = cells("""
        {"type": "NodePort", "clusterIPs": ["10.96.1.1"], "externalIPs": ["203.0.113.7"],
         "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}, {"port": 443}]}
        """, "{}");
    assertEquals("203.0.113.7", row.get(3));
    assertEquals("80:30080/TCP,443/TCP", row.get(4));
  }

  @Test
  void loadBalancerWithoutIngressIsPending() {
    List<Object> row = cells("""
        {"type": "LoadBalancer", "clusterIPs": ["10.96.1.2"], "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]}
        """, "{\"loadBalancer\": {}}");
    assertEquals("<pending>", row.get(3));
    assertEquals("80:31000/TCP", row.get(4));
  }

  @Test
  void loadBalancerListsSortedIngressThenExternalIPs() {
    List<Object> row = cells("""
        {"type": "LoadBalancer", "clusterIPs": ["10.96.1.2"], "externalIPs": ["198.51.100.1"]}
        """, """
        {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}, {"hostname": "lb.example.com"}, {"ip": "203.0.113.2"}]}}
        """);
    assertEquals("203.0.113.2,203.0.113.9,lb.example.com,198.51.100.1", row.get(3));
    assertEquals("<none>", row.get(4));
  }

  @Test
  void externalNameServiceShowsTheName() {
    List<Object> row = cells("{\"type\": \"ExternalName\", \"externalName\": \"db.example.com\"}", "{}");
    assertEquals(List.of("web", "ExternalName", "<none>", "db.example.com", "<none>", "90m", "<none>"), row);
  }

  @Test
  void headlessServiceShowsNone() {
    assertEquals("None", cells("{\"clusterIP\": \"None\", \"clusterIPs\": [\"None\"]}", "{}").get(2));
  }
}
