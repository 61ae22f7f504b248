package io.coxswain.http.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.annotations.SerializedName;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.kubernetes.client.openapi.models.*;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the protobuf schemas against the Kubernetes 1.32 JSON models: every field reachable from a
 * decodable kind must come out under a JSON name the model knows, and the Go-struct tables must name
 * fields that exist.
 */
class ProtobufSchemaTest {
  private static final Map<String, Class<?>> MODELS = Map.ofEntries(
      Map.entry("Namespace", V1Namespace.class),
      Map.entry("Pod", V1Pod.class),
      Map.entry("Node", V1Node.class),
      Map.entry("Service", V1Service.class),
      Map.entry("Endpoints", V1Endpoints.class),
      Map.entry("ConfigMap", V1ConfigMap.class),
      Map.entry("Secret", V1Secret.class),
      Map.entry("Event", CoreV1Event.class),
      Map.entry("ServiceAccount", V1ServiceAccount.class),
      Map.entry("Binding", V1Binding.class),
      Map.entry("ReplicaSet", V1ReplicaSet.class),
      Map.entry("Deployment", V1Deployment.class),
      Map.entry("EndpointSlice", V1EndpointSlice.class),
      Map.entry("Lease", V1Lease.class),
      Map.entry("Scale", V1Scale.class),
      Map.entry("Eviction", V1Eviction.class),
      Map.entry("TokenRequest", AuthenticationV1TokenRequest.class),
      Map.entry("DeleteOptions", V1DeleteOptions.class));

  /** Messages with a JSON form of their own: their proto fields never appear in JSON. */
  private static final Set<String> VALUE_TYPES = Set.of(
      "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
      "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
      "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
      "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
      "k8s.io.apimachinery.pkg.api.resource.Quantity",
      "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
      "k8s.io.apimachinery.pkg.runtime.RawExtension");

  /**
   * Status-only fields of 1.32 the schemas do not carry: nodes report them, and this server's nodes
   * are its own, so no client sends them as protobuf.
   */
  private static final Set<String> KNOWN_GAPS = Set.of(
      "V1ContainerStatus.allocatedResourcesStatus",
      "V1ContainerStatus.user",
      "V1NodeRuntimeHandlerFeatures.userNamespaces",
      "V1NodeStatus.features");

  @Test
  void everyReachableProtobufFieldHasAKubernetesJsonName() {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Descriptor> kind : decodableKinds().entrySet()) {
      walk(kind.getValue(), MODELS.get(kind.getKey()), kind.getKey(), new HashSet<>(), unknown, new ArrayList<>());
    }
    assertEquals(List.of(), unknown, "protobuf fields with no JSON field of that name");
  }

  @Test
  void everyPointerAndInlineRuleNamesAnExistingField() {
    Map<String, Descriptor> reachable = reachableMessages();
    List<String> wrong = new ArrayList<>();
    GoFieldRules.POINTER_SCALARS.forEach((message, fields) -> fields.forEach(name -> {
      FieldDescriptor f = field(reachable, message, name);
      if (f == null || f.isRepeated() || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        wrong.add(message + "." + name);
      }
    }));
    GoFieldRules.INLINE.forEach((message, fields) -> fields.forEach(name -> {
      FieldDescriptor f = field(reachable, message, name);
      if (f == null || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        wrong.add(message + "." + name);
      }
    }));
    assertEquals(List.of(), wrong, "rules naming no scalar (pointer) or message (inline) field");
  }

  @Test
  void theOnlyJsonFieldsMissingFromTheSchemasAreTheKnownNewerOnes() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Descriptor> kind : decodableKinds().entrySet()) {
      walk(kind.getValue(), MODELS.get(kind.getKey()), kind.getKey(), new HashSet<>(), new ArrayList<>(), missing);
    }
    assertEquals(new TreeSet<>(KNOWN_GAPS), new TreeSet<>(missing));
  }

  static Map<String, Descriptor> decodableKinds() {
    Map<String, Descriptor> kinds = new HashMap<>();
    ProtobufKinds.MESSAGES.forEach((gvk, d) -> kinds.put(gvk.kind(), d));
    kinds.put("DeleteOptions", ProtobufKinds.DELETE_OPTIONS);
    return kinds;
  }

  private static FieldDescriptor field(Map<String, Descriptor> messages, String message, String name) {
    Descriptor d = messages.get(message);
    return d == null ? null : d.findFieldByName(name);
  }

  private static Map<String, Descriptor> reachableMessages() {
    Map<String, Descriptor> all = new HashMap<>();
    List<Descriptor> todo = new ArrayList<>(decodableKinds().values());
    while (!todo.isEmpty()) {
      Descriptor d = todo.remove(todo.size() - 1);
      if (all.putIfAbsent(d.getFullName(), d) != null) continue;
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) todo.add(f.getMessageType());
      }
    }
    return all;
  }

  /** Pairs a message with its JSON model; records proto fields the model lacks and the reverse. */
  private static void walk(Descriptor message, Class<?> model, String path, Set<String> seen,
      List<String> protoOnly, List<String> jsonOnly) {
    if (!seen.add(message.getFullName() + " " + model.getName())) return;
    Map<String, Field> jsonFields = jsonFields(model);
    Set<String> covered = new HashSet<>(Set.of("apiVersion", "kind"));
    walkFields(message, model, path, seen, protoOnly, jsonOnly, jsonFields, covered);
    for (String name : jsonFields.keySet()) {
      if (!covered.contains(name)) jsonOnly.add(model.getSimpleName() + "." + name);
    }
  }

  private static void walkFields(Descriptor message, Class<?> model, String path, Set<String> seen,
      List<String> protoOnly, List<String> jsonOnly, Map<String, Field> jsonFields, Set<String> covered) {
    for (FieldDescriptor f : message.getFields()) {
      if (GoFieldRules.isInline(f)) {
        walkFields(f.getMessageType(), model, path, seen, protoOnly, jsonOnly, jsonFields, covered);
        continue;
      }
      String jsonName = GoFieldRules.jsonName(f);
      Field jsonField = jsonFields.get(jsonName);
      String fieldPath = path + "." + jsonName;
      if (jsonField == null) {
        protoOnly.add(fieldPath + " (" + message.getFullName() + ")");
        continue;
      }
      covered.add(jsonName);
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) continue;
      Descriptor type = f.getMessageType();
      if (f.isMapField()) type = type.findFieldByName("value").getJavaType() == FieldDescriptor.JavaType.MESSAGE
          ? type.findFieldByName("value").getMessageType() : null;
      if (type == null || VALUE_TYPES.contains(type.getFullName())) continue;
      walk(type, elementClass(jsonField.getGenericType()), fieldPath, seen, protoOnly, jsonOnly);
    }
  }

  private static Map<String, Field> jsonFields(Class<?> model) {
    Map<String, Field> fields = new HashMap<>();
    for (Field f : model.getDeclaredFields()) {
      SerializedName name = f.getAnnotation(SerializedName.class);
      if (name != null) fields.put(name.value(), f);
    }
    assertTrue(!fields.isEmpty(), model + " has no JSON fields");
    return fields;
  }

  private static Class<?> elementClass(Type type) {
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return elementClass(args[args.length - 1]);
    }
    return (Class<?>) type;
  }
}
