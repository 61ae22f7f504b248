package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.ValueFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of a downward API {@code fieldRef}, as kubelet's podFieldSelectorRuntimeValue and
 * fieldpath.ExtractFieldPathAsString compute it, messages included.
 */
final class DownwardApiFields {
  private DownwardApiFields() {}

  static String resolve(ObjectNode pod, JsonNode fieldRef, DownwardApiFacts facts) throws PodInputException {
    String apiVersion = fieldRef.path("apiVersion").asText("");
    // The API server defaults apiVersion to v1; treat a manifest that skipped defaulting the same.
    if (!apiVersion.isEmpty() && !apiVersion.equals("v1")) {
      throw PodInputException.config("unsupported pod version: " + apiVersion);
    }
    String path = fieldRef.path("fieldPath").asText("");
    if (path.equals("spec.host")) path = "spec.nodeName"; // v1 clients of old still send it
    String[] subscripted = splitSubscript(path);
    if (subscripted != null) return subscripted(pod, path, subscripted[0], subscripted[1]);
    JsonNode spec = pod.path("spec");
    switch (path) {
      case "metadata.name":
        return nullToEmpty(Metadata.name(pod));
      case "metadata.namespace":
        return nullToEmpty(Metadata.namespace(pod));
      case "metadata.uid":
        return nullToEmpty(Metadata.uid(pod));
      case "metadata.labels":
        return formatMap(Metadata.labels(pod));
      case "metadata.annotations":
        return formatMap(Metadata.annotations(pod));
      case "spec.nodeName": {
        String nodeName = spec.path("nodeName").asText("");
        return nodeName.isEmpty() ? nullToEmpty(facts.nodeName()) : nodeName;
      }
      case "spec.serviceAccountName":
        return spec.path("serviceAccountName").asText("");
      case "status.hostIP":
        return facts.hostIPs().isEmpty() ? "" : facts.hostIPs().get(0);
      case "status.hostIPs":
        return String.join(",", facts.hostIPs());
      case "status.podIP": {
        List<String> ips = podIPs(pod, facts);
        return ips.isEmpty() ? "" : ips.get(0);
      }
      case "status.podIPs":
        return String.join(",", podIPs(pod, facts));
      case "spec.restartPolicy", "spec.schedulerName", "status.phase":
        // Accepted by the label conversion but not by the extractor, exactly as in kubelet.
        throw PodInputException.config("unsupported fieldPath: " + path);
      default:
        throw PodInputException.config("field label not supported: " + path);
    }
  }

  /** The sandbox's addresses once it has them, else whatever the pod status already reports. */
  static List<String> podIPs(ObjectNode pod, DownwardApiFacts facts) {
    if (!facts.podIPs().isEmpty()) return facts.podIPs();
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : pod.path("status").path("podIPs")) {
      if (!ip.path("ip").asText("").isEmpty()) ips.add(ip.path("ip").asText());
    }
    String podIP = pod.path("status").path("podIP").asText("");
    if (ips.isEmpty() && !podIP.isEmpty()) ips.add(podIP);
    return ips;
  }

  private static String subscripted(ObjectNode pod, String path, String field, String key) throws PodInputException {
    switch (field) {
      case "metadata.annotations": {
        List<String> errs = ValueFormats.qualifiedName(key.toLowerCase(Locale.ROOT));
        if (!errs.isEmpty()) throw invalidSubscript(path, errs);
        return Metadata.annotations(pod).getOrDefault(key, "");
      }
      case "metadata.labels": {
        List<String> errs = ValueFormats.qualifiedName(key);
        if (!errs.isEmpty()) throw invalidSubscript(path, errs);
        return Metadata.labels(pod).getOrDefault(key, "");
      }
      default:
        throw PodInputException.config("field label does not support subscript: " + path);
    }
  }

  private static PodInputException invalidSubscript(String path, List<String> errs) {
    return PodInputException.config("invalid key subscript in " + path + ": " + String.join(";", errs));
  }

  /** fieldpath.SplitMaybeSubscriptedPath: {@code metadata.labels['key']} → field and key. */
  private static String[] splitSubscript(String path) {
    if (!path.endsWith("']")) return null;
    String s = path.substring(0, path.length() - 2);
    int open = s.indexOf("['");
    if (open <= 0) return null;
    return new String[] {s.substring(0, open), s.substring(open + 2)};
  }

  /** fieldpath.FormatMap: {@code key="value"} lines in key order, values quoted as Go's %q. */
  static String formatMap(Map<String, String> map) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (out.length() > 0) out.append('\n');
      out.append(e.getKey()).append('=').append(GoQuote.quote(e.getValue()));
    }
    return out.toString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
