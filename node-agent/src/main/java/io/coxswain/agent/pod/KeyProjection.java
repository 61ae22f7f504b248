package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a ConfigMap or Secret volume (or projected source), as kubelet's MakePayload lays
 * them out: every key as a file named after it, or only the keys listed in {@code items}, each at
 * its {@code path} with its own {@code mode} or the volume's {@code defaultMode}.
 */
final class KeyProjection {
  private KeyProjection() {}

  /**
   * @param data the object's keys and contents; empty for a missing object that is optional
   * @param missingKeyMessage kubelet's message prefix for an item naming an absent key
   */
  static List<VolumeFile> files(JsonNode items, Map<String, byte[]> data, int defaultMode, boolean optional,
      String missingKeyMessage) {
    List<VolumeFile> files = new ArrayList<>();
    if (!items.isArray() || items.isEmpty()) {
      data.forEach((key, content) -> files.add(new VolumeFile(key, content, defaultMode)));
      return files;
    }
    for (JsonNode item : items) {
      String key = item.path("key").asText("");
      byte[] content = data.get(key);
      if (content == null) {
        if (optional) continue;
        throw new IllegalArgumentException(missingKeyMessage + key);
      }
      int mode = item.path("mode").isInt() ? item.get("mode").intValue() : defaultMode;
      files.add(new VolumeFile(item.path("path").asText(""), content, mode));
    }
    return files;
  }

  /** The volume's defaultMode, or Kubernetes' default when the manifest skipped defaulting. */
  static int defaultMode(JsonNode source) {
    return source.path("defaultMode").isInt() ? source.get("defaultMode").intValue() : VolumeFile.DEFAULT_MODE;
  }
}
