package io.coxswain.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.kinds.FieldDefaults;
import io.coxswain.core.kinds.JsonFields;
import io.coxswain.core.kinds.NameFormat;
import io.coxswain.core.kinds.ValueFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validation of {@code metadata} shared by every kind (Kubernetes' ValidateObjectMeta). */
public final class ObjectMetaValidation {
  /** Kubernetes' TotalAnnotationSizeLimitB: annotations live in etcd with the object. */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private ObjectMetaValidation() {}

  /** Object metadata of a kind whose names are DNS subdomains, the most common rule. */
  public static List<Cause> validate(ObjectNode obj, ResourceType type) {
    return validate(obj, type, NameFormat.DNS1123_SUBDOMAIN);
  }

  public static List<Cause> validate(ObjectNode obj, ResourceType type, NameFormat nameFormat) {
    List<Cause> causes = new ArrayList<>();
    JsonFields fields = new JsonFields(causes);
    ObjectNode meta = fields.object(obj, "", "metadata");
    if (meta == null) {
      if (!obj.has("metadata") || obj.get("metadata").isNull()) causes.add(Cause.required("metadata.name"));
      return causes;
    }
    validateName(meta, nameFormat, fields);
    validateNamespace(meta, type, fields);
    Long generation = fields.int64(meta, "metadata", "generation");
    if (generation != null && generation < 0) {
      causes.add(Cause.invalid("metadata.generation", generation, "must be greater than or equal to 0"));
    }
    fields.string(meta, "metadata", "uid");
    fields.string(meta, "metadata", "resourceVersion");
    validateLabels(fields.stringMap(meta, "metadata", "labels"), "metadata.labels", causes);
    validateAnnotations(fields.stringMap(meta, "metadata", "annotations"), "metadata.annotations", causes);
    validateOwnerReferences(fields.array(meta, "metadata", "ownerReferences"), fields);
    validateFinalizers(fields.strings(meta, "metadata", "finalizers"), fields);
    return causes;
  }

  /**
   * The metadata of a pod template (in a Deployment or ReplicaSet): only labels and annotations
   * matter there, as Kubernetes' ValidateTemplateObjectMeta.
   */
  public static void validateTemplateMeta(JsonNode meta, String path, JsonFields fields) {
    validateLabels(fields.stringMap(meta, path, "labels"), JsonFields.child(path, "labels"), fields.causes());
    validateAnnotations(fields.stringMap(meta, path, "annotations"), JsonFields.child(path, "annotations"),
        fields.causes());
  }

  /** Label maps: metadata.labels, but also selectors and nodeSelector, reported at {@code path}. */
  public static void validateLabels(Map<String, String> labels, String path, List<Cause> causes) {
    if (labels == null) return;
    labels.forEach((k, v) -> {
      for (String msg : ValueFormats.qualifiedName(k)) causes.add(Cause.invalid(path, k, msg));
      for (String msg : ValueFormats.labelValue(v)) causes.add(Cause.invalid(path, v, msg));
    });
  }

  public static void validateAnnotations(Map<String, String> annotations, String path, List<Cause> causes) {
    if (annotations == null) return;
    long total = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      // Annotation keys follow the label key rule except that case does not matter.
      for (String msg : ValueFormats.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
        causes.add(Cause.invalid(path, e.getKey(), msg));
      }
      total += ValueFormats.byteLength(e.getKey()) + ValueFormats.byteLength(e.getValue());
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      causes.add(new Cause("FieldValueTooLong",
          "Too long: may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes", path));
    }
  }

  private static void validateName(ObjectNode meta, NameFormat format, JsonFields fields) {
    String generateName = fields.string(meta, "metadata", "generateName");
    if (generateName != null && !generateName.isEmpty()) {
      for (String msg : format.checkPrefix(generateName)) {
        fields.add(Cause.invalid("metadata.generateName", generateName, msg));
      }
    }
    boolean generated = generateName != null && !generateName.isEmpty();
    boolean wronglyTyped = !FieldDefaults.isUnset(meta, "name") && !meta.get("name").isTextual();
    String name = fields.string(meta, "metadata", "name");
    if (name == null || name.isEmpty()) {
      // With only generateName the server picks the name after validation, so an empty one is fine.
      if (!generated && !wronglyTyped) {
        fields.add(new Cause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
      }
      return;
    }
    for (String msg : format.check(name)) fields.add(Cause.invalid("metadata.name", name, msg));
  }

  private static void validateNamespace(ObjectNode meta, ResourceType type, JsonFields fields) {
    if (type.namespaced()) {
      // The server fills the namespace from the request before validating, so it is never legitimately empty.
      String namespace = fields.requiredString(meta, "metadata", "namespace");
      if (namespace == null) return;
      for (String msg : ValueFormats.dns1123Label(namespace)) {
        fields.add(Cause.invalid("metadata.namespace", namespace, msg));
      }
    } else {
      String namespace = fields.string(meta, "metadata", "namespace");
      if (namespace != null && !namespace.isEmpty()) {
        fields.add(Cause.forbidden("metadata.namespace", "not allowed on this type"));
      }
    }
  }

  private static void validateOwnerReferences(ArrayNode refs, JsonFields fields) {
    if (refs == null) return;
    String path = "metadata.ownerReferences";
    int controllers = 0;
    for (int i = 0; i < refs.size(); i++) {
      ObjectNode ref = fields.objectAt(refs, path, i);
      if (ref == null) continue;
      String itemPath = JsonFields.index(path, i);
      // Kubernetes reports these without the index; kept so messages match a real server.
      requireNonEmpty(fields.string(ref, itemPath, "apiVersion"), path + ".apiVersion", "version must not be empty", fields);
      requireNonEmpty(fields.string(ref, itemPath, "kind"), path + ".kind", "kind must not be empty", fields);
      requireNonEmpty(fields.string(ref, itemPath, "name"), path + ".name", "name must not be empty", fields);
      requireNonEmpty(fields.string(ref, itemPath, "uid"), path + ".uid", "uid must not be empty", fields);
      Boolean controller = fields.bool(ref, itemPath, "controller");
      fields.bool(ref, itemPath, "blockOwnerDeletion");
      if (Boolean.TRUE.equals(controller)) controllers++;
    }
    if (controllers > 1) {
      fields.add(Cause.invalid(path, JsonFields.shown(refs), "Only one reference can have Controller set to true"));
    }
  }

  private static void requireNonEmpty(String value, String path, String detail, JsonFields fields) {
    if (value == null || value.isEmpty()) fields.add(Cause.invalid(path, value == null ? "" : value, detail));
  }

  private static void validateFinalizers(List<String> finalizers, JsonFields fields) {
    if (finalizers == null) return;
    String path = "metadata.finalizers";
    for (String f : finalizers) {
      for (String msg : ValueFormats.qualifiedName(f)) fields.add(Cause.invalid(path, f, msg));
    }
    if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
      fields.add(Cause.invalid(path, String.join(",", finalizers),
          "finalizer orphan and foregroundDeletion cannot be both set"));
    }
  }
}
