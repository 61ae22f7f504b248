package io.coxswain.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import io.coxswain.core.KindStrategy;
import io.coxswain.core.Metadata;
import io.coxswain.core.ObjectMetaValidation;
import io.coxswain.core.ResourceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Rules for core/v1 Secret. */
public final class SecretStrategy implements KindStrategy {
  public static final ResourceType TYPE =
      new ResourceType("", "v1", "Secret", "secrets", "secret", true,
          List.of(), List.of(), false, false);

  static final String OPAQUE = "Opaque";

  @Override
  public ResourceType type() {
    return TYPE;
  }

  /**
   * Type Opaque by default, and stringData folded into data (base64), overriding equal keys: the
   * server never stores or returns stringData, it is a write-only convenience.
   */
  @Override
  public void applyDefaults(ObjectNode obj) {
    FieldDefaults.string(obj, "type", OPAQUE);
    JsonNode stringData = obj.get("stringData");
    if (stringData == null) return;
    if (stringData.isNull()) {
      obj.remove("stringData");
      return;
    }
    if (!(stringData instanceof ObjectNode plain) || !allText(plain)) return;
    ObjectNode data = FieldDefaults.object(obj, "data");
    if (data == null) return;
    Iterator<Map.Entry<String, JsonNode>> it = plain.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().textValue().getBytes(StandardCharsets.UTF_8)));
    }
    obj.remove("stringData");
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> causes = ObjectMetaValidation.validate(obj, TYPE);
    JsonFields f = new JsonFields(causes);
    Map<String, String> data = ConfigData.validateKeys(obj, "data", f);
    // Left over only when it could not be merged; report why.
    Map<String, String> stringData = ConfigData.validateKeys(obj, "stringData", f);
    long total = data == null ? 0 : ConfigData.validateBase64Values(data, "data", f);
    if (stringData != null) {
      for (String v : stringData.values()) total += ValueFormats.byteLength(v);
    }
    ConfigData.validateSize(total, "data", f);
    f.bool(obj, "", "immutable");
    String type = f.string(obj, "", "type");
    if (type != null) validateType(obj, type, data == null ? Map.of() : data, f);
    return causes;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode updated, ObjectNode stored) {
    List<Cause> causes = new ArrayList<>();
    String newType = FieldDefaults.text(updated, "type");
    String oldType = FieldDefaults.text(stored, "type");
    if (!newType.equals(oldType)) causes.add(Cause.invalid("type", newType, "field is immutable"));
    causes.addAll(ConfigData.validateImmutableUpdate(updated, stored, List.of("data")));
    return causes;
  }

  @Override
  public Map<String, String> selectableFields(ObjectNode obj) {
    Map<String, String> fields = SelectableFields.objectMeta(obj, true);
    fields.put("type", SelectableFields.text(obj, "type"));
    return fields;
  }

  /** The well-known types promise consumers certain keys; Kubernetes holds them to it. */
  private static void validateType(ObjectNode obj, String type, Map<String, String> data, JsonFields f) {
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        String account = Metadata.annotations(obj).getOrDefault("kubernetes.io/service-account.name", "");
        if (account.isEmpty()) f.add(Cause.required("metadata.annotations[kubernetes.io/service-account.name]"));
      }
      case "kubernetes.io/dockercfg" -> requireJson(data, ".dockercfg", f);
      case "kubernetes.io/dockerconfigjson" -> requireJson(data, ".dockerconfigjson", f);
      case "kubernetes.io/basic-auth" -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          f.add(Cause.required("data[username]"));
          f.add(Cause.required("data[password]"));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (data.getOrDefault("ssh-privatekey", "").isEmpty()) f.add(Cause.required("data[ssh-privatekey]"));
      }
      case "kubernetes.io/tls" -> {
        if (!data.containsKey("tls.crt")) f.add(Cause.required("data[tls.crt]"));
        if (!data.containsKey("tls.key")) f.add(Cause.required("data[tls.key]"));
      }
      default -> {}
    }
  }

  private static void requireJson(Map<String, String> data, String key, JsonFields f) {
    String path = JsonFields.key("data", key);
    if (!data.containsKey(key)) {
      f.add(Cause.required(path));
      return;
    }
    byte[] bytes = ConfigData.decode(data.get(key));
    if (bytes == null) return;
    try {
      if (!Json.MAPPER.readTree(bytes).isObject()) {
        f.add(Cause.invalid(path, ConfigData.REDACTED, "must be a JSON object"));
      }
    } catch (IOException e) {
      f.add(Cause.invalid(path, ConfigData.REDACTED, "must be well-formed JSON"));
    }
  }

  private static boolean allText(ObjectNode o) {
    for (JsonNode v : o) {
      if (!v.isTextual()) return false;
    }
    return true;
  }
}
