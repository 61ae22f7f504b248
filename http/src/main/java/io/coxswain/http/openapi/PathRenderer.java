package io.coxswain.http.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.schema.SchemaDialect;
import java.util.List;
import java.util.Map;

/** Writes REST operations as OpenAPI 3.0 or Swagger 2.0 path items, the way kube-apiserver does. */
final class PathRenderer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> STATUS_TEXT =
      Map.of("200", "OK", "201", "Created", "202", "Accepted", "401", "Unauthorized");

  private PathRenderer() {}

  static ObjectNode pathItem(ApiPath path, SchemaDialect dialect) {
    ObjectNode out = NODES.objectNode();
    for (ApiOperation op : path.operations()) {
      out.set(op.method(), operation(op, dialect));
    }
    parameters(out, path.parameters(), dialect);
    return out;
  }

  private static ObjectNode operation(ApiOperation op, SchemaDialect dialect) {
    boolean v3 = dialect == SchemaDialect.OPENAPI_V3;
    ObjectNode out = NODES.objectNode();
    if (!v3) {
      if (!op.requestContentTypes().isEmpty()) {
        strings(out.putArray("consumes"), op.requestContentTypes());
      }
      strings(out.putArray("produces"), op.responseContentTypes());
      out.putArray("schemes").add("https");
    }
    out.putArray("tags").add(op.tag());
    out.put("description", op.description());
    out.put("operationId", op.operationId());
    ArrayNode params = parameters(out, op.parameters(), dialect);
    if (!op.requestContentTypes().isEmpty()) {
      if (v3) {
        ObjectNode body = out.putObject("requestBody");
        ObjectNode content = body.putObject("content");
        for (String type : op.requestContentTypes()) {
          content.putObject(type).set("schema", schema(op.requestDefinition(), dialect));
        }
        if (op.requestRequired()) {
          body.put("required", true);
        }
      } else {
        // Swagger 2.0 carries the body as the first parameter.
        ObjectNode body = (params != null ? params : out.putArray("parameters")).insertObject(0);
        body.put("in", "body").put("name", "body");
        if (op.requestRequired()) {
          body.put("required", true);
        }
        body.set("schema", schema(op.requestDefinition(), dialect));
      }
    }
    ObjectNode responses = out.putObject("responses");
    for (Map.Entry<String, String> r : op.responses().entrySet()) {
      ObjectNode response = responses.putObject(r.getKey()).put("description", STATUS_TEXT.get(r.getKey()));
      if (v3) {
        ObjectNode content = response.putObject("content");
        for (String type : op.responseContentTypes()) {
          content.putObject(type).set("schema", schema(r.getValue(), dialect));
        }
      } else {
        response.set("schema", schema(r.getValue(), dialect));
      }
    }
    responses.putObject("401").put("description", STATUS_TEXT.get("401"));
    out.put("x-kubernetes-action", op.action());
    out.putObject("x-kubernetes-group-version-kind")
        .put("group", op.groupVersionKind().group())
        .put("kind", op.groupVersionKind().kind())
        .put("version", op.groupVersionKind().version());
    return out;
  }

  private static ArrayNode parameters(ObjectNode into, List<ApiParameter> params, SchemaDialect dialect) {
    if (params.isEmpty()) {
      return null;
    }
    ArrayNode out = into.putArray("parameters");
    for (ApiParameter p : params) {
      ObjectNode param = out.addObject();
      param.put("description", p.description()).put("in", p.in()).put("name", p.name());
      if (p.required()) {
        param.put("required", true);
      }
      ObjectNode type = dialect == SchemaDialect.OPENAPI_V3 ? param.putObject("schema") : param;
      type.put("type", p.type()).put("uniqueItems", true);
    }
    return out;
  }

  private static ObjectNode schema(String definition, SchemaDialect dialect) {
    ObjectNode out = NODES.objectNode();
    if (definition == null) {
      out.put("type", "object");
    } else {
      out.put("$ref", dialect.ref(definition));
    }
    return out;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
