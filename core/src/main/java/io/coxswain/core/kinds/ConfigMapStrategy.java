package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 ConfigMap. */
public final class ConfigMapStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", true,
          List.of("cm"), List.of(), false, false);

  @Override
  public ResourceType type() {
    return TYPE;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    Map<String, String> data = ConfigData.validateKeys(obj, "data", f);
    Map<String, String> binaryData = ConfigData.validateKeys(obj, "binaryData", f);
    long total = 0;
    if (data != null) {
      for (Map.Entry<String, String> e : data.entrySet()) {
        // Both maps end up as files in one directory, so a key may appear in only one of them.
        if (binaryData != null && binaryData.containsKey(e.getKey())) {
          f.add(Cause.invalid(JsonFields.key("data", e.getKey()), e.getKey(), "duplicate of key present in binaryData"));
        }
        total += ValueFormats.byteLength(e.getValue());
      }
    }
    if (binaryData != null) total += ConfigData.validateBase64Values(binaryData, "binaryData", f);
    ConfigData.validateSize(total, "", f);
    f.bool(obj, "", "immutable");
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    return ConfigData.validateImmutableUpdate(updated, stored, List.of("data", "binaryData"));
  }
}
