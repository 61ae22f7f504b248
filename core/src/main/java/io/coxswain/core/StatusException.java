package io.coxswain.core;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An error a client caused or must handle, carried to the HTTP layer and rendered as a Kubernetes
 * {@code Status}. Immutable; safe to send between actors, and across the cluster as JSON (a node
 * agent's write refused by an entity on another member arrives as this same exception).
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class StatusException extends RuntimeException {
  private final int code;
  private final String reason;
  private final String name;
  private final String group;
  private final String kind;
  private final List<Cause> causes;

  @JsonCreator
  public StatusException(
      @JsonProperty("code") int code,
      @JsonProperty("reason") String reason,
      @JsonProperty("message") String message,
      @JsonProperty("name") String name,
      @JsonProperty("group") String group,
      @JsonProperty("kind") String kind,
      @JsonProperty("causes") List<Cause> causes) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = causes == null ? List.of() : List.copyOf(causes);
  }

  public static StatusException of(int code, String reason, String message) {
    return new StatusException(code, reason, message, null, null, null, List.of());
  }

  public static StatusException badRequest(String message) {
    return of(400, "BadRequest", message);
  }

  public static StatusException notFound(ResourceType type, String name) {
    return new StatusException(
        404, "NotFound", type.qualifiedResource() + " \"" + name + "\" not found",
        name, type.group(), type.plural(), List.of());
  }

  public static StatusException namespaceNotFound(String namespace) {
    return new StatusException(
        404, "NotFound", "namespaces \"" + namespace + "\" not found", namespace, "", "namespaces", List.of());
  }

  public static StatusException alreadyExists(ResourceType type, String name) {
    return new StatusException(
        409, "AlreadyExists", type.qualifiedResource() + " \"" + name + "\" already exists",
        name, type.group(), type.plural(), List.of());
  }

  public static StatusException conflict(ResourceType type, String name, String detail) {
    return new StatusException(
        409, "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedResource() + " \"" + name + "\": " + detail,
        name, type.group(), type.plural(), List.of());
  }

  /** 409 for a stale resourceVersion, worded as Kubernetes words it. */
  public static StatusException staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 403 as Kubernetes' admission words it: {@code pods "x" is forbidden: <detail>}. */
  public static StatusException forbidden(ResourceType type, String name, String detail, List<Cause> causes) {
    return new StatusException(
        403, "Forbidden", type.qualifiedResource() + " \"" + name + "\" is forbidden: " + detail,
        name, type.group(), type.plural(), causes);
  }

  public static StatusException invalid(ResourceType type, String name, List<Cause> causes) {
    String detail = String.join(", ", causes.stream().map(Cause::describe).toList());
    return new StatusException(
        422, "Invalid",
        type.kind() + " \"" + (name == null ? "" : name) + "\" is invalid: " + detail,
        name, type.group(), type.kind(), causes);
  }

  public static StatusException methodNotAllowed(String message) {
    return of(405, "MethodNotAllowed", message);
  }

  public static StatusException unsupportedMediaType(String contentType) {
    return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
        + "application/json, application/yaml, application/vnd.kubernetes.protobuf (got \"" + contentType + "\")");
  }

  public static StatusException expired(String message) {
    return of(410, "Expired", message);
  }

  public static StatusException tooLarge(long limit) {
    return of(413, "RequestEntityTooLarge", "the request body is too large: the limit is " + limit + " bytes");
  }

  public static StatusException serviceUnavailable(String message) {
    return of(503, "ServiceUnavailable", message);
  }

  public static StatusException timeout(String message) {
    return of(504, "Timeout", message);
  }

  @JsonProperty("code")
  public int code() {
    return code;
  }

  @JsonProperty("reason")
  public String reason() {
    return reason;
  }

  @JsonProperty("name")
  public String name() {
    return name;
  }

  @JsonProperty("group")
  public String group() {
    return group;
  }

  @JsonProperty("kind")
  public String kind() {
    return kind;
  }

  @JsonProperty("causes")
  public List<Cause> causes() {
    return causes;
  }

  @JsonProperty("message")
  private String message() {
    return getMessage();
  }

  /** The {@code metav1.Status} body. */
  public ObjectNode toStatus() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason);
    if (name != null || kind != null || !causes.isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (name != null) details.put("name", name);
      if (group != null && !group.isEmpty()) details.put("group", group);
      if (kind != null) details.put("kind", kind);
      if (!causes.isEmpty()) {
        ArrayNode arr = details.putArray("causes");
        for (Cause c : causes) {
          ObjectNode cn = arr.addObject();
          cn.put("reason", c.reason());
          cn.put("message", c.message());
          if (c.field() != null) cn.put("field", c.field());
        }
      }
    }
    status.put("code", code);
    return status;
  }
}
