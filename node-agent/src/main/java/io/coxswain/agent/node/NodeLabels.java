package io.coxswain.agent.node;

import io.coxswain.core.kinds.ValueFormats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node labels and annotations given as {@code k=v,k2=v2}, the syntax of kubelet's --node-labels. */
public final class NodeLabels {
  private NodeLabels() {}

  /**
   * @throws IllegalArgumentException naming the bad pair and giving Kubernetes' validation message
   */
  public static Map<String, String> parse(String spec) {
    Map<String, String> labels = parsePairs(spec, "label");
    for (Map.Entry<String, String> e : labels.entrySet()) {
      List<String> errs = ValueFormats.labelValue(e.getValue());
      if (!errs.isEmpty()) {
        throw new IllegalArgumentException("invalid label value \"" + e.getValue() + "\" for key \"" + e.getKey()
            + "\": " + String.join("; ", errs));
      }
    }
    return labels;
  }

  /** Annotations: keys as for labels, any value (no commas, given this syntax). */
  public static Map<String, String> parseAnnotations(String spec) {
    return parsePairs(spec, "annotation");
  }

  /** {@code k=v} pairs separated by commas; keys must be qualified names, {@code what} names them in errors. */
  static Map<String, String> parsePairs(String spec, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) return out;
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("invalid " + what + " \"" + pair.trim() + "\": expected key=value");
      String key = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      List<String> errs = ValueFormats.qualifiedName(key);
      if (!errs.isEmpty()) {
        throw new IllegalArgumentException("invalid " + what + " key \"" + key + "\": " + String.join("; ", errs));
      }
      if (out.put(key, value) != null) throw new IllegalArgumentException("duplicate " + what + " key \"" + key + "\"");
    }
    return out;
  }
}
