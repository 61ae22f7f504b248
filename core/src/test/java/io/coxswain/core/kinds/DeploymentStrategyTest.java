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

class DeploymentStrategyTest {
  private final DeploymentStrategy strategy = new DeploymentStrategy();

  private static ObjectNode deployment(String spec) {
    return yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
        """ + spec.indent(2));
  }

  private static final String VALID = """
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: nginx, image: nginx}]
      """;

  private ObjectNode defaulted(String spec) {
    ObjectNode d = deployment(spec);
    strategy.applyDefaults(d);
    return d;
  }

  private List<String> invalidFields(String spec) {
    return fields(strategy.validate(defaulted(spec)));
  }

  @Test
  void defaultsAMinimalDeploymentLikeARealServer() {
    ObjectNode d = defaulted(VALID);
    ObjectNode expected = yaml("""
        progressDeadlineSeconds: 600
        replicas: 1
        revisionHistoryLimit: 10
        selector:
          matchLabels:
            app: web
        strategy:
          rollingUpdate:
            maxSurge: 25%
            maxUnavailable: 25%
          type: RollingUpdate
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - image: nginx
              imagePullPolicy: Always
              name: nginx
              resources: {}
              terminationMessagePath: /dev/termination-log
              terminationMessagePolicy: File
            dnsPolicy: ClusterFirst
            restartPolicy: Always
            schedulerName: default-scheduler
            securityContext: {}
            terminationGracePeriodSeconds: 30
        """);
    assertEquals(expected, d.get("spec"));
    assertEquals(yaml("{}"), d.get("status"));
  }

  @Test
  void leavesRecreateStrategyWithoutRollingUpdate() {
    ObjectNode d = defaulted(VALID + "strategy: {type: Recreate}\n");
    assertEquals(yaml("{type: Recreate}"), d.at("/spec/strategy"));
  }

  @Test
  void fillsOnlyTheMissingRollingUpdateParameter() {
    ObjectNode d = defaulted(VALID + "strategy: {rollingUpdate: {maxSurge: 1}}\n");
    assertEquals(yaml("{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}"), d.at("/spec/strategy"));
  }

  @Test
  void doesNotInventASelector() {
    ObjectNode d = defaulted("template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: x:1}]}}");
    assertTrue(d.at("/spec/selector").isMissingNode());
    assertEquals(List.of("spec.selector"), fields(strategy.validate(d)));
  }

  @Test
  void acceptsAValidDeployment() {
    assertEquals(List.of(), invalidFields(VALID));
  }

  @Test
  void rejectsSelectorThatDoesNotMatchTemplate() {
    List<Cause> causes = strategy.validate(defaulted("""
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: a, image: x:1}]}
        """));
    assertEquals(List.of("spec.template.metadata.labels"), fields(causes));
    assertEquals("Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
        causes.get(0).message());
  }

  @Test
  void matchesSelectorExpressionsAgainstTemplateLabels() {
    String spec = """
        selector:
          matchExpressions:
          - {key: tier, operator: In, values: [frontend, web]}
          - {key: canary, operator: DoesNotExist}
        template:
          metadata: {labels: {tier: web}}
          spec: {containers: [{name: a, image: x:1}]}
        """;
    assertEquals(List.of(), invalidFields(spec));
    assertEquals(List.of("spec.template.metadata.labels"),
        invalidFields(spec.replace("{tier: web}", "{tier: web, canary: 'yes'}")));
  }

  @Test
  void rejectsEmptySelector() {
    assertEquals(List.of("spec.selector"), invalidFields(VALID.replace("{matchLabels: {app: web}}", "{}")));
  }

  @Test
  void rejectsSelectorExpressionWithBadOperatorOrMissingValues() {
    assertEquals(List.of("spec.selector.matchExpressions[0].operator"), invalidFields(VALID.replace(
        "{matchLabels: {app: web}}", "{matchExpressions: [{key: app, operator: Like, values: [web]}]}")));
    assertEquals(List.of("spec.selector.matchExpressions[0].values"), invalidFields(VALID.replace(
        "{matchLabels: {app: web}}", "{matchExpressions: [{key: app, operator: In}]}")));
  }

  @Test
  void rejectsNegativeReplicas() {
    List<Cause> causes = strategy.validate(defaulted(VALID + "replicas: -1\n"));
    assertEquals(List.of("spec.replicas"), fields(causes));
    assertEquals("spec.replicas: Invalid value: -1: must be greater than or equal to 0", causes.get(0).describe());
  }

  @Test
  void rejectsTemplateRestartPolicyOtherThanAlways() {
    List<Cause> causes = strategy.validate(defaulted(VALID.replace("containers:", "restartPolicy: OnFailure\n    containers:")));
    assertEquals(List.of("spec.template.spec.restartPolicy"), fields(causes));
    assertEquals("Unsupported value: \"OnFailure\": supported values: \"Always\"", causes.get(0).message());
  }

  @Test
  void rejectsTemplateContainerWithoutImage() {
    assertEquals(List.of("spec.template.spec.containers[0].image"), invalidFields(VALID.replace(", image: nginx", "")));
  }

  @Test
  void rejectsUnknownStrategyType() {
    assertEquals(List.of("spec.strategy.type"), invalidFields(VALID + "strategy: {type: BlueGreen}\n"));
  }

  @Test
  void rejectsRecreateWithRollingUpdateParameters() {
    List<Cause> causes = strategy.validate(defaulted(VALID + "strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}\n"));
    assertEquals(List.of("spec.strategy.rollingUpdate"), fields(causes));
    assertEquals("FieldValueForbidden", causes.get(0).reason());
  }

  @Test
  void rejectsZeroSurgeAndZeroUnavailable() {
    List<Cause> causes = strategy.validate(defaulted(VALID + "strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0%}}\n"));
    assertEquals(List.of("spec.strategy.rollingUpdate.maxUnavailable"), fields(causes));
    assertTrue(causes.get(0).message().endsWith("may not be 0 when `maxSurge` is 0"));
  }

  @Test
  void rejectsMalformedPercentAndMoreThanAllUnavailable() {
    assertEquals(List.of("spec.strategy.rollingUpdate.maxSurge"),
        invalidFields(VALID + "strategy: {rollingUpdate: {maxSurge: half}}\n"));
    assertEquals(List.of("spec.strategy.rollingUpdate.maxUnavailable"),
        invalidFields(VALID + "strategy: {rollingUpdate: {maxUnavailable: 150%}}\n"));
  }

  @Test
  void rejectsProgressDeadlineNotAboveMinReadySeconds() {
    assertEquals(List.of("spec.progressDeadlineSeconds"),
        invalidFields(VALID + "minReadySeconds: 600\n"));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    ObjectNode d = deployment("""
        replicas: "3"
        selector: [app]
        strategy: RollingUpdate
        template: {metadata: {labels: [web]}, spec: {containers: {name: a}}}
        """);
    strategy.applyDefaults(d);
    List<String> fields = fields(strategy.validate(d));
    assertTrue(fields.containsAll(List.of("spec.replicas", "spec.selector", "spec.strategy",
        "spec.template.metadata.labels", "spec.template.spec.containers")), fields::toString);
  }

  @Test
  void forbidsChangingTheSelector() {
    ObjectNode stored = defaulted(VALID);
    ObjectNode updated = stored.deepCopy();
    ((ObjectNode) updated.at("/spec/selector/matchLabels")).put("tier", "x");
    List<Cause> causes = strategy.validateUpdate(updated, stored);
    assertEquals(List.of("spec.selector"), fields(causes));
    assertTrue(causes.get(0).message().endsWith("field is immutable"));
    ObjectNode scaled = stored.deepCopy();
    scaled.withObject("/spec").put("replicas", 5);
    assertEquals(List.of(), strategy.validateUpdate(scaled, stored));
  }

  @Test
  void tracksGenerationAndCountsAnnotationChangesAsSpecChanges() {
    assertTrue(strategy.tracksGeneration());
    ObjectNode stored = defaulted(VALID);
    ObjectNode annotated = stored.deepCopy();
    annotated.withObject("/metadata").putObject("annotations").put("kubernetes.io/change-cause", "bump");
    assertTrue(strategy.specChanged(stored, annotated));
    ObjectNode labelled = stored.deepCopy();
    labelled.withObject("/metadata").putObject("labels").put("a", "b");
    assertFalse(strategy.specChanged(stored, labelled));
  }
}
