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

class PodStrategyTest {
  private final PodStrategy strategy = new PodStrategy();

  private static ObjectNode pod(String spec) {
    return yaml("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: default}
        spec:
        """ + spec.indent(2));
  }

  private ObjectNode defaulted(String spec) {
    ObjectNode p = pod(spec);
    strategy.applyDefaults(p);
    return p;
  }

  private List<String> invalidFields(String spec) {
    ObjectNode p = defaulted(spec);
    return fields(strategy.validate(p));
  }

  // Defaults

  @Test
  void defaultsAMinimalPodLikeARealServer() {
    ObjectNode p = defaulted("containers: [{name: nginx, image: nginx}]");
    ObjectNode expected = yaml("""
        containers:
        - image: nginx
          imagePullPolicy: Always
          name: nginx
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        enableServiceLinks: true
        preemptionPolicy: PreemptLowerPriority
        priority: 0
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        serviceAccount: default
        serviceAccountName: default
        terminationGracePeriodSeconds: 30
        tolerations:
        - effect: NoExecute
          key: node.kubernetes.io/not-ready
          operator: Exists
          tolerationSeconds: 300
        - effect: NoExecute
          key: node.kubernetes.io/unreachable
          operator: Exists
          tolerationSeconds: 300
        """);
    assertEquals(expected, p.get("spec"));
    assertEquals(yaml("{phase: Pending, qosClass: BestEffort}"), p.get("status"));
  }

  @Test
  void defaultsImagePullPolicyAlwaysForLatestTag() {
    assertEquals("Always", PodSpecDefaults.imagePullPolicyFor("nginx:latest"));
    assertEquals("Always", PodSpecDefaults.imagePullPolicyFor("registry.example.com:5000/team/app:latest"));
  }

  @Test
  void defaultsImagePullPolicyAlwaysWithoutTag() {
    assertEquals("Always", PodSpecDefaults.imagePullPolicyFor("nginx"));
    assertEquals("Always", PodSpecDefaults.imagePullPolicyFor("localhost:5000/nginx"));
  }

  @Test
  void defaultsImagePullPolicyIfNotPresentForPinnedImages() {
    assertEquals("IfNotPresent", PodSpecDefaults.imagePullPolicyFor("nginx:1.27"));
    assertEquals("IfNotPresent", PodSpecDefaults.imagePullPolicyFor("nginx@sha256:" + "a".repeat(64)));
    assertEquals("IfNotPresent", PodSpecDefaults.imagePullPolicyFor("localhost:5000/nginx:1.0"));
  }

  @Test
  void keepsAnExplicitImagePullPolicy() {
    ObjectNode p = defaulted("containers: [{name: a, image: nginx, imagePullPolicy: Never}]");
    assertEquals("Never", p.at("/spec/containers/0/imagePullPolicy").asText());
  }

  @Test
  void keepsExplicitServiceAccountAndCopiesItToTheDeprecatedField() {
    ObjectNode p = defaulted("{serviceAccountName: builder, containers: [{name: a, image: x:1}]}");
    assertEquals("builder", p.at("/spec/serviceAccountName").asText());
    assertEquals("builder", p.at("/spec/serviceAccount").asText());
  }

  @Test
  void doesNotDuplicateNodeProblemTolerationsAlreadyGiven() {
    ObjectNode p = defaulted("""
        containers: [{name: a, image: x:1}]
        tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}]
        """);
    assertEquals(2, p.at("/spec/tolerations").size());
    assertEquals(5, p.at("/spec/tolerations/0/tolerationSeconds").asInt());
    assertEquals("node.kubernetes.io/unreachable", p.at("/spec/tolerations/1/key").asText());
  }

  @Test
  void addsNoNodeProblemTolerationsWhenAllTaintsAreTolerated() {
    ObjectNode p = defaulted("{containers: [{name: a, image: x:1}], tolerations: [{operator: Exists}]}");
    assertEquals(1, p.at("/spec/tolerations").size());
  }

  @Test
  void resolvesSystemPriorityClasses() {
    ObjectNode p = defaulted("{priorityClassName: system-node-critical, containers: [{name: a, image: x:1}]}");
    assertEquals(2000001000, p.at("/spec/priority").asInt());
  }

  @Test
  void defaultsPortsProbesEnvAndVolumes() {
    ObjectNode p = defaulted("""
        containers:
        - name: a
          image: x:1
          ports: [{containerPort: 80}]
          livenessProbe: {httpGet: {port: 80}}
          env:
          - name: NODE
            valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
          volumeMounts: [{name: cfg, mountPath: /etc/cfg}, {name: scratch, mountPath: /tmp}]
        volumes:
        - name: cfg
          configMap: {name: cfg}
        - name: scratch
        - name: creds
          secret: {secretName: creds}
        - name: host
          hostPath: {path: /var/log}
        """);
    assertEquals("TCP", p.at("/spec/containers/0/ports/0/protocol").asText());
    assertEquals(yaml("""
        httpGet: {port: 80, path: /, scheme: HTTP}
        timeoutSeconds: 1
        periodSeconds: 10
        successThreshold: 1
        failureThreshold: 3
        """), p.at("/spec/containers/0/livenessProbe"));
    assertEquals("v1", p.at("/spec/containers/0/env/0/valueFrom/fieldRef/apiVersion").asText());
    assertEquals(420, p.at("/spec/volumes/0/configMap/defaultMode").asInt());
    assertEquals(yaml("{}"), p.at("/spec/volumes/1/emptyDir"));
    assertEquals(420, p.at("/spec/volumes/2/secret/defaultMode").asInt());
    assertEquals("", p.at("/spec/volumes/3/hostPath/type").asText("missing"));
    assertTrue(strategy.validate(p).isEmpty(), () -> strategy.validate(p).toString());
  }

  @Test
  void defaultsRequestsFromLimitsAndClassifiesGuaranteed() {
    ObjectNode p = defaulted("containers: [{name: a, image: x:1, resources: {limits: {cpu: 500m, memory: 128Mi}}}]");
    assertEquals(yaml("{cpu: 500m, memory: 128Mi}"), p.at("/spec/containers/0/resources/requests"));
    assertEquals("Guaranteed", p.at("/status/qosClass").asText());
  }

  @Test
  void classifiesPodWithOnlyRequestsAsBurstable() {
    ObjectNode p = defaulted("containers: [{name: a, image: x:1, resources: {requests: {cpu: 100m}}}]");
    assertEquals("Burstable", p.at("/status/qosClass").asText());
  }

  @Test
  void classifiesPodWithRequestsBelowLimitsAsBurstable() {
    ObjectNode p = defaulted(
        "containers: [{name: a, image: x:1, resources: {requests: {cpu: 100m, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}}]");
    assertEquals("Burstable", p.at("/status/qosClass").asText());
  }

  @Test
  void keepsAnExistingStatus() {
    ObjectNode p = pod("containers: [{name: a, image: x:1}]");
    p.putObject("status").put("phase", "Running");
    strategy.applyDefaults(p);
    assertEquals(yaml("{phase: Running}"), p.get("status"));
  }

  @Test
  void givesHostNetworkPodsHostPortsEqualToContainerPorts() {
    ObjectNode p = defaulted("{hostNetwork: true, containers: [{name: a, image: x:1, ports: [{containerPort: 8080}]}]}");
    assertEquals(8080, p.at("/spec/containers/0/ports/0/hostPort").asInt());
  }

  // Validation

  @Test
  void acceptsAValidPod() {
    assertEquals(List.of(), invalidFields("containers: [{name: nginx, image: nginx}]"));
  }

  @Test
  void rejectsPodWithoutContainers() {
    assertEquals(List.of("spec.containers"), invalidFields("containers: []"));
    assertEquals(List.of("spec.containers"), invalidFields("restartPolicy: Always"));
  }

  @Test
  void rejectsContainerWithoutImage() {
    List<Cause> causes = strategy.validate(defaulted("containers: [{name: a}]"));
    assertEquals(List.of("spec.containers[0].image"), fields(causes));
    assertEquals("FieldValueRequired", causes.get(0).reason());
  }

  @Test
  void rejectsContainerNameThatIsNotADnsLabel() {
    List<Cause> causes = strategy.validate(defaulted("containers: [{name: Web_1, image: x:1}]"));
    assertEquals(List.of("spec.containers[0].name"), fields(causes));
    assertTrue(causes.get(0).message().contains("a lowercase RFC 1123 label must consist of lower case alphanumeric characters"));
  }

  @Test
  void rejectsContainerWithoutName() {
    assertEquals(List.of("spec.containers[0].name"), invalidFields("containers: [{image: x:1}]"));
  }

  @Test
  void rejectsContainerNamesRepeatedAcrossInitContainers() {
    List<Cause> causes = strategy.validate(defaulted("""
        initContainers: [{name: a, image: x:1}]
        containers: [{name: a, image: x:1}]
        """));
    assertEquals(List.of("spec.containers[0].name"), fields(causes));
    assertEquals("FieldValueDuplicate", causes.get(0).reason());
  }

  @Test
  void rejectsContainerPortOutOfRange() {
    assertEquals(List.of("spec.containers[0].ports[0].containerPort"),
        invalidFields("containers: [{name: a, image: x:1, ports: [{containerPort: 70000}]}]"));
    assertEquals(List.of("spec.containers[0].ports[0].containerPort"),
        invalidFields("containers: [{name: a, image: x:1, ports: [{containerPort: 0}]}]"));
  }

  @Test
  void rejectsUnknownPortProtocol() {
    List<Cause> causes = strategy.validate(defaulted("containers: [{name: a, image: x:1, ports: [{containerPort: 80, protocol: HTTP}]}]"));
    assertEquals(List.of("spec.containers[0].ports[0].protocol"), fields(causes));
    assertEquals("Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"", causes.get(0).message());
  }

  @Test
  void rejectsUnknownRestartPolicy() {
    List<Cause> causes = strategy.validate(defaulted("{restartPolicy: Sometimes, containers: [{name: a, image: x:1}]}"));
    assertEquals(List.of("spec.restartPolicy"), fields(causes));
    assertEquals("FieldValueNotSupported", causes.get(0).reason());
  }

  @Test
  void rejectsUnparsableQuantity() {
    List<Cause> causes = strategy.validate(defaulted("containers: [{name: a, image: x:1, resources: {requests: {cpu: lots}}}]"));
    assertEquals(List.of("spec.containers[0].resources.requests[cpu]"), fields(causes));
    assertTrue(causes.get(0).message().contains("quantities must match the regular expression"));
  }

  @Test
  void rejectsNegativeQuantity() {
    assertEquals(List.of("spec.containers[0].resources.requests[memory]"),
        invalidFields("containers: [{name: a, image: x:1, resources: {requests: {memory: -1Gi}}}]"));
  }

  @Test
  void rejectsRequestsAboveLimits() {
    List<Cause> causes = strategy.validate(defaulted(
        "containers: [{name: a, image: x:1, resources: {requests: {cpu: '2'}, limits: {cpu: 1500m}}}]"));
    assertEquals(List.of("spec.containers[0].resources.requests"), fields(causes));
    assertEquals("Invalid value: \"2\": must be less than or equal to cpu limit of 1500m", causes.get(0).message());
  }

  @Test
  void acceptsRequestsEqualToLimitsWrittenDifferently() {
    assertEquals(List.of(),
        invalidFields("containers: [{name: a, image: x:1, resources: {requests: {cpu: 1000m, memory: 1Gi}, limits: {cpu: 1, memory: 1024Mi}}}]"));
  }

  @Test
  void rejectsUnknownUnqualifiedResourceName() {
    assertEquals(List.of("spec.containers[0].resources.requests[gpu]"),
        invalidFields("containers: [{name: a, image: x:1, resources: {requests: {gpu: 1}}}]"));
  }

  @Test
  void rejectsVolumeMountOfUnknownVolume() {
    List<Cause> causes = strategy.validate(defaulted(
        "containers: [{name: a, image: x:1, volumeMounts: [{name: data, mountPath: /data}]}]"));
    assertEquals(List.of("spec.containers[0].volumeMounts[0].name"), fields(causes));
    assertEquals("FieldValueNotFound", causes.get(0).reason());
  }

  @Test
  void rejectsProbeWithoutHandler() {
    assertEquals(List.of("spec.containers[0].livenessProbe"),
        invalidFields("containers: [{name: a, image: x:1, livenessProbe: {periodSeconds: 5}}]"));
  }

  @Test
  void rejectsLivenessProbeNeedingSeveralSuccesses() {
    assertEquals(List.of("spec.containers[0].livenessProbe.successThreshold"),
        invalidFields("containers: [{name: a, image: x:1, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}]"));
  }

  @Test
  void rejectsEnvVarWithValueAndValueFrom() {
    assertEquals(List.of("spec.containers[0].env[0].valueFrom"), invalidFields("""
        containers:
        - name: a
          image: x:1
          env: [{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        """));
  }

  @Test
  void rejectsTolerationSecondsWithoutNoExecute() {
    assertEquals(List.of("spec.tolerations[0].effect"), invalidFields("""
        containers: [{name: a, image: x:1}]
        tolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 10}]
        """));
  }

  @Test
  void rejectsWrongJsonTypesWithCausesInsteadOfThrowing() {
    ObjectNode p = pod("""
        containers:
        - name: 5
          image: [nginx]
          ports: {containerPort: 80}
          resources: {limits: [1]}
          env: "A=b"
        - "not a container"
        restartPolicy: 7
        volumes: {name: x}
        tolerations: [3]
        """);
    strategy.applyDefaults(p);
    List<String> fields = fields(strategy.validate(p));
    assertTrue(fields.containsAll(List.of(
        "spec.containers[0].name", "spec.containers[0].image", "spec.containers[0].ports",
        "spec.containers[0].resources.limits", "spec.containers[0].env", "spec.containers[1]",
        "spec.restartPolicy", "spec.volumes", "spec.tolerations[0]")), fields::toString);
  }

  @Test
  void rejectsSpecThatIsNotAnObject() {
    ObjectNode p = yaml("{metadata: {name: a, namespace: default}, spec: [1, 2]}");
    strategy.applyDefaults(p);
    assertEquals(List.of("spec"), fields(strategy.validate(p)));
  }

  @Test
  void rejectsFractionalNumberWhereAnIntegerBelongs() {
    assertEquals(List.of("spec.containers[0].ports[0].containerPort"),
        invalidFields("containers: [{name: a, image: x:1, ports: [{containerPort: 80.5}]}]"));
  }

  // Updates

  private ObjectNode running() {
    ObjectNode p = defaulted("""
        nodeName: node-1
        containers: [{name: a, image: x:1}]
        """);
    p.set("status", yaml("{phase: Running}"));
    return p;
  }

  @Test
  void allowsChangingContainerImage() {
    ObjectNode stored = running();
    ObjectNode updated = stored.deepCopy();
    ((ObjectNode) updated.at("/spec/containers/0")).put("image", "x:2");
    assertEquals(List.of(), strategy.validateUpdate(updated, stored));
  }

  @Test
  void forbidsChangingOtherSpecFields() {
    ObjectNode stored = running();
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/spec").put("restartPolicy", "Never");
    List<Cause> causes = strategy.validateUpdate(updated, stored);
    assertEquals(List.of("spec"), fields(causes));
    assertTrue(causes.get(0).message().contains("spec.restartPolicy"));
  }

  @Test
  void forbidsAddingContainers() {
    ObjectNode stored = running();
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/spec").withArray("containers").add(yaml("{name: b, image: y:1}"));
    assertEquals(List.of("spec.containers"), fields(strategy.validateUpdate(updated, stored)));
  }

  @Test
  void allowsSettingNodeNameOnlyWhenUnset() {
    ObjectNode stored = defaulted("containers: [{name: a, image: x:1}]");
    ObjectNode bound = stored.deepCopy();
    bound.withObject("/spec").put("nodeName", "node-1");
    assertEquals(List.of(), strategy.validateUpdate(bound, stored));
    ObjectNode moved = bound.deepCopy();
    moved.withObject("/spec").put("nodeName", "node-2");
    assertEquals(List.of("spec"), fields(strategy.validateUpdate(moved, bound)));
  }

  @Test
  void allowsAddingButNotRemovingTolerations() {
    ObjectNode stored = running();
    ObjectNode added = stored.deepCopy();
    added.withObject("/spec").withArray("tolerations").add(yaml("{key: k, operator: Exists}"));
    assertEquals(List.of(), strategy.validateUpdate(added, stored));
    ObjectNode removed = stored.deepCopy();
    removed.withObject("/spec").withArray("tolerations").remove(0);
    assertEquals(List.of("spec.tolerations"), fields(strategy.validateUpdate(removed, stored)));
  }

  @Test
  void allowsShorteningButNotExtendingActiveDeadline() {
    ObjectNode stored = running();
    stored.withObject("/spec").put("activeDeadlineSeconds", 100);
    ObjectNode shorter = stored.deepCopy();
    shorter.withObject("/spec").put("activeDeadlineSeconds", 50);
    assertEquals(List.of(), strategy.validateUpdate(shorter, stored));
    ObjectNode longer = stored.deepCopy();
    longer.withObject("/spec").put("activeDeadlineSeconds", 200);
    assertEquals(List.of("spec.activeDeadlineSeconds"), fields(strategy.validateUpdate(longer, stored)));
  }

  @Test
  void treatsNumbersOfDifferentNodeTypesAsUnchanged() {
    ObjectNode stored = running();
    ObjectNode updated = stored.deepCopy();
    updated.withObject("/spec").put("terminationGracePeriodSeconds", 30L);
    assertEquals(List.of(), strategy.validateUpdate(updated, stored));
  }

  // Field selectors and deletion

  @Test
  void exposesPodFieldsForFieldSelectors() {
    ObjectNode p = running();
    p.set("status", yaml("{phase: Running, podIPs: [{ip: 10.244.1.5}], podIP: 10.244.1.5}"));
    var fields = strategy.selectableFields(p);
    assertEquals("web", fields.get("metadata.name"));
    assertEquals("default", fields.get("metadata.namespace"));
    assertEquals("node-1", fields.get("spec.nodeName"));
    assertEquals("Always", fields.get("spec.restartPolicy"));
    assertEquals("default-scheduler", fields.get("spec.schedulerName"));
    assertEquals("default", fields.get("spec.serviceAccountName"));
    assertEquals("Running", fields.get("status.phase"));
    assertEquals("10.244.1.5", fields.get("status.podIP"));
    assertEquals("", fields.get("status.nominatedNodeName"));
  }

  @Test
  void unscheduledPodHasEmptyNodeNameField() {
    assertEquals("", strategy.selectableFields(pod("containers: []")).get("spec.nodeName"));
  }

  @Test
  void deletesBoundRunningPodGracefully() {
    assertTrue(strategy.deletesGracefully(running()));
  }

  @Test
  void deletesUnboundOrFinishedPodsAtOnce() {
    assertFalse(strategy.deletesGracefully(defaulted("containers: [{name: a, image: x:1}]")));
    ObjectNode finished = running();
    finished.set("status", yaml("{phase: Succeeded}"));
    assertFalse(strategy.deletesGracefully(finished));
    finished.set("status", yaml("{phase: Failed}"));
    assertFalse(strategy.deletesGracefully(finished));
  }

  @Test
  void doesNotTrackGeneration() {
    assertFalse(strategy.tracksGeneration());
  }
}
