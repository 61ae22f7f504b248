package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.FACTS;
import static io.coxswain.agent.pod.Manifests.b64;
import static io.coxswain.agent.pod.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvironmentTest {
  private final Manifests.Lookup lookup = new Manifests.Lookup();

  private Map<String, String> env(ObjectNode pod) throws PodInputException {
    return ContainerEnvironment.resolve(pod, pod.path("spec").path("containers").get(0), lookup, FACTS);
  }

  private Map<String, String> env(String container) throws PodInputException {
    return env(pod("containers:\n- name: app\n" + container.indent(2)));
  }

  private PodInputException failure(String container) {
    return assertThrows(PodInputException.class, () -> env(container));
  }

  @Test
  void keepsDeclarationOrder() throws Exception {
    Map<String, String> env = env("""
        env:
        - {name: Z, value: "1"}
        - {name: A, value: "2"}
        - {name: M, value: "3"}
        """);
    assertEquals(List.of("Z", "A", "M"), List.copyOf(env.keySet()));
  }

  @Test
  void expandsReferencesToEarlierVariables() throws Exception {
    Map<String, String> env = env("""
        env:
        - {name: HOST, value: db}
        - {name: URL, value: "postgres://$(HOST):$(PORT)/x"}
        - {name: PORT, value: "5432"}
        - {name: ESCAPED, value: "$$(HOST)"}
        """);
    assertEquals("postgres://db:$(PORT)/x", env.get("URL"));
    assertEquals("$(HOST)", env.get("ESCAPED"));
  }

  @Test
  void envOverridesEnvFromAndSeesItsValues() throws Exception {
    lookup.withConfigMap("cfg", "data: {LEVEL: debug, NAME: base}\n");
    Map<String, String> env = env("""
        envFrom:
        - configMapRef: {name: cfg}
        env:
        - {name: NAME, value: "$(NAME)-override"}
        - {name: MSG, value: "level=$(LEVEL)"}
        """);
    assertEquals(Map.of("LEVEL", "debug", "NAME", "base-override", "MSG", "level=debug"), env);
  }

  @Test
  void envFromAddsPrefixAndSkipsInvalidNames() throws Exception {
    lookup.withConfigMap("cfg", "data: {good: a, '1bad': b, 'has space': c}\n");
    lookup.withSecret("s", "data: {token: " + b64("t0k") + "}\n");
    Map<String, String> env = env("""
        envFrom:
        - configMapRef: {name: cfg}
        - prefix: SEC_
          secretRef: {name: s}
        """);
    assertEquals(Map.of("good", "a", "SEC_token", "t0k"), env);
  }

  @Test
  void prefixCanMakeAKeyValid() throws Exception {
    lookup.withConfigMap("cfg", "data: {'1st': a}\n");
    assertEquals(Map.of("P_1st", "a"), env("envFrom:\n- {prefix: P_, configMapRef: {name: cfg}}\n"));
  }

  @Test
  void missingConfigMapFailsWithCreateContainerConfigError() {
    PodInputException e = failure("envFrom:\n- configMapRef: {name: cfg}\n");
    assertEquals("CreateContainerConfigError", e.reason());
    assertEquals("configmap \"cfg\" not found", e.getMessage());
  }

  @Test
  void missingSecretFailsWithKubeletsMessage() {
    PodInputException e = failure("env:\n- name: T\n  valueFrom: {secretKeyRef: {name: s, key: token}}\n");
    assertEquals("CreateContainerConfigError", e.reason());
    assertEquals("secret \"s\" not found", e.getMessage());
  }

  @Test
  void missingConfigMapKeyFailsNamingKeyAndObject() {
    lookup.withConfigMap("cfg", "data: {a: b}\n");
    PodInputException e = failure("env:\n- name: X\n  valueFrom: {configMapKeyRef: {name: cfg, key: missing}}\n");
    assertEquals("couldn't find key missing in ConfigMap default/cfg", e.getMessage());
  }

  @Test
  void missingSecretKeyFailsNamingKeyAndObject() {
    lookup.withSecret("s", "data: {a: " + b64("b") + "}\n");
    PodInputException e = failure("env:\n- name: X\n  valueFrom: {secretKeyRef: {name: s, key: missing}}\n");
    assertEquals("couldn't find key missing in Secret default/s", e.getMessage());
  }

  @Test
  void optionalMissingConfigMapKeyIsSkipped() throws Exception {
    lookup.withConfigMap("cfg", "data: {a: b}\n");
    Map<String, String> env = env("""
        env:
        - name: X
          valueFrom: {configMapKeyRef: {name: cfg, key: missing, optional: true}}
        - name: Y
          valueFrom: {configMapKeyRef: {name: cfg, key: a}}
        """);
    assertEquals(Map.of("Y", "b"), env);
  }

  @Test
  void optionalMissingObjectsAreSkipped() throws Exception {
    Map<String, String> env = env("""
        envFrom:
        - configMapRef: {name: nope, optional: true}
        - secretRef: {name: nope, optional: true}
        env:
        - name: X
          valueFrom: {secretKeyRef: {name: nope, key: k, optional: true}}
        - {name: Y, value: "$(X)"}
        """);
    assertEquals(Map.of("Y", "$(X)"), env);
  }

  @Test
  void readsSecretDataAsDecodedTextAndIgnoresStringData() throws Exception {
    lookup.withSecret("s", "data: {password: " + b64("pä55") + "}\nstringData: {plain: never}\n");
    Map<String, String> env = env("""
        envFrom:
        - secretRef: {name: s}
        env:
        - name: PLAIN
          valueFrom: {secretKeyRef: {name: s, key: plain, optional: true}}
        """);
    assertEquals(Map.of("password", "pä55"), env);
  }

  @Test
  void configMapKeyRefIgnoresBinaryData() {
    lookup.withConfigMap("cfg", "binaryData: {blob: " + b64("x") + "}\n");
    PodInputException e = failure("env:\n- name: X\n  valueFrom: {configMapKeyRef: {name: cfg, key: blob}}\n");
    assertEquals("couldn't find key blob in ConfigMap default/cfg", e.getMessage());
  }

  @Test
  void looksEachObjectUpOnce() throws Exception {
    lookup.withConfigMap("cfg", "data: {a: '1', b: '2'}\n");
    env("""
        envFrom:
        - configMapRef: {name: cfg}
        env:
        - name: X
          valueFrom: {configMapKeyRef: {name: cfg, key: a}}
        - name: Y
          valueFrom: {configMapKeyRef: {name: cfg, key: b}}
        """);
    assertEquals(1, lookup.fetches);
  }

  @Test
  void fieldRefsResolvePodAndNodeFacts() throws Exception {
    ObjectNode pod = pod("""
        nodeName: node-1
        serviceAccountName: builder
        containers:
        - name: app
          env:
          - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          - {name: NS, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}}
          - {name: UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
          - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
          - {name: NONE, valueFrom: {fieldRef: {fieldPath: "metadata.labels['absent']"}}}
          - {name: OWNER, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['owner']"}}}
          - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
          - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
          - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
          - {name: HOST_IPS, valueFrom: {fieldRef: {fieldPath: status.hostIPs}}}
          - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
          - {name: POD_IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
        """);
    Map<String, String> env = env(pod);
    assertEquals("web", env.get("NAME"));
    assertEquals("default", env.get("NS"));
    assertEquals("0b5c7e9a-1111-2222-3333-444455556666", env.get("UID"));
    assertEquals("web", env.get("APP"));
    assertEquals("", env.get("NONE"));
    assertEquals("team \"a\"", env.get("OWNER"));
    assertEquals("node-1", env.get("NODE"));
    assertEquals("builder", env.get("SA"));
    assertEquals("10.0.0.5", env.get("HOST_IP"));
    assertEquals("10.0.0.5", env.get("HOST_IPS"));
    assertEquals("10.244.1.7", env.get("POD_IP"));
    assertEquals("10.244.1.7", env.get("POD_IPS"));
  }

  @Test
  void podIpFallsBackToPodStatusBeforeTheSandboxReportsOne() throws Exception {
    ObjectNode pod = pod("""
        containers:
        - name: app
          env:
          - {name: IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
        """);
    pod.putObject("status").putArray("podIPs").add(Manifests.yaml("{ip: 10.1.0.2}")).add(Manifests.yaml("{ip: 'fd00::2'}"));
    DownwardApiFacts noSandboxIp = new DownwardApiFacts("node-1", List.of("10.0.0.5"), List.of(), Map.of());
    JsonNode c = pod.path("spec").path("containers").get(0);
    assertEquals("10.1.0.2,fd00::2", ContainerEnvironment.resolve(pod, c, lookup, noSandboxIp).get("IPS"));
  }

  @Test
  void unsupportedFieldPathFails() {
    PodInputException e = failure("env:\n- {name: X, valueFrom: {fieldRef: {fieldPath: spec.hostname}}}\n");
    assertEquals("field label not supported: spec.hostname", e.getMessage());
    assertEquals("CreateContainerConfigError", e.reason());
  }

  @Test
  void resourceFieldRefDividesAndRoundsUp() throws Exception {
    Map<String, String> env = env("""
        resources:
          limits: {cpu: 1500m, memory: 129Mi}
          requests: {cpu: 250m, memory: 64Mi, ephemeral-storage: 1Gi}
        env:
        - {name: CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
        - {name: CPU_LIMIT_M, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
        - {name: CPU_REQ, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: "1"}}}
        - {name: MEM_LIMIT_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
        - {name: MEM_LIMIT_GI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Gi}}}
        - {name: MEM_REQ, valueFrom: {resourceFieldRef: {resource: requests.memory}}}
        - {name: DISK_REQ, valueFrom: {resourceFieldRef: {resource: requests.ephemeral-storage, divisor: 1Mi}}}
        """);
    assertEquals("2", env.get("CPU_LIMIT"));
    assertEquals("1500", env.get("CPU_LIMIT_M"));
    assertEquals("1", env.get("CPU_REQ"));
    assertEquals("129", env.get("MEM_LIMIT_MI"));
    assertEquals("1", env.get("MEM_LIMIT_GI"));
    assertEquals(String.valueOf(64L * 1024 * 1024), env.get("MEM_REQ"));
    assertEquals("1024", env.get("DISK_REQ"));
  }

  @Test
  void resourceFieldRefDefaultsToNodeAllocatable() throws Exception {
    Map<String, String> env = env("""
        resources:
          limits: {cpu: "0"}
        env:
        - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
        - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Gi}}}
        - {name: DISK, valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage, divisor: 1Gi}}}
        - {name: REQ, valueFrom: {resourceFieldRef: {resource: requests.memory}}}
        """);
    assertEquals("4", env.get("CPU"));
    assertEquals("8", env.get("MEM"));
    assertEquals("50", env.get("DISK"));
    assertEquals("0", env.get("REQ"), "requests are not defaulted");
  }

  @Test
  void resourceFieldRefCanNameAnotherContainer() throws Exception {
    ObjectNode pod = pod("""
        containers:
        - name: app
          env:
          - {name: SIDECAR_MEM, valueFrom: {resourceFieldRef: {containerName: sidecar, resource: limits.memory, divisor: 1Mi}}}
        - name: sidecar
          resources: {limits: {memory: 32Mi}}
        """);
    assertEquals("32", env(pod).get("SIDECAR_MEM"));
  }

  @Test
  void resourceFieldRefToUnknownContainerOrResourceFails() {
    assertEquals("container ghost not found", failure(
        "env:\n- {name: X, valueFrom: {resourceFieldRef: {containerName: ghost, resource: limits.cpu}}}\n").getMessage());
    assertEquals("unsupported container resource : limits.gpu", failure(
        "env:\n- {name: X, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}\n").getMessage());
  }

  @Test
  void emptyValueWithoutSourceIsDefinedEmpty() throws Exception {
    Map<String, String> env = env("env:\n- {name: EMPTY}\n- {name: ALSO, value: ''}\n");
    assertEquals(Map.of("EMPTY", "", "ALSO", ""), env);
    assertFalse(env.containsKey("OTHER"));
  }
}
