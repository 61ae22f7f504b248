package io.coxswain.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Cause;
import io.coxswain.core.Json;
import io.coxswain.core.ResourceType;
import io.coxswain.core.StatusException;
import io.coxswain.core.schema.UnknownFields;
import io.coxswain.http.proto.ProtobufBodies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns request bodies into Kubernetes JSON: JSON, YAML or Kubernetes protobuf by Content-Type,
 * and checks that the object fits the URL it was sent to. Every failure is a 4xx Status.
 */
public final class RequestBodies {
  // Trailing data after the object is an error, as in Go's json.Unmarshal; YAML may hold more
  // documents after the first, which Kubernetes ignores too.
  private static final ObjectReader STRICT_JSON = Json.MAPPER.reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectReader STRICT_YAML =
      Json.YAML.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RequestBodies() {}

  /** Parses a body by its media type; JSON when none is given (kubectl sends none for PUT /scale). */
  public static JsonNode parse(byte[] body, String contentType) {
    String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    if (body.length == 0) throw StatusException.badRequest("the request body is empty: send a Kubernetes object");
    if (media.equals("application/vnd.kubernetes.protobuf")) return ProtobufBodies.decode(body);
    boolean yaml = media.equals("application/yaml") || media.equals("application/apply-patch+yaml")
        || media.equals("text/yaml") || media.equals("application/x-yaml");
    boolean json = media.isEmpty() || media.equals("application/json") || media.endsWith("+json")
        || media.equals("application/octet-stream") || media.equals("text/plain");
    if (!yaml && !json) throw StatusException.unsupportedMediaType(media);
    try {
      JsonNode node = (yaml ? STRICT_YAML : STRICT_JSON).readTree(body);
      if (node == null || node.isMissingNode()) {
        throw StatusException.badRequest("the request body is empty: send a Kubernetes object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw StatusException.badRequest((yaml ? "error parsing YAML: " : "error decoding JSON: ")
          + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw StatusException.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /**
   * Checks a body sent to create or replace an object of {@code type}: an object, of the URL's kind,
   * in the URL's namespace. Fills apiVersion, kind and namespace where the client left them out.
   */
  public static ObjectNode forKind(JsonNode body, ResourceType type, String namespace) {
    if (!(body instanceof ObjectNode obj)) {
      throw StatusException.badRequest("the request body must be a JSON object (a " + type.kind() + "), got "
          + body.getNodeType().toString().toLowerCase());
    }
    JsonNode apiVersion = obj.get("apiVersion");
    JsonNode kind = obj.get("kind");
    if (apiVersion != null && !apiVersion.isNull() && !apiVersion.asText().equals(type.apiVersion())) {
      throw StatusException.badRequest("the API version in the data (" + apiVersion.asText()
          + ") does not match the expected API version (" + type.apiVersion() + ")");
    }
    if (kind != null && !kind.isNull() && !kind.asText().equals(type.kind())) {
      throw StatusException.badRequest("the kind in the data (" + kind.asText() + ") does not match the expected kind ("
          + type.kind() + ") for " + type.qualifiedResource());
    }
    JsonNode meta = obj.get("metadata");
    if (meta != null && !meta.isNull() && !meta.isObject()) {
      throw StatusException.badRequest("metadata must be an object, got " + meta.getNodeType().toString().toLowerCase());
    }
    ObjectNode m = meta instanceof ObjectNode o ? o : obj.putObject("metadata");
    JsonNode bodyNs = m.get("namespace");
    if (type.namespaced()) {
      if (bodyNs != null && !bodyNs.isNull() && !bodyNs.asText().isEmpty() && namespace != null
          && !bodyNs.asText().equals(namespace)) {
        throw StatusException.badRequest("the namespace of the provided object (" + bodyNs.asText()
            + ") does not match the namespace sent on the request (" + namespace + ")");
      }
      if (namespace != null) m.put("namespace", namespace);
    } else {
      m.remove("namespace");
    }
    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
    return obj;
  }

  /**
   * Unknown fields in a body, as strict field validation reports them. Patch directives ($patch,
   * $setElementOrder/…) are not fields and are skipped.
   */
  public static List<Cause> unknownFields(JsonNode body, ResourceType type) {
    if (!(body instanceof ObjectNode obj)) return List.of();
    return UnknownFields.find(withoutDirectives(obj), type);
  }

  /** Applies the request's fieldValidation: Strict fails, Warn (the default) returns warnings. */
  public static List<String> checkFields(JsonNode body, ResourceType type, String fieldValidation) {
    String mode = fieldValidation == null || fieldValidation.isEmpty() ? "Warn" : fieldValidation;
    if (mode.equals("Ignore")) return List.of();
    if (!mode.equals("Strict") && !mode.equals("Warn")) {
      throw StatusException.badRequest("fieldValidation must be one of Ignore, Warn or Strict; got \"" + mode + "\"");
    }
    List<Cause> unknown = unknownFields(body, type);
    if (unknown.isEmpty()) return List.of();
    List<String> messages = new ArrayList<>();
    for (Cause c : unknown) messages.add("unknown field \"" + c.field() + "\"");
    if (mode.equals("Strict")) {
      throw StatusException.badRequest("strict decoding error: " + String.join(", ", messages));
    }
    return messages;
  }

  private static ObjectNode withoutDirectives(ObjectNode obj) {
    ObjectNode copy = obj.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("$")) continue;
      copy.set(e.getKey(), stripDirectives(e.getValue()));
    }
    return copy;
  }

  private static JsonNode stripDirectives(JsonNode node) {
    if (node instanceof ObjectNode o) return withoutDirectives(o);
    if (node.isArray()) {
      var arr = Json.MAPPER.createArrayNode();
      node.forEach(n -> arr.add(stripDirectives(n)));
      return arr;
    }
    return node;
  }
}
