package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSliceStrategyTest {
  private final EndpointSliceStrategy strategy = new EndpointSliceStrategy();

  private ObjectNode slice(String body) {
    ObjectNode s = yaml("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {name: web-abc12, namespace: default, labels: {kubernetes.io/service-name: web}}\n" + body);
    strategy.applyDefaults(s);
    return s;
  }

  private static final String VALID = """
      addressType: IPv4
      endpoints: [{addresses: [10.244.0.5], conditions: {ready: true}, nodeName: node-1}]
      ports: [{port: 8080}]
      """;

  @Test
  void defaultsPortNameAndProtocol() {
    ObjectNode s = slice(VALID);
    assertEquals(yaml("{name: '', port: 8080, protocol: TCP}"), s.at("/ports/0"));
    assertEquals(List.of(), strategy.validate(s));
  }

  @Test
  void requiresAddressType() {
    assertEquals(List.of("addressType"), fields(strategy.validate(slice(VALID.replace("addressType: IPv4\n", "")))));
    assertEquals(List.of("addressType"), fields(strategy.validate(slice(VALID.replace("IPv4", "IPv5")))));
  }

  @Test
  void rejectsAddressOfTheWrongFamily() {
    assertEquals(List.of("endpoints[0].addresses[0]"),
        fields(strategy.validate(slice(VALID.replace("IPv4", "IPv6")))));
  }

  @Test
  void rejectsEndpointWithoutAddresses() {
    assertEquals(List.of("endpoints[0].addresses"),
        fields(strategy.validate(slice(VALID.replace("addresses: [10.244.0.5], ", "")))));
  }

  @Test
  void rejectsDuplicatePortNames() {
    assertEquals(List.of("ports[1].name"),
        fields(strategy.validate(slice(VALID.replace("ports: [{port: 8080}]", "ports: [{port: 80}, {port: 81}]")))));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("addressType", "endpoints[0].addresses[0]", "ports"),
        fields(strategy.validate(slice("addressType: 4\nendpoints: [{addresses: [[1]]}]\nports: {port: 1}\n"))));
  }

  @Test
  void forbidsChangingAddressType() {
    ObjectNode stored = slice(VALID);
    ObjectNode updated = stored.deepCopy();
    updated.put("addressType", "IPv6");
    assertEquals(List.of("addressType"), fields(strategy.validateUpdate(updated, stored)));
  }

  @Test
  void tracksGenerationOverEndpointsAndLabels() {
    assertTrue(strategy.tracksGeneration());
    ObjectNode stored = slice(VALID);
    ObjectNode relabelled = stored.deepCopy();
    relabelled.withObject("/metadata/labels").put("x", "y");
    assertTrue(strategy.specChanged(stored, relabelled));
    ObjectNode annotated = stored.deepCopy();
    annotated.withObject("/metadata").putObject("annotations").put("x", "y");
    assertFalse(strategy.specChanged(stored, annotated));
  }
}
