package io.coxswain.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict field validation: the fields of a request body its kind's schema does not declare, each
 * reported with its full path the way kube-apiserver words it
 * ({@code unknown field "spec.containers[0].imagePullPolcy"}). Map-typed fields (labels, data,
 * resources.limits) accept any key. Values of the wrong JSON type are left to validation.
 */
public final class UnknownFields {
  private static final Set<String> ALWAYS_KNOWN_AT_TOP = Set.of("apiVersion", "kind", "metadata");

  private UnknownFields() {}

  /** The unknown fields of an object of the given kind; empty when the kind has no schema. */
  public static List<Cause> find(ObjectNode obj, ResourceType type) {
    return ModelSchemas.standard()
        .kindDefinition(type)
        .map(name -> find(obj, name, ModelSchemas.standard()))
        .orElse(List.of());
  }

  /** The unknown fields of an object read against a named definition, such as {@link ModelSchemas#SCALE}. */
  public static List<Cause> find(ObjectNode obj, String definitionName, ModelSchemas schemas) {
    Definition root = schemas.definition(definitionName).orElse(null);
    if (obj == null || root == null) {
      return List.of();
    }
    List<Cause> causes = new ArrayList<>();
    Map<String, Definition> definitions = schemas.definitions();
    Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Property p = root.properties().get(field.getKey());
      if (p != null) {
        walk(field.getValue(), p.type(), field.getKey(), definitions, causes);
      } else if (!ALWAYS_KNOWN_AT_TOP.contains(field.getKey())) {
        causes.add(Cause.unknownField(field.getKey()));
      }
    }
    return causes;
  }

  private static void walk(
      JsonNode value, SchemaType type, String path, Map<String, Definition> definitions, List<Cause> causes) {
    if (type instanceof SchemaType.Ref ref) {
      Definition d = definitions.get(ref.name());
      if (d == null || !d.hasProperties() || !value.isObject()) {
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        Property p = d.properties().get(field.getKey());
        String fieldPath = path + "." + field.getKey();
        if (p == null) {
          causes.add(Cause.unknownField(fieldPath));
        } else {
          walk(field.getValue(), p.type(), fieldPath, definitions, causes);
        }
      }
    } else if (type instanceof SchemaType.ArrayOf array) {
      if (!value.isArray() || !descends(array.items())) {
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), array.items(), path + "[" + i + "]", definitions, causes);
      }
    } else if (type instanceof SchemaType.MapOf map) {
      if (!value.isObject() || !descends(map.values())) {
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        walk(entry.getValue(), map.values(), path + "." + entry.getKey(), definitions, causes);
      }
    }
  }

  /** Whether values of this type can hold fields at all; spares building paths for scalars. */
  private static boolean descends(SchemaType type) {
    return !(type instanceof SchemaType.Primitive) && !(type instanceof SchemaType.FreeForm);
  }
}
