package io.coxswain.core.controller;

import static io.coxswain.core.controller.EndpointFixtures.pod;
import static io.coxswain.core.controller.EndpointFixtures.service;
import static io.coxswain.core.controller.EndpointFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSubsetsTest {
  static List<String> ips(JsonNode addresses) {
    List<String> out = new ArrayList<>();
    addresses.forEach(a -> out.add(a.path("ip").asText()));
    return out;
  }

  static List<String> ports(JsonNode subset) {
    List<String> out = new ArrayList<>();
    subset.path("ports").forEach(p -> out.add(p.path("name").asText() + ":" + p.path("port").asInt()));
    return out;
  }

  @Test
  void readyPodsAreAddressesAndOthersNotReadyAddressesSharingOneSubset() {
    ArrayNode subsets = EndpointSubsets.compute(service(), List.of(
        pod("b", "10.0.0.2", true, 8080), pod("a", "10.0.0.1", true, 8080), pod("c", "10.0.0.3", false, 8080)));
    assertEquals(1, subsets.size(), subsets.toString());
    JsonNode s = subsets.get(0);
    assertEquals(List.of("10.0.0.1", "10.0.0.2"), ips(s.path("addresses")), "sorted by IP");
    assertEquals(List.of("10.0.0.3"), ips(s.path("notReadyAddresses")));
    assertEquals(List.of("http:8080", "metrics:9090"), ports(s));
    JsonNode a = s.path("addresses").get(0);
    assertEquals("node-1", a.path("nodeName").asText());
    assertEquals(yaml("{kind: Pod, namespace: ns, name: a, uid: uid-a}"), a.path("targetRef"));
    assertEquals("TCP", s.path("ports").get(0).path("protocol").asText());
  }

  @Test
  void podsWithoutAnIpFinishedOrTerminatingAreLeftOut() {
    ObjectNode done = pod("done", "10.0.0.2", false, 8080);
    ((ObjectNode) done.path("status")).put("phase", "Succeeded");
    ObjectNode leaving = pod("leaving", "10.0.0.3", true, 8080);
    ((ObjectNode) leaving.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    ArrayNode subsets = EndpointSubsets.compute(service(), List.of(
        pod("pending", null, false, 8080), done, leaving, pod("a", "10.0.0.1", true, 8080)));
    assertEquals(1, subsets.size(), subsets.toString());
    assertEquals(List.of("10.0.0.1"), ips(subsets.get(0).path("addresses")));
    assertEquals(0, subsets.get(0).path("notReadyAddresses").size());
  }

  @Test
  void publishNotReadyAddressesCountsNotReadyAndTerminatingPodsAsReady() {
    ObjectNode svc = service();
    ((ObjectNode) svc.path("spec")).put("publishNotReadyAddresses", true);
    ObjectNode leaving = pod("leaving", "10.0.0.3", true, 8080);
    ((ObjectNode) leaving.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    ArrayNode subsets = EndpointSubsets.compute(svc, List.of(pod("a", "10.0.0.1", false, 8080), leaving));
    assertEquals(List.of("10.0.0.1", "10.0.0.3"), ips(subsets.get(0).path("addresses")));
    assertEquals(0, subsets.get(0).path("notReadyAddresses").size());
  }

  @Test
  void podsResolvingANamedPortDifferentlyGetTheirOwnSubsets() {
    ArrayNode subsets = EndpointSubsets.compute(service(), List.of(
        pod("a", "10.0.0.1", true, 8080), pod("b", "10.0.0.2", true, 8081), pod("c", "10.0.0.3", true, 0)));
    // metrics:9090 is offered by all three; http by a on 8080 and by b on 8081; c lacks the name.
    assertEquals(3, subsets.size(), subsets.toString());
    List<String> shapes = new ArrayList<>();
    subsets.forEach(s -> shapes.add(ips(s.path("addresses")) + " " + ports(s)));
    assertEquals(true, shapes.contains("[10.0.0.1] [http:8080]"), shapes.toString());
    assertEquals(true, shapes.contains("[10.0.0.2] [http:8081]"), shapes.toString());
    assertEquals(true, shapes.contains("[10.0.0.1, 10.0.0.2, 10.0.0.3] [metrics:9090]"), shapes.toString());
  }

  @Test
  void repackMergesPortsOfEqualAddressSetsAndReadyWins() {
    ObjectNode a = yaml("{ip: 10.0.0.1, targetRef: {uid: a}}");
    ObjectNode b = yaml("{ip: 10.0.0.2, targetRef: {uid: b}}");
    EndpointSubsets.Port p80 = new EndpointSubsets.Port("http", 80, "TCP", null);
    EndpointSubsets.Port p443 = new EndpointSubsets.Port("https", 443, "TCP", null);
    List<EndpointSubsets.Subset> repacked = EndpointSubsets.repack(List.of(
        new EndpointSubsets.Subset(List.of(b), List.of(), List.of(p443)),
        new EndpointSubsets.Subset(List.of(), List.of(a), List.of(p80)),
        new EndpointSubsets.Subset(List.of(a, b), List.of(), List.of(p80)),
        new EndpointSubsets.Subset(List.of(a), List.of(), List.of(p443))));
    assertEquals(1, repacked.size(), repacked.toString());
    assertEquals(List.of(a, b), repacked.get(0).addresses());
    assertEquals(List.of(), repacked.get(0).notReadyAddresses());
    assertEquals(List.of(p80, p443), repacked.get(0).ports());
  }

  @Test
  void repackIsIndependentOfInputOrder() {
    List<ObjectNode> pods = List.of(
        pod("a", "10.0.0.1", true, 8080), pod("b", "10.0.0.2", false, 8081), pod("c", "10.0.0.3", true, 8080));
    List<ObjectNode> reversed = new ArrayList<>(pods);
    java.util.Collections.reverse(reversed);
    assertEquals(EndpointSubsets.compute(service(), pods), EndpointSubsets.compute(service(), reversed));
  }

  @Test
  void aHeadlessServiceWithoutPortsListsItsPodsWithoutPorts() {
    ObjectNode svc = yaml("{metadata: {name: db, namespace: ns}, spec: {clusterIP: None, selector: {app: web}}}");
    ArrayNode subsets = EndpointSubsets.compute(svc, List.of(pod("a", "10.0.0.1", true, 0)));
    assertEquals(1, subsets.size());
    assertEquals(List.of("10.0.0.1"), ips(subsets.get(0).path("addresses")));
    assertEquals(false, subsets.get(0).has("ports"));
  }

  @Test
  void theHostnameIsSetWhenThePodsSubdomainIsTheService() {
    ObjectNode p = pod("a", "10.0.0.1", true, 8080);
    ((ObjectNode) p.path("spec")).put("hostname", "a-0").put("subdomain", "web");
    ArrayNode subsets = EndpointSubsets.compute(service(), List.of(p));
    assertEquals("a-0", subsets.get(0).path("addresses").get(0).path("hostname").asText());
  }

  @Test
  void overCapacityKeepsReadyAddressesFirstInProportion() {
    List<ObjectNode> pods = new ArrayList<>();
    for (int i = 0; i < 6; i++) pods.add(pod("r" + i, "10.0.0." + (i + 1), true, 0));
    for (int i = 0; i < 3; i++) pods.add(pod("n" + i, "10.0.1." + (i + 1), false, 0));
    ObjectNode svc = yaml("{metadata: {name: web, namespace: ns}, spec: {selector: {app: web}, ports: [{port: 80}]}}");
    List<EndpointSubsets.Subset> subsets = EndpointSubsets.subsets(svc, pods);
    EndpointSubsets.Capped roomForSomeNotReady = EndpointSubsets.truncate(subsets, 7);
    assertEquals(true, roomForSomeNotReady.truncated());
    int ready = 0;
    int notReady = 0;
    for (EndpointSubsets.Subset s : roomForSomeNotReady.subsets()) {
      ready += s.addresses().size();
      notReady += s.notReadyAddresses().size();
    }
    assertEquals(List.of(6, 1), List.of(ready, notReady), "every ready address and one not-ready one");

    EndpointSubsets.Capped onlyReady = EndpointSubsets.truncate(subsets, 3);
    int kept = 0;
    for (EndpointSubsets.Subset s : onlyReady.subsets()) {
      kept += s.addresses().size();
      assertEquals(0, s.notReadyAddresses().size());
    }
    assertEquals(3, kept);
    assertEquals(false, EndpointSubsets.truncate(subsets, 9).truncated());
  }
}
