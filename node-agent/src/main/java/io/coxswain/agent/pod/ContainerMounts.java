package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ContainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container's {@code volumeMounts} as runtime mounts, following kubelet's makeMounts: a {@code
 * subPath} (or {@code subPathExpr} expanded against the container's environment) selects one file
 * or directory of the volume, and ConfigMap, Secret, downward API and projected volumes are always
 * read-only. The /etc/hosts and termination-log mounts kubelet adds are not made here.
 */
public final class ContainerMounts {
  private static final Set<String> ALWAYS_READ_ONLY = Set.of("configMap", "secret", "downwardAPI", "projected");

  private ContainerMounts() {}

  /**
   * @param volumeDirs where each volume was materialised, by volume name ({@link PodVolumeSetUp#setUp})
   * @param env the container's resolved environment, for subPathExpr
   * @throws PodInputException reason CreateContainerConfigError, with kubelet's message
   */
  public static List<ContainerConfig.Mount> resolve(
      ObjectNode pod, JsonNode container, Map<String, String> env, Map<String, Path> volumeDirs)
      throws PodInputException {
    String containerName = container.path("name").asText("");
    List<ContainerConfig.Mount> mounts = new ArrayList<>();
    for (JsonNode m : container.path("volumeMounts")) {
      String name = m.path("name").asText("");
      Path volumeDir = volumeDirs.get(name);
      if (volumeDir == null) {
        throw PodInputException.config(
            "cannot find volume \"" + name + "\" to mount into container \"" + containerName + "\"");
      }
      String subPath = m.path("subPath").asText("");
      String subPathExpr = m.path("subPathExpr").asText("");
      if (!subPathExpr.isEmpty()) subPath = expandSubPath(subPathExpr, env);
      Path source = volumeDir;
      if (!subPath.isEmpty()) {
        if (subPath.startsWith("/")) {
          throw PodInputException.config("error SubPath `" + subPath + "` must not be an absolute path");
        }
        for (String element : subPath.split("/")) {
          if (element.equals("..")) {
            throw PodInputException.config("unable to provision SubPath `" + subPath + "`: must not contain '..'");
          }
        }
        source = volumeDir.resolve(subPath).normalize();
      }
      boolean readOnly = m.path("readOnly").asBoolean(false) || alwaysReadOnly(pod, name);
      mounts.add(new ContainerConfig.Mount(source, m.path("mountPath").asText(""), readOnly));
    }
    return mounts;
  }

  /** ExpandContainerVolumeMounts: unlike command expansion, an unknown or empty variable is an error. */
  private static String expandSubPath(String expr, Map<String, String> env) throws PodInputException {
    Set<String> missing = new TreeSet<>();
    String expanded = VariableExpansion.expand(expr, key -> {
      String value = env.get(key);
      if (value == null || value.isEmpty()) missing.add(key);
      return value == null ? "" : value;
    });
    if (!missing.isEmpty()) throw PodInputException.config("missing value for " + String.join(", ", missing));
    return expanded;
  }

  private static boolean alwaysReadOnly(ObjectNode pod, String volumeName) {
    for (JsonNode v : pod.path("spec").path("volumes")) {
      if (!volumeName.equals(v.path("name").asText())) continue;
      for (String type : ALWAYS_READ_ONLY) {
        if (v.has(type)) return true;
      }
    }
    return false;
  }
}
