package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStrategyTest {
  private final NodeStrategy strategy = new NodeStrategy();

  private ObjectNode node(String body) {
    ObjectNode n = yaml("apiVersion: v1\nkind: Node\nmetadata: {name: worker-1.example}\n" + body);
    strategy.applyDefaults(n);
    return n;
  }

  @Test
  void addsOnlyAllocatableFromCapacity() {
    ObjectNode n = node("status: {capacity: {cpu: '4', memory: 8Gi, pods: '110'}}\n");
    assertEquals(yaml("""
        apiVersion: v1
        kind: Node
        metadata: {name: worker-1.example}
        status:
          capacity: {cpu: '4', memory: 8Gi, pods: '110'}
          allocatable: {cpu: '4', memory: 8Gi, pods: '110'}
        """), n);
    assertEquals(List.of(), strategy.validate(n));
  }

  @Test
  void acceptsValidTaints() {
    assertEquals(List.of(), strategy.validate(node("spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}\n")));
  }

  @Test
  void rejectsTaintWithoutOrWithUnknownEffect() {
    assertEquals(List.of("spec.taints[0].effect", "spec.taints[1].effect"),
        fields(strategy.validate(node("spec: {taints: [{key: a}, {key: b, effect: Evict}]}\n"))));
  }

  @Test
  void rejectsDuplicateTaint() {
    assertEquals(List.of("spec.taints[1]"), fields(strategy.validate(
        node("spec: {taints: [{key: a, effect: NoSchedule}, {key: a, value: x, effect: NoSchedule}]}\n"))));
  }

  @Test
  void rejectsInvalidPodCidrAndWrongTypes() {
    assertEquals(List.of("spec.unschedulable", "spec.podCIDR"),
        fields(strategy.validate(node("spec: {podCIDR: 10.0.0.0/40, unschedulable: 'yes'}\n"))));
  }

  @Test
  void forbidsChangingAnAssignedPodCidr() {
    ObjectNode stored = node("spec: {podCIDR: 10.244.1.0/24}\n");
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/spec").put("podCIDR", "10.244.2.0/24");
    assertEquals(List.of("spec.podCIDR"), fields(strategy.validateUpdate(updated, stored)));
    ObjectNode unassigned = node("spec: {}\n");
    assertEquals(List.of(), strategy.validateUpdate(stored, unassigned));
  }

  @Test
  void exposesUnschedulableForFieldSelectors() {
    assertEquals("false", strategy.selectableFields(node("")).get("spec.unschedulable"));
    assertEquals("true", strategy.selectableFields(node("spec: {unschedulable: true}\n")).get("spec.unschedulable"));
  }
}
