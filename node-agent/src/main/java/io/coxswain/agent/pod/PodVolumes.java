package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each of a pod's volumes should contain, computed from the manifest and the ConfigMaps and
 * Secrets it names. Setting a volume up a second time with a fresh plan is how ConfigMap and
 * Secret updates reach running pods, as kubelet's periodic remount does.
 */
public final class PodVolumes {
  static final String EMPTY_DIR = "kubernetes.io~empty-dir";
  static final String CONFIG_MAP = "kubernetes.io~configmap";
  static final String SECRET = "kubernetes.io~secret";
  static final String DOWNWARD_API = "kubernetes.io~downward-api";
  static final String PROJECTED = "kubernetes.io~projected";

  /**
   * The token a projected serviceAccountToken source gets. Kubelet requests a real bound token
   * through the TokenRequest API; until the control plane issues those, pods get this marker so
   * the file exists (client libraries refuse a missing one) but no API call can authenticate with it.
   */
  static final String PLACEHOLDER_TOKEN = "coxswain-placeholder-service-account-token";

  private static final String CONFIG_MAP_KEY_MISSING = "configmap references non-existent config key: ";
  private static final String SECRET_KEY_MISSING = "references non-existent secret key: ";

  private PodVolumes() {}

  /**
   * @throws PodInputException with reason FailedMount and kubelet's "MountVolume.SetUp failed for
   *     volume ..." message when a non-optional ConfigMap, Secret or key is missing, a downward API
   *     reference cannot be resolved, or the volume type is not one this node supports
   */
  public static List<PodVolume> plan(ObjectNode pod, PodInputLookup lookup, DownwardApiFacts facts)
      throws PodInputException {
    String namespace = Optional.ofNullable(Metadata.namespace(pod)).orElse("");
    List<PodVolume> volumes = new ArrayList<>();
    for (JsonNode v : pod.path("spec").path("volumes")) {
      String name = v.path("name").asText("");
      try {
        volumes.add(plan(name, v, pod, namespace, lookup, facts));
      } catch (IllegalArgumentException e) {
        throw new PodInputException(PodInputException.FAILED_MOUNT,
            "MountVolume.SetUp failed for volume \"" + name + "\" : " + e.getMessage());
      }
    }
    return volumes;
  }

  private static PodVolume plan(String name, JsonNode v, ObjectNode pod, String namespace, PodInputLookup lookup,
      DownwardApiFacts facts) {
    if (v.has("emptyDir")) return new PodVolume.EmptyDir(name);
    if (v.has("hostPath")) {
      JsonNode hp = v.get("hostPath");
      return new PodVolume.HostPath(name, hp.path("path").asText(""), hp.path("type").asText(""));
    }
    if (v.has("configMap")) {
      JsonNode src = v.get("configMap");
      return new PodVolume.Files(name, CONFIG_MAP, configMapFiles(src, KeyProjection.defaultMode(src), namespace, lookup));
    }
    if (v.has("secret")) {
      JsonNode src = v.get("secret");
      String secretName = src.path("secretName").asText("");
      return new PodVolume.Files(name, SECRET,
          secretFiles(src, secretName, KeyProjection.defaultMode(src), namespace, lookup));
    }
    if (v.has("downwardAPI")) {
      JsonNode src = v.get("downwardAPI");
      return new PodVolume.Files(name, DOWNWARD_API,
          DownwardApiVolumeFiles.files(src.path("items"), KeyProjection.defaultMode(src), pod, facts));
    }
    if (v.has("projected")) {
      return new PodVolume.Files(name, PROJECTED, projectedFiles(v.get("projected"), pod, namespace, lookup, facts));
    }
    String type = "unknown";
    for (var it = v.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("name")) type = field;
    }
    throw new IllegalArgumentException("volume type " + type + " is not supported by this node; use emptyDir, "
        + "hostPath, configMap, secret, downwardAPI or projected");
  }

  private static List<VolumeFile> configMapFiles(JsonNode src, int defaultMode, String namespace, PodInputLookup lookup) {
    String name = src.path("name").asText("");
    boolean optional = src.path("optional").asBoolean(false);
    Optional<ObjectNode> cm = lookup.configMap(namespace, name);
    if (cm.isEmpty() && !optional) throw new IllegalArgumentException(ReferencedData.configMapNotFound(name));
    Map<String, byte[]> data = cm.map(ReferencedData::configMapFiles).orElse(Map.of());
    return KeyProjection.files(src.path("items"), data, defaultMode, optional, CONFIG_MAP_KEY_MISSING);
  }

  private static List<VolumeFile> secretFiles(
      JsonNode src, String name, int defaultMode, String namespace, PodInputLookup lookup) {
    boolean optional = src.path("optional").asBoolean(false);
    Optional<ObjectNode> secret = lookup.secret(namespace, name);
    if (secret.isEmpty() && !optional) throw new IllegalArgumentException(ReferencedData.secretNotFound(name));
    Map<String, byte[]> data = secret.map(ReferencedData::secretBytes).orElse(Map.of());
    return KeyProjection.files(src.path("items"), data, defaultMode, optional, SECRET_KEY_MISSING);
  }

  /**
   * Sources are applied in order, a later one replacing an earlier file at the same path; all
   * failing sources are reported together, as kubelet aggregates them.
   */
  private static List<VolumeFile> projectedFiles(
      JsonNode projected, ObjectNode pod, String namespace, PodInputLookup lookup, DownwardApiFacts facts) {
    int defaultMode = KeyProjection.defaultMode(projected);
    Map<String, VolumeFile> files = new LinkedHashMap<>();
    Set<String> errors = new LinkedHashSet<>();
    for (JsonNode source : projected.path("sources")) {
      try {
        List<VolumeFile> add;
        if (source.has("configMap")) {
          add = configMapFiles(source.get("configMap"), defaultMode, namespace, lookup);
        } else if (source.has("secret")) {
          JsonNode s = source.get("secret");
          add = secretFiles(s, s.path("name").asText(""), defaultMode, namespace, lookup);
        } else if (source.has("downwardAPI")) {
          add = DownwardApiVolumeFiles.files(source.get("downwardAPI").path("items"), defaultMode, pod, facts);
        } else if (source.has("serviceAccountToken")) {
          String path = source.get("serviceAccountToken").path("path").asText("");
          add = List.of(new VolumeFile(path, PLACEHOLDER_TOKEN.getBytes(StandardCharsets.UTF_8), defaultMode));
        } else {
          throw new IllegalArgumentException("projected source " + source.fieldNames().next()
              + " is not supported by this node");
        }
        for (VolumeFile f : add) files.put(f.path(), f);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) throw new IllegalArgumentException(Aggregate.message(errors));
    return new ArrayList<>(files.values());
  }
}
