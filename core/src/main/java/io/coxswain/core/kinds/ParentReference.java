package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import java.util.List;

/**
 * The object an allocation belongs to: networking.k8s.io IPAddress's spec.parentRef {group,
 * resource, namespace, name}, which node port allocations share. It names the owner rather than
 * its uid, so an allocation can be made before its Service is stored.
 */
public record ParentReference(String group, String resource, String namespace, String name) {
  public static final String SERVICES = "services";

  public static ParentReference service(String namespace, String name) {
    return new ParentReference("", SERVICES, namespace, name);
  }

  /** The reference in an allocation object's spec, or null when it has none. */
  public static ParentReference of(JsonNode allocation) {
    JsonNode ref = allocation.path("spec").path("parentRef");
    if (!ref.isObject()) return null;
    return new ParentReference(ref.path("group").asText(""), ref.path("resource").asText(""),
        ref.path("namespace").asText(""), ref.path("name").asText(""));
  }

  public ObjectNode toJson() {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("group", group);
    ref.put("resource", resource);
    if (!namespace.isEmpty()) ref.put("namespace", namespace);
    ref.put("name", name);
    return ref;
  }

  /** As kubectl shows it: "services/default/kubernetes" (group-qualified resource, lower case). */
  @Override
  public String toString() {
    String resourceName = group.isEmpty() ? resource : resource + "." + group;
    return resourceName.toLowerCase(java.util.Locale.ROOT) + (namespace.isEmpty() ? "" : "/" + namespace) + "/" + name;
  }

  /** Kubernetes' validateIPAddressParentReference: resource and name required, the rest well formed. */
  static void validate(ObjectNode spec, JsonFields f) {
    String path = "spec.parentRef";
    ObjectNode ref = spec == null ? null : f.object(spec, "spec", "parentRef");
    if (ref == null) {
      if (spec == null || FieldDefaults.isUnset(spec, "parentRef")) f.add(Cause.required(path));
      return;
    }
    String group = f.string(ref, path, "group");
    if (group != null && !group.isEmpty()) {
      for (String msg : ValueFormats.dns1123Subdomain(group)) f.add(Cause.invalid(path + ".group", group, msg));
    }
    for (String field : List.of("resource", "name")) {
      String value = f.string(ref, path, field);
      if (value == null || value.isEmpty()) {
        f.add(Cause.required(path + "." + field));
      } else if (value.equals(".") || value.equals("..") || value.contains("/") || value.contains("%")) {
        f.add(Cause.invalid(path + "." + field, value, "may not be '.' or '..' and may not contain '/' or '%'"));
      }
    }
    String namespace = f.string(ref, path, "namespace");
    if (namespace != null && !namespace.isEmpty()) {
      for (String msg : ValueFormats.dns1123Label(namespace)) f.add(Cause.invalid(path + ".namespace", namespace, msg));
    }
  }

  /** The parent reference never changes: the allocation would silently move to another owner. */
  static List<Cause> validateUnchanged(ObjectNode updated, ObjectNode stored) {
    JsonNode now = updated.path("spec").path("parentRef");
    JsonNode before = stored.path("spec").path("parentRef");
    return now.equals(before) ? List.of() : List.of(Cause.invalid("spec.parentRef", JsonFields.shown(now), "field is immutable"));
  }
}
