package io.coxswain.core.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancerIngressTest {
  private static ObjectNode node(String ready, String... addresses) throws Exception {
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < addresses.length; i += 2) {
      if (a.length() > 0) a.append(',');
      a.append("{\"type\":\"").append(addresses[i]).append("\",\"address\":\"").append(addresses[i + 1]).append("\"}");
    }
    return (ObjectNode) Json.MAPPER.readTree("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready
        + "\"}],\"addresses\":[" + a + "]}}");
  }

  @Test
  void listsTheReadyNodesAddressesSorted() throws Exception {
    var ingress = LoadBalancerIngress.of(List.of(
        node("True", "Hostname", "b", "InternalIP", "192.168.1.12"),
        node("True", "InternalIP", "192.168.1.11"),
        node("False", "InternalIP", "192.168.1.13"),
        node("Unknown", "InternalIP", "192.168.1.14")));
    assertEquals("[{\"ip\":\"192.168.1.11\",\"ipMode\":\"VIP\"},{\"ip\":\"192.168.1.12\",\"ipMode\":\"VIP\"}]",
        ingress.toString());
  }

  @Test
  void prefersANodesExternalAddress() throws Exception {
    assertEquals("203.0.113.7", LoadBalancerIngress.nodeAddress(
        node("True", "InternalIP", "10.0.0.7", "ExternalIP", "203.0.113.7")));
  }

  @Test
  void servesOnlyLoadBalancersWithoutAnotherClass() throws Exception {
    assertTrue(LoadBalancerIngress.served(Json.MAPPER.readTree("{\"spec\":{\"type\":\"LoadBalancer\"}}")));
    assertFalse(LoadBalancerIngress.served(Json.MAPPER.readTree(
        "{\"spec\":{\"type\":\"LoadBalancer\",\"loadBalancerClass\":\"example.com/lb\"}}")));
    assertFalse(LoadBalancerIngress.served(Json.MAPPER.readTree("{\"spec\":{\"type\":\"NodePort\"}}")));
  }
}
