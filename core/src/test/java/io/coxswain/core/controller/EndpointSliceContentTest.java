package io.coxswain.core.controller;

import static io.coxswain.core.controller.EndpointFixtures.pod;
import static io.coxswain.core.controller.EndpointFixtures.service;
import static io.coxswain.core.controller.EndpointFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSliceContentTest {
  @Test
  void endpointsCarryConditionsNodeAndTargetRef() {
    ObjectNode leaving = pod("c", "10.0.0.3", true, 8080);
    ((ObjectNode) leaving.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
    Map<String, EndpointSliceContent.Group> desired = EndpointSliceContent.desired(service(), List.of(
        pod("b", "10.0.0.2", false, 8080), leaving, pod("a", "10.0.0.1", true, 8080), pod("x", null, true, 8080)));
    assertEquals(1, desired.size());
    EndpointSliceContent.Group g = desired.values().iterator().next();
    assertEquals(yaml("[{name: http, port: 8080, protocol: TCP}, {name: metrics, port: 9090, protocol: TCP}]"), g.ports());
    assertEquals(3, g.endpoints().size(), "the pod without an IP is left out; the terminating one stays");
    assertEquals(yaml("""
        addresses: [10.0.0.1]
        conditions: {ready: true, serving: true, terminating: false}
        targetRef: {kind: Pod, namespace: ns, name: a, uid: uid-a}
        nodeName: node-1
        """), g.endpoints().get(0));
    assertEquals(yaml("{ready: false, serving: false, terminating: false}"), g.endpoints().get(1).path("conditions"));
    assertEquals(yaml("{ready: false, serving: true, terminating: true}"), g.endpoints().get(2).path("conditions"));
  }

  @Test
  void podsResolvingPortsDifferentlyFormSeparateGroups() {
    Map<String, EndpointSliceContent.Group> desired = EndpointSliceContent.desired(service(), List.of(
        pod("a", "10.0.0.1", true, 8080), pod("b", "10.0.0.2", true, 8081), pod("c", "10.0.0.3", true, 8080),
        pod("d", "10.0.0.4", true, 0)));
    assertEquals(3, desired.size());
    List<Integer> sizes = desired.values().stream().map(g -> g.endpoints().size()).toList();
    assertEquals(List.of(2, 1, 1), sizes);
    JsonNode lacking = desired.values().stream().toList().get(2).ports();
    assertEquals(yaml("[{name: metrics, port: 9090, protocol: TCP}]"), lacking);
  }

  @Test
  void aNewSliceIsOwnedByTheServiceAndLabelledForIt() {
    ObjectNode svc = service();
    ((ObjectNode) svc.path("metadata")).put("uid", "svc-uid");
    ObjectNode slice = EndpointSliceContent.newSlice(svc, new EndpointSliceContent.Group(
        yaml("[{name: http, port: 80, protocol: TCP}]"), List.of()));
    JsonNode meta = slice.path("metadata");
    assertTrue(meta.path("name").asText().matches("web-[a-z0-9]{5}"), meta.path("name").asText());
    assertEquals("web-", meta.path("generateName").asText());
    assertEquals(yaml("""
        {team: a, kubernetes.io/service-name: web, endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}
        """), meta.path("labels"));
    assertEquals(yaml("[{apiVersion: v1, kind: Service, name: web, uid: svc-uid, controller: true, blockOwnerDeletion: true}]"),
        meta.path("ownerReferences"));
    assertEquals("IPv4", slice.path("addressType").asText());
  }

  @Test
  void portsKeyIgnoresPortOrder() {
    assertEquals(EndpointSliceContent.portsKey(yaml("[{name: a, port: 1}, {name: b, port: 2, protocol: UDP}]")),
        EndpointSliceContent.portsKey(yaml("[{name: b, port: 2, protocol: UDP}, {name: a, port: 1, protocol: TCP}]")));
  }

  @Test
  void anEndpointTakesTheZoneOfItsNode() {
    var desired = EndpointSliceContent.desired(service(), List.of(pod("a", "10.0.0.1", true, 8080)),
        node -> node.equals("node-1") ? "zone-a" : null);
    assertEquals("zone-a", desired.values().iterator().next().endpoints().get(0).path("zone").asText());
  }
}
