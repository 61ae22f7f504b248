package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.write.ObjectWrites;
import io.coxswain.core.write.Subresource;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceAddressesTest {
  private final ServiceStrategy strategy = new ServiceStrategy();

  private ObjectNode stored(String spec) {
    ObjectNode svc = yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default, resourceVersion: "5"}
        spec:
        """ + spec.indent(2));
    return ObjectWrites.prepareCreate(strategy, svc, "uid-1", Instant.parse("2025-01-01T00:00:00Z"));
  }

  private ObjectNode update(ObjectNode stored, String spec) {
    ObjectNode incoming = yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
        """ + spec.indent(2));
    return ObjectWrites.prepareUpdate(strategy, stored, incoming, Subresource.MAIN);
  }

  @Test
  void readsWhatAServiceHolds() {
    ObjectNode svc = stored("""
        type: LoadBalancer
        externalTrafficPolicy: Local
        clusterIP: 10.96.0.20
        healthCheckNodePort: 32000
        ports: [{name: a, port: 53, protocol: UDP, nodePort: 30053}, {name: b, port: 53, nodePort: 30053}]
        """);
    assertEquals("10.96.0.20", ServiceAddresses.clusterIp(svc));
    assertEquals(Set.of(30053, 32000), ServiceAddresses.nodePorts(svc));
    assertTrue(ServiceAddresses.needsHealthCheckNodePort(svc));
    assertTrue(ServiceAddresses.allocatesNodePorts(svc));
    assertFalse(ServiceAddresses.allocatesClusterIp(stored("{clusterIP: None, ports: [{port: 80}]}")));
    assertFalse(ServiceAddresses.allocatesNodePorts(stored(
        "{type: LoadBalancer, allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}")));
  }

  @Test
  void keepsTheAllocatedAddressesWhenAnUpdateLeavesThemOut() {
    ObjectNode stored = stored("{type: NodePort, clusterIP: 10.96.0.20, ports: [{name: http, port: 80, nodePort: 30080}]}");
    ObjectNode updated = update(stored, "{type: NodePort, ports: [{name: http, port: 80}]}");
    assertEquals("10.96.0.20", updated.at("/spec/clusterIP").asText());
    assertEquals("[\"10.96.0.20\"]", updated.at("/spec/clusterIPs").toString());
    assertEquals(30080, updated.at("/spec/ports/0/nodePort").asInt());
  }

  @Test
  void dropsNodePortsWhenTheTypeNoLongerUsesThem() {
    ObjectNode stored = stored("{type: NodePort, clusterIP: 10.96.0.20, ports: [{port: 80, nodePort: 30080}]}");
    ObjectNode patched = stored.deepCopy();
    patched.withObject("/spec").put("type", "ClusterIP");
    ObjectNode updated = ObjectWrites.prepareUpdate(strategy, stored, patched, Subresource.MAIN);
    assertTrue(updated.at("/spec/ports/0/nodePort").isMissingNode(), updated.toString());
    assertTrue(updated.at("/spec/externalTrafficPolicy").isMissingNode(), updated.toString());
    assertEquals("10.96.0.20", updated.at("/spec/clusterIP").asText());
  }

  @Test
  void dropsTheClusterIpWhenTurningIntoAnExternalName() {
    ObjectNode stored = stored("{clusterIP: 10.96.0.20, ports: [{port: 80}]}");
    ObjectNode patched = stored.deepCopy();
    patched.withObject("/spec").put("type", "ExternalName").put("externalName", "db.example.com");
    ObjectNode updated = ObjectWrites.prepareUpdate(strategy, stored, patched, Subresource.MAIN);
    for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
      assertTrue(updated.path("spec").path(field).isMissingNode(), field + " in " + updated);
    }
  }

  @Test
  void clearsTheLoadBalancerStatusOfAServiceThatIsNoLongerOne() {
    ObjectNode stored = stored("{type: LoadBalancer, clusterIP: 10.96.0.20, ports: [{port: 80, nodePort: 30080}]}");
    stored.withObject("/status").withObject("/loadBalancer").withArray("ingress").addObject().put("ip", "192.168.1.5");
    ObjectNode patched = stored.deepCopy();
    patched.withObject("/spec").put("type", "ClusterIP");
    ObjectNode updated = ObjectWrites.prepareUpdate(strategy, stored, patched, Subresource.MAIN);
    assertEquals(yaml("{loadBalancer: {}}"), updated.get("status"));
  }
}
