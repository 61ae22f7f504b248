package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetStrategyTest {
  private final ReplicaSetStrategy strategy = new ReplicaSetStrategy();

  private static final String VALID = """
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: nginx, image: nginx:1.27}]
      """;

  private ObjectNode defaulted(String spec) {
    ObjectNode rs = yaml("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web-5d4f, namespace: default}
        spec:
        """ + spec.indent(2));
    strategy.applyDefaults(rs);
    return rs;
  }

  @Test
  void defaultsReplicasTemplateAndStatus() {
    ObjectNode rs = defaulted(VALID);
    assertEquals(1, rs.at("/spec/replicas").asInt());
    assertEquals("IfNotPresent", rs.at("/spec/template/spec/containers/0/imagePullPolicy").asText());
    assertEquals("Always", rs.at("/spec/template/spec/restartPolicy").asText());
    assertEquals(30, rs.at("/spec/template/spec/terminationGracePeriodSeconds").asInt());
    assertEquals(yaml("{replicas: 0}"), rs.get("status"));
  }

  @Test
  void givesTemplatesNoPodOnlyDefaults() {
    ObjectNode spec = (ObjectNode) defaulted(VALID).at("/spec/template/spec");
    for (String podOnly : List.of("serviceAccountName", "tolerations", "priority", "enableServiceLinks", "preemptionPolicy")) {
      assertTrue(spec.path(podOnly).isMissingNode(), podOnly);
    }
  }

  @Test
  void acceptsAValidReplicaSet() {
    assertEquals(List.of(), fields(strategy.validate(defaulted(VALID))));
  }

  @Test
  void rejectsMissingSelector() {
    assertEquals(List.of("spec.selector"), fields(strategy.validate(defaulted(VALID.replace("selector: {matchLabels: {app: web}}\n", "")))));
  }

  @Test
  void rejectsSelectorThatDoesNotMatchTemplate() {
    assertEquals(List.of("spec.template.metadata.labels"),
        fields(strategy.validate(defaulted(VALID.replace("labels: {app: web}", "labels: {app: api}")))));
  }

  @Test
  void rejectsNegativeReplicasAndActiveDeadline() {
    assertEquals(List.of("spec.replicas"), fields(strategy.validate(defaulted(VALID + "replicas: -2\n"))));
    assertEquals(List.of("spec.template.spec.activeDeadlineSeconds"),
        fields(strategy.validate(defaulted(VALID.replace("containers:", "activeDeadlineSeconds: 5\n    containers:")))));
  }

  @Test
  void forbidsChangingTheSelector() {
    ObjectNode stored = defaulted(VALID);
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/spec").set("selector", yaml("{matchLabels: {app: other}}"));
    assertEquals(List.of("spec.selector"), fields(strategy.validateUpdate(updated, stored)));
  }

  @Test
  void tracksGeneration() {
    assertTrue(strategy.tracksGeneration());
  }

  @Test
  void exposesStatusReplicasForFieldSelectors() {
    ObjectNode rs = defaulted(VALID);
    assertEquals("0", strategy.selectableFields(rs).get("status.replicas"));
    rs.withObject("/status").put("replicas", 3);
    assertEquals("3", strategy.selectableFields(rs).get("status.replicas"));
    assertEquals("default", strategy.selectableFields(rs).get("metadata.namespace"));
  }
}
