package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class IPAddressStrategyTest {
  private final IPAddressStrategy ips = new IPAddressStrategy();
  private final NodePortAllocationStrategy ports = new NodePortAllocationStrategy();

  private static ObjectNode allocation(String kind, String name, String parentRef) {
    return yaml("""
        apiVersion: v1
        kind: %s
        metadata: {name: '%s'}
        spec: {parentRef: %s}
        """.formatted(kind, name, parentRef));
  }

  @Test
  void acceptsAnAddressNamedByItsIpWithAParent() {
    assertEquals(List.of(), ips.validate(allocation("IPAddress", "10.96.0.1",
        "{group: '', resource: services, namespace: default, name: kubernetes}")));
  }

  @Test
  void refusesNamesThatAreNoCanonicalIp() {
    String parent = "{resource: services, name: web}";
    assertEquals(List.of("metadata.name"), fields(ips.validate(allocation("IPAddress", "10.96.0.01", parent))));
    assertEquals(List.of("metadata.name"), fields(ips.validate(allocation("IPAddress", "web", parent))));
    assertEquals(List.of("metadata.name"), fields(ports.validate(allocation("NodePortAllocation", "030080", parent))));
    assertEquals(List.of("metadata.name"), fields(ports.validate(allocation("NodePortAllocation", "70000", parent))));
  }

  @Test
  void requiresTheParentsResourceAndName() {
    assertEquals(List.of("spec.parentRef.resource", "spec.parentRef.name"),
        fields(ips.validate(allocation("IPAddress", "10.96.0.1", "{namespace: default}"))));
    ObjectNode noParent = yaml("{apiVersion: v1, kind: IPAddress, metadata: {name: 10.96.0.1}, spec: {}}");
    assertEquals(List.of("spec.parentRef"), fields(ips.validate(noParent)));
  }

  @Test
  void neverMovesAnAllocationToAnotherParent() {
    ObjectNode stored = allocation("IPAddress", "10.96.0.1", "{resource: services, namespace: default, name: a}");
    ObjectNode moved = allocation("IPAddress", "10.96.0.1", "{resource: services, namespace: default, name: b}");
    assertEquals(List.of("spec.parentRef"), fields(ips.validateUpdate(moved, stored)));
    assertEquals(List.of(), ips.validateUpdate(stored.deepCopy(), stored));
  }

  @Test
  void printsTheParentAsKubectlShowsIt() {
    assertEquals("services/default/web", ParentReference.service("default", "web").toString());
  }
}
