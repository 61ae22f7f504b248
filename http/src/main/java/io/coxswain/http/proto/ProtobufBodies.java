package io.coxswain.http.proto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;

/**
 * Reads request bodies sent as {@code application/vnd.kubernetes.protobuf}, as kubectl's
 * imperative commands ({@code create deployment|namespace|configmap|secret|service ...}) send them,
 * into the Kubernetes JSON form the rest of the server works on.
 *
 * <p>A body is the 4-byte prefix {@code k8s\0} followed by a {@code runtime.Unknown} envelope:
 * {@code typeMeta} names the apiVersion and kind, {@code raw} holds the object's own message.
 */
public final class ProtobufBodies {
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBodies() {}

  /**
   * The object in {@code body} as the JSON a client would have sent for it, with its kind and
   * apiVersion set.
   *
   * @throws StatusException 400 BadRequest if the body is not a well-formed Kubernetes protobuf
   *     message or names a kind this server cannot read from protobuf
   */
  public static ObjectNode decode(byte[] body) {
    if (body == null || body.length < MAGIC.length || !startsWithMagic(body)) {
      throw StatusException.badRequest("the request body is not a Kubernetes protobuf message: "
          + MEDIA_TYPE + " bodies start with the 4 bytes \"k8s\\x00\"");
    }
    try {
      return object(envelope(body));
    } catch (StatusException e) {
      throw e;
    } catch (RuntimeException e) {
      // Parsing should fail only in the ways handled below; anything else still comes from the body.
      String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
      throw StatusException.badRequest("the protobuf body cannot be read" + detail);
    }
  }

  private static ObjectNode object(Unknown envelope) {
    TypeMeta typeMeta = envelope.getTypeMeta();
    String apiVersion = typeMeta.getApiVersion();
    String kind = typeMeta.getKind();
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      throw StatusException.badRequest("the protobuf body does not name its apiVersion and kind");
    }
    if (!envelope.getContentEncoding().isEmpty()) {
      throw StatusException.badRequest("the protobuf body uses content encoding \""
          + envelope.getContentEncoding() + "\"; only unencoded objects are accepted");
    }
    Descriptor type = ProtobufKinds.message(apiVersion, kind).orElseThrow(() -> StatusException.badRequest(
        "this server cannot read kind \"" + kind + "\" of apiVersion \"" + apiVersion + "\" from "
            + MEDIA_TYPE + "; send it as application/json"));
    DynamicMessage object;
    try {
      object = DynamicMessage.newBuilder(type).mergeFrom(envelope.getRaw()).buildPartial();
    } catch (InvalidProtocolBufferException e) {
      throw StatusException.badRequest("the " + kind + " in the protobuf body is malformed: " + e.getMessage());
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("kind", kind);
    json.put("apiVersion", apiVersion);
    ProtoToJson.writeFields(object, json);
    return json;
  }

  private static Unknown envelope(byte[] body) {
    try {
      return Unknown.parser().parsePartialFrom(body, MAGIC.length, body.length - MAGIC.length);
    } catch (InvalidProtocolBufferException e) {
      throw StatusException.badRequest("the request body is not a valid Kubernetes protobuf message: " + e.getMessage());
    }
  }

  private static boolean startsWithMagic(byte[] body) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) return false;
    }
    return true;
  }
}
