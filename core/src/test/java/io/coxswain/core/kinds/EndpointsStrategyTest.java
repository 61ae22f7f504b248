package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsStrategyTest {
  private final EndpointsStrategy strategy = new EndpointsStrategy();

  private ObjectNode endpoints(String subsets) {
    ObjectNode e = yaml("apiVersion: v1\nkind: Endpoints\nmetadata: {name: web, namespace: default}\nsubsets:\n"
        + subsets.indent(2));
    strategy.applyDefaults(e);
    return e;
  }

  @Test
  void defaultsPortProtocolToTcp() {
    ObjectNode e = endpoints("- {addresses: [{ip: 10.244.0.5}], ports: [{port: 8080}]}");
    assertEquals(yaml("{port: 8080, protocol: TCP}"), e.at("/subsets/0/ports/0"));
    assertEquals(List.of(), strategy.validate(e));
  }

  @Test
  void rejectsSubsetWithoutAddresses() {
    assertEquals(List.of("subsets[0]"), fields(strategy.validate(endpoints("- {ports: [{port: 80}]}"))));
  }

  @Test
  void rejectsInvalidIpAndPort() {
    assertEquals(List.of("subsets[0].addresses[0].ip", "subsets[0].ports[0].port"),
        fields(strategy.validate(endpoints("- {addresses: [{ip: not-an-ip}], ports: [{port: 0}]}"))));
  }

  @Test
  void requiresPortNamesWhenThereAreSeveral() {
    assertEquals(List.of("subsets[0].ports[1].name"),
        fields(strategy.validate(endpoints("- {addresses: [{ip: 'fd00::5'}], ports: [{name: a, port: 80}, {port: 81}]}"))));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("subsets[0].addresses", "subsets[0]", "subsets[1]"),
        fields(strategy.validate(endpoints("- {addresses: 10.0.0.1}\n- 7"))));
  }
}
