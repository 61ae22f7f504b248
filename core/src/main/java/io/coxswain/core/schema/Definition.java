package io.coxswain.core.schema;

import java.util.List;
import java.util.Map;

/**
 * One named schema, such as {@code io.k8s.api.core.v1.Pod}. Objects have {@code type} "object" and
 * their {@code properties} in name order; scalar definitions (Quantity, Time, IntOrString) have no
 * properties. {@code oneOfTypes}, when not empty, is what OpenAPI v3 lists instead of one type.
 */
public record Definition(
    String name,
    String description,
    String type,
    String format,
    List<String> oneOfTypes,
    Map<String, Property> properties,
    List<String> required,
    List<GroupVersionKind> groupVersionKinds) {

  public Definition {
    oneOfTypes = List.copyOf(oneOfTypes);
    properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    required = List.copyOf(required);
    groupVersionKinds = List.copyOf(groupVersionKinds);
  }

  /** True for an object whose fields are described, so unknown ones can be told apart. */
  public boolean hasProperties() {
    return !properties.isEmpty();
  }

  Definition withGroupVersionKinds(List<GroupVersionKind> gvks) {
    return new Definition(name, description, type, format, oneOfTypes, properties, required, gvks);
  }

  static Definition scalar(String name, String description, String type, String format, List<String> oneOf) {
    return new Definition(name, description, type, format, oneOf, Map.of(), List.of(), List.of());
  }
}
