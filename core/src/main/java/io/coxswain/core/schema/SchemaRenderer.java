package io.coxswain.core.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes definitions as the JSON schemas of an OpenAPI v3 or Swagger 2.0 document. */
final class SchemaRenderer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SchemaRenderer() {}

  static ObjectNode definition(Definition d, SchemaDialect dialect) {
    ObjectNode out = NODES.objectNode();
    if (!d.description().isEmpty()) {
      out.put("description", d.description());
    }
    if (d.format() != null) {
      out.put("format", d.format());
    }
    if (dialect == SchemaDialect.OPENAPI_V3 && !d.oneOfTypes().isEmpty()) {
      ArrayNode oneOf = out.putArray("oneOf");
      d.oneOfTypes().forEach(t -> oneOf.addObject().put("type", t));
    } else {
      out.put("type", d.type());
    }
    if (d.hasProperties()) {
      ObjectNode props = out.putObject("properties");
      d.properties().values().forEach(p -> props.set(p.name(), property(p, dialect)));
    }
    if (!d.required().isEmpty()) {
      ArrayNode required = out.putArray("required");
      d.required().forEach(required::add);
    }
    if (!d.groupVersionKinds().isEmpty()) {
      ArrayNode gvks = out.putArray("x-kubernetes-group-version-kind");
      for (GroupVersionKind gvk : d.groupVersionKinds()) {
        gvks.addObject().put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
      }
    }
    return out;
  }

  private static ObjectNode property(Property p, SchemaDialect dialect) {
    boolean extended = p.patchMergeKey() != null || p.patchStrategy() != null;
    ObjectNode out = type(p.type(), p.description(), extended, dialect);
    if (p.patchMergeKey() != null) {
      out.put("x-kubernetes-patch-merge-key", p.patchMergeKey());
    }
    if (p.patchStrategy() != null) {
      out.put("x-kubernetes-patch-strategy", p.patchStrategy());
    }
    return out;
  }

  /**
   * A reference with siblings (a description, patch directives) is wrapped in allOf in v3, where
   * siblings of $ref are ignored, as kube-apiserver does.
   */
  private static ObjectNode type(SchemaType type, String description, boolean extended, SchemaDialect dialect) {
    ObjectNode out = NODES.objectNode();
    boolean described = description != null && !description.isEmpty();
    if (type instanceof SchemaType.Ref ref) {
      if ((described || extended) && dialect == SchemaDialect.OPENAPI_V3) {
        out.putArray("allOf").addObject().put("$ref", dialect.ref(ref.name()));
      } else {
        out.put("$ref", dialect.ref(ref.name()));
      }
      if (described) {
        out.put("description", description);
      }
      return out;
    }
    if (described) {
      out.put("description", description);
    }
    if (type instanceof SchemaType.Primitive prim) {
      if (prim.format() != null) {
        out.put("format", prim.format());
      }
      out.put("type", prim.type());
    } else if (type instanceof SchemaType.ArrayOf array) {
      out.set("items", type(array.items(), null, false, dialect));
      out.put("type", "array");
    } else if (type instanceof SchemaType.MapOf map) {
      out.set("additionalProperties", type(map.values(), null, false, dialect));
      out.put("type", "object");
    } else {
      out.put("type", "object");
    }
    return out;
  }
}
