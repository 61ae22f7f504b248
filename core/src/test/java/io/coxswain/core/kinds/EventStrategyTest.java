package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.Manifests.fields;
import static io.coxswain.core.kinds.Manifests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStrategyTest {
  private final EventStrategy strategy = new EventStrategy();

  private ObjectNode event(String body) {
    ObjectNode e = yaml("apiVersion: v1\nkind: Event\nmetadata: {name: web.17a3, namespace: default}\n" + body);
    strategy.applyDefaults(e);
    return e;
  }

  private static final String SCHEDULED = """
      involvedObject: {kind: Pod, namespace: default, name: web, uid: u-1, apiVersion: v1, resourceVersion: '7'}
      reason: Scheduled
      message: Successfully assigned default/web to node-1
      type: Normal
      source: {component: default-scheduler}
      count: 1
      """;

  @Test
  void addsNoDefaults() {
    assertEquals(yaml("apiVersion: v1\nkind: Event\nmetadata: {name: web.17a3, namespace: default}\n" + SCHEDULED),
        event(SCHEDULED));
  }

  @Test
  void acceptsAValidEvent() {
    assertEquals(List.of(), strategy.validate(event(SCHEDULED)));
  }

  @Test
  void requiresInvolvedObject() {
    assertEquals(List.of("involvedObject"), fields(strategy.validate(event("reason: Scheduled\n"))));
  }

  @Test
  void rejectsInvolvedObjectFromAnotherNamespace() {
    assertEquals(List.of("involvedObject.namespace"),
        fields(strategy.validate(event(SCHEDULED.replace("namespace: default", "namespace: other")))));
  }

  @Test
  void acceptsEventAboutClusterScopedObjectInDefaultNamespace() {
    assertEquals(List.of(), strategy.validate(event("involvedObject: {kind: Node, name: node-1}\nreason: NodeReady\n")));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    assertEquals(List.of("involvedObject", "reason", "count"),
        fields(strategy.validate(event("involvedObject: Pod/web\nreason: [x]\ncount: many\n"))));
  }

  @Test
  void exposesEventFieldsForFieldSelectors() {
    Map<String, String> fields = strategy.selectableFields(event(SCHEDULED));
    assertEquals("Pod", fields.get("involvedObject.kind"));
    assertEquals("web", fields.get("involvedObject.name"));
    assertEquals("default", fields.get("involvedObject.namespace"));
    assertEquals("u-1", fields.get("involvedObject.uid"));
    assertEquals("v1", fields.get("involvedObject.apiVersion"));
    assertEquals("7", fields.get("involvedObject.resourceVersion"));
    assertEquals("", fields.get("involvedObject.fieldPath"));
    assertEquals("Scheduled", fields.get("reason"));
    assertEquals("", fields.get("reportingComponent"));
    assertEquals("default-scheduler", fields.get("source"));
    assertEquals("Normal", fields.get("type"));
  }

  @Test
  void fallsBackToReportingComponentForSourceField() {
    ObjectNode e = event("involvedObject: {kind: Pod, name: web, namespace: default}\nreportingComponent: kubelet\n");
    assertEquals("kubelet", strategy.selectableFields(e).get("source"));
  }
}
