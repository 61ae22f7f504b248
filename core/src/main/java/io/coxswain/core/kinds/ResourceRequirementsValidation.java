package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.child;
import static io.coxswain.core.kinds.JsonFields.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container's resources.requests and resources.limits (Kubernetes' ValidateResourceRequirements):
 * known resource names, quantities that parse and are not negative, requests within limits.
 */
final class ResourceRequirementsValidation {
  private static final Set<String> STANDARD_CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

  private ResourceRequirementsValidation() {}

  static void validate(ObjectNode resources, String path, JsonFields f) {
    String limitsPath = child(path, "limits");
    String requestsPath = child(path, "requests");
    Map<String, BigDecimal> limits = quantities(f.object(resources, path, "limits"), limitsPath, f);
    Map<String, BigDecimal> requests = quantities(f.object(resources, path, "requests"), requestsPath, f);
    requests.forEach((name, request) -> {
      BigDecimal limit = limits.get(name);
      String shown = shown(resources.path("requests").get(name));
      if (limit != null) {
        String limitShown = shown(resources.path("limits").get(name));
        // Extended resources and hugepages cannot be overcommitted: their request is their limit.
        if (!overcommitAllowed(name) && request.compareTo(limit) != 0) {
          f.add(Cause.invalid(requestsPath, shown, "must be equal to " + name + " limit of " + limitShown));
        } else if (request.compareTo(limit) > 0) {
          f.add(Cause.invalid(requestsPath, shown, "must be less than or equal to " + name + " limit of " + limitShown));
        }
      } else if (!overcommitAllowed(name)) {
        f.add(new Cause("FieldValueRequired", "Required value: Limit must be set for non overcommitable resources",
            limitsPath));
      }
    });
  }

  /** Names and values of one resource list; only the entries that parsed come back. */
  private static Map<String, BigDecimal> quantities(ObjectNode list, String path, JsonFields f) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    if (list == null) return out;
    list.fields().forEachRemaining(e -> {
      String name = e.getKey();
      String entryPath = key(path, name);
      validateResourceName(name, entryPath, f);
      JsonNode value = e.getValue();
      Optional<BigDecimal> q = ResourceQuantity.parse(value);
      if (q.isEmpty()) {
        f.add(Cause.invalid(entryPath, JsonFields.shown(value), ResourceQuantity.FORMAT_ERROR));
      } else if (q.get().signum() < 0) {
        f.add(Cause.invalid(entryPath, shown(value), "must be greater than or equal to 0"));
      } else {
        out.put(name, q.get());
      }
    });
    return out;
  }

  private static void validateResourceName(String name, String path, JsonFields f) {
    for (String msg : ValueFormats.qualifiedName(name)) f.add(Cause.invalid(path, name, msg));
    if (!name.contains("/")) {
      if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
        f.add(Cause.invalid(path, name, "must be a standard resource for containers"));
      }
    }
  }

  private static boolean overcommitAllowed(String name) {
    boolean nativeResource = !name.contains("/") || name.contains("kubernetes.io/");
    return nativeResource && !name.startsWith("hugepages-");
  }

  private static String shown(JsonNode quantity) {
    return quantity == null ? "" : quantity.asText();
  }
}
