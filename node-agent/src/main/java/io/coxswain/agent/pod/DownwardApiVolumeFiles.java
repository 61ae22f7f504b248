package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a downward API volume (or projected source), as kubelet's downwardapi.CollectData
 * writes them: one per item, the field's value or the resource's amount as text. Label and
 * annotation maps are written as {@code key="value"} lines.
 */
final class DownwardApiVolumeFiles {
  private DownwardApiVolumeFiles() {}

  static List<VolumeFile> files(JsonNode items, int defaultMode, ObjectNode pod, DownwardApiFacts facts) {
    List<VolumeFile> files = new ArrayList<>();
    Set<String> errors = new LinkedHashSet<>();
    for (JsonNode item : items) {
      int mode = item.path("mode").isInt() ? item.get("mode").intValue() : defaultMode;
      try {
        String value = "";
        if (item.has("fieldRef")) {
          value = DownwardApiFields.resolve(pod, item.get("fieldRef"), facts);
        } else if (item.has("resourceFieldRef")) {
          // Volume items must name their container, so there is no "current" one.
          value = ResourceFieldRefs.resolve(pod, null, item.get("resourceFieldRef"), facts.nodeAllocatable());
        }
        files.add(new VolumeFile(item.path("path").asText(""), value.getBytes(StandardCharsets.UTF_8), mode));
      } catch (PodInputException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) throw new IllegalArgumentException(Aggregate.message(errors));
    return files;
  }
}
