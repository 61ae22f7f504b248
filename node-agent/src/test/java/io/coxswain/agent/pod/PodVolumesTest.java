package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.FACTS;
import static io.coxswain.agent.pod.Manifests.b64;
import static io.coxswain.agent.pod.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PodVolumesTest {
  private final Manifests.Lookup lookup = new Manifests.Lookup();

  private List<PodVolume> plan(String volumes) throws PodInputException {
    return PodVolumes.plan(pod("containers: [{name: app}]\nvolumes:\n" + volumes), lookup, FACTS);
  }

  private PodVolume.Files files(String volume) throws PodInputException {
    return assertInstanceOf(PodVolume.Files.class, plan(volume).get(0));
  }

  private PodInputException failure(String volumes) {
    return assertThrows(PodInputException.class, () -> plan(volumes));
  }

  /** path → "content@octal mode", easy to compare. */
  private static Map<String, String> summary(PodVolume.Files volume) {
    Map<String, String> out = new TreeMap<>();
    for (VolumeFile f : volume.files()) {
      out.put(f.path(), new String(f.content(), StandardCharsets.UTF_8) + "@" + Integer.toOctalString(f.mode()));
    }
    return out;
  }

  @Test
  void emptyDirAndHostPathNeedNoData() throws Exception {
    List<PodVolume> volumes = plan("""
        - {name: scratch, emptyDir: {medium: Memory}}
        - {name: logs, hostPath: {path: /var/log, type: Directory}}
        """);
    assertEquals(List.of(new PodVolume.EmptyDir("scratch"), new PodVolume.HostPath("logs", "/var/log", "Directory")),
        volumes);
  }

  @Test
  void configMapWritesEveryKeyIncludingBinaryData() throws Exception {
    lookup.withConfigMap("cfg", "data: {app.conf: 'x=1'}\nbinaryData: {logo.bin: " + b64("PNG") + "}\n");
    PodVolume.Files v = files("- {name: config, configMap: {name: cfg}}\n");
    assertEquals("kubernetes.io~configmap", v.plugin());
    assertEquals(Map.of("app.conf", "x=1@644", "logo.bin", "PNG@644"), summary(v));
    assertTrue(v.readOnly());
  }

  @Test
  void itemsProjectKeysToPaths() throws Exception {
    lookup.withConfigMap("cfg", "data: {a: A, b: B, c: C}\n");
    PodVolume.Files v = files("""
        - name: config
          configMap:
            name: cfg
            items:
            - {key: a, path: conf/first.txt}
            - {key: b, path: second, mode: 256}
        """);
    assertEquals(Map.of("conf/first.txt", "A@644", "second", "B@400"), summary(v));
  }

  @Test
  void defaultModeApplies() throws Exception {
    lookup.withSecret("s", "data: {tls.key: " + b64("k") + ", tls.crt: " + b64("c") + "}\n");
    PodVolume.Files v = files("""
        - name: tls
          secret:
            secretName: s
            defaultMode: 288
            items:
            - {key: tls.key, path: key.pem}
            - {key: tls.crt, path: cert.pem, mode: 420}
        """);
    assertEquals(Map.of("key.pem", "k@440", "cert.pem", "c@644"), summary(v));
    assertEquals("kubernetes.io~secret", v.plugin());
  }

  @Test
  void missingConfigMapFailsTheMount() {
    PodInputException e = failure("- {name: config, configMap: {name: cfg}}\n");
    assertEquals("FailedMount", e.reason());
    assertEquals("MountVolume.SetUp failed for volume \"config\" : configmap \"cfg\" not found", e.getMessage());
  }

  @Test
  void missingSecretFailsTheMount() {
    PodInputException e = failure("- {name: creds, secret: {secretName: s}}\n");
    assertEquals("MountVolume.SetUp failed for volume \"creds\" : secret \"s\" not found", e.getMessage());
  }

  @Test
  void missingItemKeyFailsUnlessOptional() throws Exception {
    lookup.withConfigMap("cfg", "data: {a: A}\n");
    assertEquals("MountVolume.SetUp failed for volume \"config\" : configmap references non-existent config key: nope",
        failure("- {name: config, configMap: {name: cfg, items: [{key: nope, path: x}]}}\n").getMessage());
    PodVolume.Files v = files("- {name: config, configMap: {name: cfg, optional: true, items: [{key: nope, path: x}, {key: a, path: y}]}}\n");
    assertEquals(Map.of("y", "A@644"), summary(v));
  }

  @Test
  void optionalMissingObjectGivesAnEmptyVolume() throws Exception {
    assertEquals(List.of(), files("- {name: config, configMap: {name: cfg, optional: true}}\n").files());
    assertEquals(List.of(), files("- {name: creds, secret: {secretName: s, optional: true}}\n").files());
  }

  @Test
  void itemPathThatEscapesTheVolumeFails() {
    lookup.withConfigMap("cfg", "data: {a: A}\n");
    PodInputException e = failure("- {name: config, configMap: {name: cfg, items: [{key: a, path: ../../etc/passwd}]}}\n");
    assertEquals("MountVolume.SetUp failed for volume \"config\" : invalid path: must not contain '..': ../../etc/passwd",
        e.getMessage());
  }

  @Test
  void downwardApiWritesFieldsAndResources() throws Exception {
    PodVolume.Files v = assertInstanceOf(PodVolume.Files.class, PodVolumes.plan(pod("""
        containers:
        - name: app
          resources: {limits: {memory: 64Mi}}
        volumes:
        - name: podinfo
          downwardAPI:
            items:
            - {path: name, fieldRef: {fieldPath: metadata.name}}
            - {path: labels, fieldRef: {fieldPath: metadata.labels}}
            - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
            - {path: mem, resourceFieldRef: {containerName: app, resource: limits.memory, divisor: 1Mi}}
            - {path: cpu, mode: 256, resourceFieldRef: {containerName: app, resource: limits.cpu, divisor: 1m}}
        """), lookup, FACTS).get(0));
    assertEquals(Map.of(
        "name", "web@644",
        "labels", "app=\"web\"\ntier=\"front\"@644",
        "annotations", "owner=\"team \\\"a\\\"\"@644",
        "mem", "64@644",
        "cpu", "4000@400"), summary(v));
    assertEquals("kubernetes.io~downward-api", v.plugin());
  }

  @Test
  void downwardApiReportsEveryBadItem() {
    PodInputException e = failure("""
        - name: podinfo
          downwardAPI:
            items:
            - {path: a, fieldRef: {fieldPath: spec.nothing}}
            - {path: b, resourceFieldRef: {containerName: ghost, resource: limits.cpu}}
        """);
    assertEquals("MountVolume.SetUp failed for volume \"podinfo\" : "
        + "[field label not supported: spec.nothing, container ghost not found]", e.getMessage());
  }

  @Test
  void projectedCombinesSourcesAndWritesAPlaceholderToken() throws Exception {
    lookup.withConfigMap("kube-root-ca.crt", "data: {ca.crt: CA}\n");
    lookup.withSecret("s", "data: {user: " + b64("admin") + "}\n");
    PodVolume.Files v = files("""
        - name: kube-api-access
          projected:
            defaultMode: 420
            sources:
            - serviceAccountToken: {path: token, expirationSeconds: 3607}
            - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
            - secret: {name: s}
            - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
        """);
    assertEquals("kubernetes.io~projected", v.plugin());
    assertEquals(Map.of("token", PodVolumes.PLACEHOLDER_TOKEN + "@644", "ca.crt", "CA@644", "user", "admin@644",
        "namespace", "default@644"), summary(v));
  }

  @Test
  void projectedReportsAllMissingSources() {
    PodInputException e = failure("""
        - name: p
          projected:
            sources:
            - configMap: {name: a}
            - secret: {name: b}
            - configMap: {name: c, optional: true}
        """);
    assertEquals("MountVolume.SetUp failed for volume \"p\" : [configmap \"a\" not found, secret \"b\" not found]",
        e.getMessage());
  }

  @Test
  void unsupportedVolumeTypeSaysWhatIsSupported() {
    PodInputException e = failure("- {name: data, persistentVolumeClaim: {claimName: pvc}}\n");
    assertEquals("FailedMount", e.reason());
    assertTrue(e.getMessage().startsWith(
        "MountVolume.SetUp failed for volume \"data\" : volume type persistentVolumeClaim is not supported"), e.getMessage());
  }
}
