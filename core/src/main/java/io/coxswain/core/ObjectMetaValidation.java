package io.coxswain.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of {@code metadata} shared by every kind (Kubernetes' ValidateObjectMeta). */
public final class ObjectMetaValidation {
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ObjectMetaValidation() {}

  public static List<Cause> validate(ObjectNode obj, ResourceType type) {
    List<Cause> causes = new ArrayList<>();
    String name = Metadata.name(obj);
    if (name == null || name.isEmpty()) {
      causes.add(Cause.required("metadata.name"));
    } else if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      causes.add(Cause.invalid("metadata.name", name,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
              + "and must start and end with an alphanumeric character (e.g. 'example.com')"));
    }
    JsonNode labels = obj.path("metadata").path("labels");
    if (!labels.isMissingNode() && !labels.isNull() && !labels.isObject()) {
      causes.add(Cause.invalid("metadata.labels", labels.toString(), "must be a map of string keys to string values"));
    }
    return causes;
  }
}
