package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.ValueFormats;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment, built the way kubelet's makeEnvironmentVariables builds it: {@code
 * envFrom} first, then {@code env} in order, each {@code value} expanded against what is defined
 * so far, {@code env} overriding {@code envFrom}.
 *
 * <p>Kubelet hands the runtime a Go map, so its order is random; here a variable keeps the
 * position where it was first defined (envFrom keys sorted, then env declarations), which is
 * stable and close to what users wrote.
 *
 * <p>Service environment variables ({@link ServiceEnvironment}) come last, each unless the
 * container defines the same name; {@code $(VAR)} in a value sees them after the container's own.
 */
public final class ContainerEnvironment {
  private ContainerEnvironment() {}

  /**
   * @throws PodInputException with reason CreateContainerConfigError and kubelet's message when a
   *     non-optional ConfigMap, Secret or key is missing or a reference cannot be resolved
   */
  public static LinkedHashMap<String, String> resolve(
      ObjectNode pod, JsonNode container, PodInputLookup lookup, DownwardApiFacts facts) throws PodInputException {
    return resolve(pod, container, lookup, facts, Map.of());
  }

  /** @param serviceEnv the pod's Service variables, from {@link ServiceEnvironment#of} */
  public static LinkedHashMap<String, String> resolve(
      ObjectNode pod, JsonNode container, PodInputLookup lookup, DownwardApiFacts facts, Map<String, String> serviceEnv)
      throws PodInputException {
    String namespace = Optional.ofNullable(Metadata.namespace(pod)).orElse("");
    Sources sources = new Sources(lookup, namespace);
    LinkedHashMap<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) addEnvFrom(from, sources, env);
    for (JsonNode var : container.path("env")) {
      String name = var.path("name").asText("");
      String value = var.path("value").asText("");
      JsonNode valueFrom = var.get("valueFrom");
      if (!value.isEmpty()) {
        value = VariableExpansion.expand(value, ref -> {
          String v = env.containsKey(ref) ? env.get(ref) : serviceEnv.get(ref);
          return v != null ? v : "$(" + ref + ")";
        });
      } else if (valueFrom != null && valueFrom.isObject()) {
        Optional<String> resolved = valueFrom(valueFrom, pod, container, sources, facts);
        if (resolved.isEmpty()) continue; // an optional reference that is missing defines nothing
        value = resolved.get();
      }
      env.put(name, value);
    }
    serviceEnv.forEach(env::putIfAbsent);
    return env;
  }

  private static void addEnvFrom(JsonNode from, Sources sources, Map<String, String> env) throws PodInputException {
    String prefix = from.path("prefix").asText("");
    Map<String, String> data;
    if (from.has("configMapRef")) {
      JsonNode ref = from.get("configMapRef");
      Optional<Map<String, String>> cm = sources.configMap(ref.path("name").asText(""), optional(ref));
      if (cm.isEmpty()) return;
      data = cm.get();
    } else if (from.has("secretRef")) {
      JsonNode ref = from.get("secretRef");
      Optional<Map<String, String>> secret = sources.secret(ref.path("name").asText(""), optional(ref));
      if (secret.isEmpty()) return;
      data = secret.get();
    } else {
      return;
    }
    for (Map.Entry<String, String> e : data.entrySet()) {
      String name = prefix + e.getKey();
      // Kubelet skips such keys and records an InvalidEnvironmentVariableNames event instead of failing.
      if (ValueFormats.envVarName(name).isEmpty()) env.put(name, e.getValue());
    }
  }

  private static Optional<String> valueFrom(
      JsonNode valueFrom, ObjectNode pod, JsonNode container, Sources sources, DownwardApiFacts facts)
      throws PodInputException {
    if (valueFrom.has("fieldRef")) {
      return Optional.of(DownwardApiFields.resolve(pod, valueFrom.get("fieldRef"), facts));
    }
    if (valueFrom.has("resourceFieldRef")) {
      return Optional.of(
          ResourceFieldRefs.resolve(pod, container, valueFrom.get("resourceFieldRef"), facts.nodeAllocatable()));
    }
    if (valueFrom.has("configMapKeyRef")) {
      JsonNode ref = valueFrom.get("configMapKeyRef");
      String name = ref.path("name").asText("");
      String key = ref.path("key").asText("");
      Optional<Map<String, String>> data = sources.configMap(name, optional(ref));
      if (data.isEmpty()) return Optional.empty();
      String value = data.get().get(key);
      if (value != null) return Optional.of(value);
      if (optional(ref)) return Optional.empty();
      throw PodInputException.config(
          "couldn't find key " + key + " in ConfigMap " + sources.namespace + "/" + name);
    }
    if (valueFrom.has("secretKeyRef")) {
      JsonNode ref = valueFrom.get("secretKeyRef");
      String name = ref.path("name").asText("");
      String key = ref.path("key").asText("");
      Optional<Map<String, String>> data = sources.secret(name, optional(ref));
      if (data.isEmpty()) return Optional.empty();
      String value = data.get().get(key);
      if (value != null) return Optional.of(value);
      if (optional(ref)) return Optional.empty();
      throw PodInputException.config("couldn't find key " + key + " in Secret " + sources.namespace + "/" + name);
    }
    return Optional.of("");
  }

  private static boolean optional(JsonNode ref) {
    return ref.path("optional").asBoolean(false);
  }

  /** The pod's ConfigMaps and Secrets, each looked up once however often it is referenced. */
  private static final class Sources {
    private final PodInputLookup lookup;
    private final String namespace;
    private final Map<String, Map<String, String>> configMaps = new HashMap<>();
    private final Map<String, Map<String, String>> secrets = new HashMap<>();

    Sources(PodInputLookup lookup, String namespace) {
      this.lookup = lookup;
      this.namespace = namespace;
    }

    /** Empty when the ConfigMap is missing and that is allowed. */
    Optional<Map<String, String>> configMap(String name, boolean optional) throws PodInputException {
      Map<String, String> data = configMaps.get(name);
      if (data == null) {
        Optional<ObjectNode> cm = lookup.configMap(namespace, name);
        if (cm.isEmpty()) {
          if (optional) return Optional.empty();
          throw PodInputException.config(ReferencedData.configMapNotFound(name));
        }
        data = ReferencedData.configMapStrings(cm.get());
        configMaps.put(name, data);
      }
      return Optional.of(data);
    }

    Optional<Map<String, String>> secret(String name, boolean optional) throws PodInputException {
      Map<String, String> data = secrets.get(name);
      if (data == null) {
        Optional<ObjectNode> secret = lookup.secret(namespace, name);
        if (secret.isEmpty()) {
          if (optional) return Optional.empty();
          throw PodInputException.config(ReferencedData.secretNotFound(name));
        }
        data = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : ReferencedData.secretBytes(secret.get()).entrySet()) {
          data.put(e.getKey(), ReferencedData.text(e.getValue()));
        }
        secrets.put(name, data);
      }
      return Optional.of(data);
    }
  }
}
