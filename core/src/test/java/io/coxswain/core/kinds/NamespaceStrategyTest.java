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

class NamespaceStrategyTest {
  private final NamespaceStrategy strategy = new NamespaceStrategy();

  private ObjectNode namespace(String yamlText) {
    ObjectNode ns = yaml(yamlText);
    strategy.applyDefaults(ns);
    return ns;
  }

  @Test
  void defaultsANewNamespaceLikeARealServer() {
    ObjectNode ns = namespace("{apiVersion: v1, kind: Namespace, metadata: {name: team-a}}");
    assertEquals(yaml("""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels: {kubernetes.io/metadata.name: team-a}
        spec:
          finalizers: [kubernetes]
        status:
          phase: Active
        """), ns);
    assertEquals(List.of(), strategy.validate(ns));
  }

  @Test
  void overwritesAWrongNameLabel() {
    ObjectNode ns = namespace("metadata: {name: team-a, labels: {kubernetes.io/metadata.name: other, team: a}}");
    assertEquals(yaml("{kubernetes.io/metadata.name: team-a, team: a}"), ns.at("/metadata/labels"));
  }

  @Test
  void keepsFinalizersOfAnExistingNamespace() {
    ObjectNode ns = namespace("{metadata: {name: team-a}, spec: {finalizers: []}, status: {phase: Terminating}}");
    assertEquals(0, ns.at("/spec/finalizers").size());
  }

  @Test
  void dropsANamespaceGivenInTheBody() {
    assertTrue(namespace("metadata: {name: a, namespace: default}").at("/metadata/namespace").isMissingNode());
  }

  @Test
  void rejectsNameThatIsNotADnsLabel() {
    List<Cause> causes = strategy.validate(namespace("metadata: {name: team.a}"));
    assertEquals(List.of("metadata.name"), fields(causes));
    assertTrue(causes.get(0).message().endsWith("must not contain dots"));
  }

  @Test
  void rejectsNonStandardUnqualifiedFinalizer() {
    assertEquals(List.of("spec.finalizers"), fields(strategy.validate(namespace("{metadata: {name: a}, spec: {finalizers: [cleanup]}}"))));
    assertEquals(List.of(), strategy.validate(namespace("{metadata: {name: a}, spec: {finalizers: [example.com/cleanup]}}")));
  }

  @Test
  void exposesPhaseButNoNamespaceForFieldSelectors() {
    var fields = strategy.selectableFields(namespace("metadata: {name: a}"));
    assertEquals("Active", fields.get("status.phase"));
    assertEquals("a", fields.get("metadata.name"));
    assertFalse(fields.containsKey("metadata.namespace"));
  }

  @Test
  void doesNotTrackGeneration() {
    assertFalse(strategy.tracksGeneration());
  }
}
