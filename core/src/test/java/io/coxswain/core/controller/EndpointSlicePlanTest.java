package io.coxswain.core.controller;

import static io.coxswain.core.controller.EndpointFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSlicePlanTest {
  static final ArrayNode HTTP = yaml("[{name: http, port: 8080, protocol: TCP}]");
  static final ArrayNode OTHER = yaml("[{name: http, port: 8081, protocol: TCP}]");

  static ObjectNode endpoint(String pod) {
    return yaml("""
        {addresses: [10.0.0.1], conditions: {ready: true, serving: true, terminating: false},
         targetRef: {kind: Pod, namespace: ns, name: %s, uid: %s}}
        """.formatted(pod, pod));
  }

  static List<ObjectNode> endpoints(String... pods) {
    List<ObjectNode> out = new ArrayList<>();
    for (String p : pods) out.add(endpoint(p));
    return out;
  }

  static ObjectNode slice(String name, ArrayNode ports, List<ObjectNode> endpoints) {
    ObjectNode s = yaml("{metadata: {name: %s}, addressType: IPv4}".formatted(name));
    s.putArray("endpoints").addAll(endpoints);
    s.set("ports", ports);
    return s;
  }

  static Map<String, EndpointSliceContent.Group> desired(EndpointSliceContent.Group... groups) {
    Map<String, EndpointSliceContent.Group> out = new LinkedHashMap<>();
    for (EndpointSliceContent.Group g : groups) out.put(g.portsKey(), g);
    return out;
  }

  static List<String> names(List<ObjectNode> endpoints) {
    return endpoints.stream().map(e -> e.path("targetRef").path("name").asText()).toList();
  }

  @Test
  void newEndpointsAreCutIntoSlicesOfAtMostMax() {
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(),
        desired(new EndpointSliceContent.Group(HTTP, endpoints("a", "b", "c", "d", "e"))), 2);
    assertEquals(3, plan.creates().size());
    assertEquals(List.of("a", "b"), names(plan.creates().get(0).endpoints()));
    assertEquals(List.of("e"), names(plan.creates().get(2).endpoints()));
    assertTrue(plan.kept().isEmpty());
    assertTrue(plan.deletes().isEmpty());
  }

  @Test
  void anUnchangedSliceNeedsNoWrite() {
    ObjectNode s = slice("web-1", HTTP, endpoints("a", "b"));
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(s),
        desired(new EndpointSliceContent.Group(HTTP, endpoints("b", "a"))), 100);
    assertEquals(1, plan.kept().size());
    assertFalse(plan.kept().get(0).changed());
    assertEquals(List.of("a", "b"), names(plan.kept().get(0).endpoints()), "endpoints stay in their order");
    assertTrue(plan.creates().isEmpty());
  }

  @Test
  void removedEndpointsLeaveTheirSliceAndNewOnesFillItInPlace() {
    ObjectNode s = slice("web-1", HTTP, endpoints("a", "b"));
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(s),
        desired(new EndpointSliceContent.Group(HTTP, endpoints("b", "c"))), 100);
    assertEquals(1, plan.kept().size());
    assertTrue(plan.kept().get(0).changed());
    assertEquals(List.of("b", "c"), names(plan.kept().get(0).endpoints()));
    assertTrue(plan.creates().isEmpty());
    assertTrue(plan.deletes().isEmpty());
  }

  @Test
  void aChangedEndpointIsUpdatedInTheSliceThatHoldsIt() {
    ObjectNode s = slice("web-1", HTTP, endpoints("a"));
    ObjectNode notReady = endpoint("a");
    ((ObjectNode) notReady.path("conditions")).put("ready", false);
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(s),
        desired(new EndpointSliceContent.Group(HTTP, List.of(notReady))), 100);
    assertTrue(plan.kept().get(0).changed());
    assertEquals(List.of(notReady), plan.kept().get(0).endpoints());
  }

  @Test
  void emptiedSlicesAndSlicesOfPortsNoLongerWantedAreDeleted() {
    ObjectNode full = slice("web-1", HTTP, endpoints("a", "b"));
    ObjectNode emptied = slice("web-2", HTTP, endpoints("c"));
    ObjectNode stale = slice("web-3", OTHER, endpoints("d"));
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(full, emptied, stale),
        desired(new EndpointSliceContent.Group(HTTP, endpoints("a", "b"))), 2);
    assertEquals(List.of(full), plan.kept().stream().map(EndpointSlicePlan.Kept::slice).toList());
    assertEquals(List.of(emptied, stale).size(), plan.deletes().size());
    assertTrue(plan.deletes().containsAll(List.of(emptied, stale)));
    assertTrue(plan.creates().isEmpty());
  }

  @Test
  void eachPortSetGetsItsOwnSlices() {
    EndpointSlicePlan plan = EndpointSlicePlan.plan(List.of(slice("web-1", HTTP, endpoints("a"))),
        desired(new EndpointSliceContent.Group(HTTP, endpoints("a")), new EndpointSliceContent.Group(OTHER, endpoints("b"))),
        100);
    assertEquals(1, plan.kept().size());
    assertEquals(1, plan.creates().size());
    assertEquals(OTHER, plan.creates().get(0).ports());
  }

  @Test
  void aServiceWithoutEndpointsKeepsOneEmptyPlaceholder() {
    EndpointSlicePlan created = EndpointSlicePlan.plan(List.of(slice("web-1", HTTP, endpoints("a"))), Map.of(), 100);
    assertEquals(1, created.creates().size());
    assertTrue(created.creates().get(0).endpoints().isEmpty());
    assertTrue(created.creates().get(0).ports().isEmpty());
    assertEquals(1, created.deletes().size());

    ObjectNode placeholder = slice("web-2", yaml("[]"), List.of());
    EndpointSlicePlan kept = EndpointSlicePlan.plan(List.of(placeholder), Map.of(), 100);
    assertTrue(kept.creates().isEmpty());
    assertTrue(kept.deletes().isEmpty());
    assertEquals(placeholder, kept.kept().get(0).slice());
    assertFalse(kept.kept().get(0).changed());
  }
}
