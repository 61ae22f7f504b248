package io.coxswain.core.kinds;

import static io.coxswain.core.kinds.JsonFields.key;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The key/value payload of ConfigMaps and Secrets: keys that can become file names, base64 for
 * bytes, the 1 MiB cap that keeps an object within etcd's limits, and the {@code immutable} flag.
 */
final class ConfigData {
  /** Kubernetes' MaxSecretSize, used for ConfigMaps too. */
  static final int MAX_SIZE = 1024 * 1024;
  static final String REDACTED = "<secret contents redacted>";
  private static final String IMMUTABLE = "field is immutable when `immutable` is set";

  private ConfigData() {}

  /** Checks the keys of a data map at {@code field}; answers the map (null when absent or not a map). */
  static Map<String, String> validateKeys(ObjectNode obj, String field, JsonFields f) {
    Map<String, String> data = f.stringMap(obj, "", field);
    if (data == null) return null;
    for (String k : data.keySet()) {
      for (String msg : ValueFormats.configMapKey(k)) f.add(Cause.invalid(key(field, k), k, msg));
    }
    return data;
  }

  /**
   * Decodes base64 values as Go's encoding/json does for []byte: standard alphabet, padding
   * required, line breaks ignored. Reports bad ones (without echoing them) and answers the total
   * number of decoded bytes.
   */
  static long validateBase64Values(Map<String, String> data, String field, JsonFields f) {
    long total = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      byte[] bytes = decode(e.getValue());
      if (bytes == null) {
        f.add(Cause.invalid(key(field, e.getKey()), REDACTED, "illegal base64 data"));
      } else {
        total += bytes.length;
      }
    }
    return total;
  }

  static void validateSize(long total, String field, JsonFields f) {
    if (total > MAX_SIZE) {
      f.add(new Cause("FieldValueTooLong", "Too long: may not be more than " + MAX_SIZE + " bytes", field));
    }
  }

  /** Once {@code immutable: true} is stored, neither the flag nor the data may change. */
  static List<Cause> validateImmutableUpdate(ObjectNode updated, ObjectNode stored, List<String> dataFields) {
    List<Cause> causes = new ArrayList<>();
    if (!stored.path("immutable").asBoolean(false) || !stored.path("immutable").isBoolean()) return causes;
    if (!(updated.path("immutable").isBoolean() && updated.path("immutable").booleanValue())) {
      causes.add(Cause.forbidden("immutable", IMMUTABLE));
    }
    for (String field : dataFields) {
      if (!SemanticEquality.equal(updated.get(field), stored.get(field))) causes.add(Cause.forbidden(field, IMMUTABLE));
    }
    return causes;
  }

  static byte[] decode(String value) {
    String compact = value.replace("\r", "").replace("\n", "");
    if (compact.length() % 4 != 0) return null;
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
