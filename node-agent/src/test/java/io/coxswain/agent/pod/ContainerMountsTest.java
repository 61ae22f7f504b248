package io.coxswain.agent.pod;

import static io.coxswain.agent.pod.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ContainerConfig.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerMountsTest {
  private static final Path POD = Path.of("pods", "uid-1", "volumes");
  private static final Map<String, Path> VOLUMES = Map.of(
      "config", POD.resolve("kubernetes.io~configmap/config"),
      "data", POD.resolve("kubernetes.io~empty-dir/data"),
      "logs", Path.of("host", "logs"));

  private static List<Mount> mounts(String volumeMounts, Map<String, String> env) throws PodInputException {
    ObjectNode pod = pod("""
        containers:
        - name: app
          volumeMounts:
        """ + volumeMounts.indent(2) + """
        volumes:
        - {name: config, configMap: {name: cfg}}
        - {name: data, emptyDir: {}}
        - {name: logs, hostPath: {path: /var/log}}
        """);
    return ContainerMounts.resolve(pod, pod.path("spec").path("containers").get(0), env, VOLUMES);
  }

  private static PodInputException failure(String volumeMounts, Map<String, String> env) {
    return assertThrows(PodInputException.class, () -> mounts(volumeMounts, env));
  }

  @Test
  void mountsWholeVolumesAtTheirPaths() throws Exception {
    assertEquals(List.of(
        new Mount(VOLUMES.get("data"), "/data", false),
        new Mount(VOLUMES.get("logs"), "/var/log", true)),
        mounts("- {name: data, mountPath: /data}\n- {name: logs, mountPath: /var/log, readOnly: true}\n", Map.of()));
  }

  @Test
  void subPathMountsOneFile() throws Exception {
    assertEquals(List.of(new Mount(VOLUMES.get("config").resolve("nginx.conf"), "/etc/nginx/nginx.conf", true)),
        mounts("- {name: config, mountPath: /etc/nginx/nginx.conf, subPath: nginx.conf}\n", Map.of()));
  }

  @Test
  void configMapVolumesAreAlwaysReadOnly() throws Exception {
    assertEquals(true, mounts("- {name: config, mountPath: /etc/app, readOnly: false}\n", Map.of()).get(0).readOnly());
  }

  @Test
  void subPathExprExpandsFromTheEnvironment() throws Exception {
    assertEquals(VOLUMES.get("data").resolve("web-0/logs"),
        mounts("- {name: data, mountPath: /logs, subPathExpr: '$(POD_NAME)/logs'}\n", Map.of("POD_NAME", "web-0"))
            .get(0).source());
  }

  @Test
  void subPathExprWithMissingVariableFails() {
    assertEquals("missing value for EMPTY, POD_NAME", failure(
        "- {name: data, mountPath: /logs, subPathExpr: '$(POD_NAME)/$(EMPTY)'}\n", Map.of("EMPTY", "")).getMessage());
  }

  @Test
  void subPathMayNotLeaveTheVolume() {
    assertEquals("unable to provision SubPath `a/../../etc`: must not contain '..'",
        failure("- {name: data, mountPath: /x, subPath: a/../../etc}\n", Map.of()).getMessage());
    assertEquals("error SubPath `/etc` must not be an absolute path",
        failure("- {name: data, mountPath: /x, subPath: /etc}\n", Map.of()).getMessage());
  }

  @Test
  void unknownVolumeIsAClearFailure() {
    PodInputException e = failure("- {name: cache, mountPath: /cache}\n", Map.of());
    assertEquals("CreateContainerConfigError", e.reason());
    assertEquals("cannot find volume \"cache\" to mount into container \"app\"", e.getMessage());
  }
}
