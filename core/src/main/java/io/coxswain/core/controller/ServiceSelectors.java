package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.Map;

/**
 * A Service's spec.selector: a plain label map, equality only. A Service without one (or with an
 * empty one, which the apiserver does not keep) has user-managed endpoints.
 */
public final class ServiceSelectors {
  private ServiceSelectors() {}

  /** The selector, or null when the Service has none. */
  public static Map<String, String> selector(JsonNode service) {
    Map<String, String> s = Metadata.stringMap(service.path("spec").path("selector"));
    return s.isEmpty() ? null : s;
  }

  /** Whether the endpoint controllers manage this Service's endpoints (it selects pods and is not ExternalName). */
  public static boolean managesEndpoints(JsonNode service) {
    return selector(service) != null && !"ExternalName".equals(service.path("spec").path("type").asText());
  }

  public static boolean selects(JsonNode service, Map<String, String> labels) {
    Map<String, String> selector = selector(service);
    if (selector == null) return false;
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    return true;
  }

  public static boolean isHeadless(JsonNode service) {
    return "None".equals(service.path("spec").path("clusterIP").asText());
  }
}
