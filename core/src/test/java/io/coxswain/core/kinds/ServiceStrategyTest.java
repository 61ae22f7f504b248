package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStrategyTest {
  private final ServiceStrategy strategy = new ServiceStrategy();

  private static ObjectNode service(String name, String spec) {
    return yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: default}
        spec:
        """.formatted(name) + spec.indent(2));
  }

  private ObjectNode defaulted(String spec) {
    ObjectNode s = service("web", spec);
    strategy.applyDefaults(s);
    return s;
  }

  private List<String> invalidFields(String spec) {
    return fields(strategy.validate(defaulted(spec)));
  }

  @Test
  void defaultsAClusterIpServiceLikeARealServer() {
    ObjectNode s = defaulted("{selector: {app: web}, ports: [{name: http, port: 80}]}");
    assertEquals(yaml("""
        internalTrafficPolicy: Cluster
        ipFamilies: [IPv4]
        ipFamilyPolicy: SingleStack
        ports:
        - name: http
          port: 80
          protocol: TCP
          targetPort: 80
        selector: {app: web}
        sessionAffinity: None
        type: ClusterIP
        """), s.get("spec"));
    assertEquals(yaml("{loadBalancer: {}}"), s.get("status"));
    assertTrue(s.at("/spec/clusterIP").isMissingNode(), "the allocator assigns the cluster IP");
  }

  @Test
  void keepsANamedTargetPort() {
    ObjectNode s = defaulted("ports: [{port: 80, targetPort: http}]");
    assertEquals("http", s.at("/spec/ports/0/targetPort").asText());
  }

  @Test
  void defaultsExternalTrafficPolicyForNodePortAndLoadBalancer() {
    ObjectNode nodePort = defaulted("{type: NodePort, ports: [{port: 80}]}");
    assertEquals("Cluster", nodePort.at("/spec/externalTrafficPolicy").asText());
    ObjectNode lb = defaulted("{type: LoadBalancer, ports: [{port: 80}]}");
    assertEquals("Cluster", lb.at("/spec/externalTrafficPolicy").asText());
    assertTrue(lb.at("/spec/allocateLoadBalancerNodePorts").asBoolean());
    assertTrue(defaulted("ports: [{port: 80}]").at("/spec/externalTrafficPolicy").isMissingNode());
  }

  @Test
  void defaultsClientIpAffinityTimeout() {
    ObjectNode s = defaulted("{sessionAffinity: ClientIP, ports: [{port: 80}]}");
    assertEquals(10800, s.at("/spec/sessionAffinityConfig/clientIP/timeoutSeconds").asInt());
  }

  @Test
  void defaultsHeadlessServiceWithoutSelectorToRequireDualStack() {
    ObjectNode s = defaulted("clusterIP: None");
    assertEquals("RequireDualStack", s.at("/spec/ipFamilyPolicy").asText());
    assertEquals("[\"None\"]", s.at("/spec/clusterIPs").toString());
    assertEquals(List.of(), fields(strategy.validate(s)));
  }

  @Test
  void givesExternalNameServicesNoIpFields() {
    ObjectNode s = defaulted("{type: ExternalName, externalName: db.example.com}");
    assertTrue(s.at("/spec/ipFamilies").isMissingNode());
    assertTrue(s.at("/spec/internalTrafficPolicy").isMissingNode());
    assertEquals("None", s.at("/spec/sessionAffinity").asText());
    assertEquals(List.of(), fields(strategy.validate(s)));
  }

  @Test
  void acceptsAValidService() {
    assertEquals(List.of(), invalidFields("{selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}"));
  }

  @Test
  void rejectsServiceWithoutPorts() {
    assertEquals(List.of("spec.ports"), invalidFields("selector: {app: web}"));
  }

  @Test
  void rejectsPortOutOfRange() {
    assertEquals(List.of("spec.ports[0].port"), invalidFields("ports: [{port: 0, targetPort: 80}]"));
    assertEquals(List.of("spec.ports[0].targetPort"), invalidFields("ports: [{port: 80, targetPort: 65536}]"));
  }

  @Test
  void requiresDistinctNamesWhenThereAreSeveralPorts() {
    assertEquals(List.of("spec.ports[1].name"), invalidFields("ports: [{name: http, port: 80}, {port: 443}]"));
    List<Cause> causes = strategy.validate(defaulted("ports: [{name: http, port: 80}, {name: http, port: 443}]"));
    assertEquals(List.of("spec.ports[1].name"), fields(causes));
    assertEquals("FieldValueDuplicate", causes.get(0).reason());
  }

  @Test
  void rejectsUnknownProtocolAndType() {
    assertEquals(List.of("spec.ports[0].protocol"), invalidFields("ports: [{port: 80, protocol: ICMP}]"));
    assertEquals(List.of("spec.type"), invalidFields("{type: Ingress, ports: [{port: 80}]}"));
  }

  @Test
  void requiresExternalNameForExternalNameServices() {
    assertEquals(List.of("spec.externalName"), invalidFields("type: ExternalName"));
  }

  @Test
  void leavesTheNodePortRangeToTheAllocatorButRejectsImpossiblePorts() {
    // The range is configurable, so the allocator, not validation, refuses 8080.
    assertEquals(List.of(), invalidFields("{type: NodePort, ports: [{port: 80, nodePort: 8080}]}"));
    List<Cause> causes = strategy.validate(defaulted("{type: NodePort, ports: [{port: 80, nodePort: 70000}]}"));
    assertEquals(List.of("spec.ports[0].nodePort"), fields(causes));
    assertTrue(causes.get(0).message().contains("must be between 1 and 65535"), causes.toString());
  }

  @Test
  void allowsAHealthCheckNodePortOnlyForLocalLoadBalancers() {
    assertEquals(List.of(), invalidFields(
        "{type: LoadBalancer, externalTrafficPolicy: Local, healthCheckNodePort: 31000, ports: [{port: 80}]}"));
    assertEquals(List.of("spec.healthCheckNodePort"), invalidFields(
        "{type: NodePort, healthCheckNodePort: 31000, ports: [{port: 80}]}"));
  }

  @Test
  void rejectsNodePortOnClusterIpService() {
    assertEquals(List.of("spec.ports[0].nodePort"), invalidFields("ports: [{port: 80, nodePort: 30080}]"));
  }

  @Test
  void rejectsInvalidClusterIp() {
    assertEquals(List.of("spec.clusterIP", "spec.clusterIPs[0]"), invalidFields("{clusterIP: 10.96.0.300, ports: [{port: 80}]}"));
  }

  @Test
  void rejectsServiceNameStartingWithDigit() {
    ObjectNode s = service("1web", "ports: [{port: 80}]");
    strategy.applyDefaults(s);
    List<Cause> causes = strategy.validate(s);
    assertEquals(List.of("metadata.name"), fields(causes));
    assertTrue(causes.get(0).message().contains("a DNS-1035 label must consist of lower case alphanumeric characters"));
  }

  @Test
  void rejectsExternalTrafficPolicyOnInternalService() {
    assertEquals(List.of("spec.externalTrafficPolicy"), invalidFields("{externalTrafficPolicy: Local, ports: [{port: 80}]}"));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    ObjectNode s = service("web", """
        type: [ClusterIP]
        ports: [{port: "80", protocol: 6, targetPort: [1]}, 80]
        selector: app
        sessionAffinity: {}
        clusterIP: 1
        """);
    strategy.applyDefaults(s);
    List<String> fields = fields(strategy.validate(s));
    assertTrue(fields.containsAll(List.of("spec.type", "spec.ports[0].port", "spec.ports[0].protocol",
        "spec.ports[0].targetPort", "spec.ports[1]", "spec.selector", "spec.sessionAffinity", "spec.clusterIP")),
        fields::toString);
  }

  @Test
  void forbidsChangingAnAllocatedClusterIp() {
    ObjectNode stored = defaulted("ports: [{port: 80}]");
    stored.withObject("/spec").put("clusterIP", "10.96.0.10");
    ObjectNode changed = stored.deepCopy();
    changed.withObject("/spec").put("clusterIP", "10.96.0.11");
    assertEquals(List.of("spec.clusterIP"), fields(strategy.validateUpdate(changed, stored)));
    ObjectNode portAdded = stored.deepCopy();
    portAdded.withObject("/spec").withArray("ports").add(yaml("{port: 81}"));
    assertEquals(List.of(), strategy.validateUpdate(portAdded, stored));
  }

  @Test
  void allowsAssigningTheFirstClusterIp() {
    ObjectNode stored = defaulted("ports: [{port: 80}]");
    ObjectNode allocated = stored.deepCopy();
    allocated.withObject("/spec").put("clusterIP", "10.96.0.10");
    assertEquals(List.of(), strategy.validateUpdate(allocated, stored));
  }

  @Test
  void doesNotTrackGeneration() {
    assertFalse(strategy.tracksGeneration());
  }
}
