package io.coxswain.agent.service;

import static io.coxswain.agent.service.ServiceObjects.service;
import static io.coxswain.agent.service.ServiceObjects.slice;
import static io.coxswain.agent.service.ServiceObjects.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.service.ServiceObjects.Ep;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyRulesTest {
  static final ProxyRules.Frontend CLUSTER = new ProxyRules.Frontend("TCP", "10.96.0.20", 80);
  static final ProxyRules.Frontend NODE = new ProxyRules.Frontend("TCP", "0.0.0.0", 30080);

  @Test
  void routesClusterIPAndNodePortToTheReadyEndpoints() {
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(service("web", "10.96.0.20", 80, 30080)),
        List.of(slice("web", "TCP", List.of(Ep.ready("10.244.1.2", 8080), Ep.notReady("10.244.1.3", 8080))))), true);
    assertEquals(Set.of(CLUSTER, NODE), rules.routes().keySet());
    assertEquals(List.of(new InetSocketAddress("10.244.1.2", 8080)), rules.routes().get(CLUSTER).backends());
    assertEquals(Set.of("10.96.0.20"), rules.clusterIPs());
    assertNull(rules.routes().get(CLUSTER).affinity());
  }

  @Test
  void withoutReadyEndpointsTerminatingServingOnesTakeOver() {
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(service("web", "10.96.0.20", 80, 0)),
        List.of(slice("web", "TCP", List.of(new Ep("10.244.1.2", 8080, false, true, true), Ep.notReady("10.244.1.3", 8080))))), true);
    assertEquals(List.of(new InetSocketAddress("10.244.1.2", 8080)), rules.routes().get(CLUSTER).backends());
  }

  @Test
  void aServiceWithoutEndpointsKeepsItsAddressButHasNoBackends() {
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(service("web", "10.96.0.20", 80, 0)), List.of()), true);
    assertTrue(rules.routes().get(CLUSTER).backends().isEmpty());
    assertEquals(Set.of("10.96.0.20"), rules.clusterIPs());
  }

  @Test
  void headlessExternalNameAndAgentServedServicesAreNotProxied() {
    ObjectNode headless = service("headless", "None", 80, 0);
    ObjectNode external = service("ext", null, 80, 0);
    external.with("spec").put("type", "ExternalName").put("externalName", "example.org");
    ObjectNode dns = service("kube-dns", "10.96.0.10", 53, 0);
    dns.with("metadata").putObject("annotations").put(ProxyRules.SERVED_BY_ANNOTATION, "node-agent");
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(headless, external, dns), List.of()), true);
    assertTrue(rules.routes().isEmpty(), rules.routes().toString());
    assertTrue(rules.clusterIPs().isEmpty());
  }

  @Test
  void clientIPAffinityDefaultsToThreeHours() {
    ObjectNode svc = service("web", "10.96.0.20", 80, 0);
    svc.with("spec").put("sessionAffinity", "ClientIP");
    assertEquals(Duration.ofSeconds(10800), ProxyRules.compile(table(List.of(svc), List.of()), true).routes().get(CLUSTER).affinity());
    svc.with("spec").putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 60);
    assertEquals(Duration.ofSeconds(60), ProxyRules.compile(table(List.of(svc), List.of()), true).routes().get(CLUSTER).affinity());
  }

  @Test
  void withoutClusterIPsOnlyNodePortsAreRouted() {
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(service("web", "10.96.0.20", 80, 30080)), List.of()), false);
    assertEquals(Set.of(NODE), rules.routes().keySet());
    assertTrue(rules.clusterIPs().isEmpty());
  }

  @Test
  void slicesOfAnotherProtocolOrPortNameAreIgnored() {
    ProxyRules.Rules rules = ProxyRules.compile(table(List.of(service("web", "10.96.0.20", 80, 0)),
        List.of(slice("web", "UDP", List.of(Ep.ready("10.244.1.2", 8080))))), true);
    assertTrue(rules.routes().get(CLUSTER).backends().isEmpty());
  }
}
