package io.coxswain.http.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Builds protobuf request bodies the way a Kubernetes client frames them. */
final class ProtobufTestBodies {
  private ProtobufTestBodies() {}

  static JsonNode decode(String apiVersion, String kind, Message object) {
    return ProtobufBodies.decode(body(apiVersion, kind, object));
  }

  static byte[] body(String apiVersion, String kind, Message object) {
    return envelope(Unknown.newBuilder()
        .setTypeMeta(TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(object.toByteString())
        .setContentEncoding("")
        .setContentType("")
        .build());
  }

  static byte[] envelope(Unknown unknown) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown.toByteArray());
    return out.toByteArray();
  }

  static StatusException rejected(byte[] body) {
    StatusException e = assertThrows(StatusException.class, () -> ProtobufBodies.decode(body));
    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    return e;
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static Descriptor type(Descriptor message, String field) {
    return message.findFieldByName(field).getMessageType();
  }

  /** A message of {@code type} from field name / value pairs; a list value fills a repeated field. */
  static DynamicMessage dyn(Descriptor type, Object... namesAndValues) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      FieldDescriptor field = type.findFieldByName((String) namesAndValues[i]);
      if (namesAndValues[i + 1] instanceof List<?> values) {
        values.forEach(v -> builder.addRepeatedField(field, v));
      } else {
        Object value = namesAndValues[i + 1];
        builder.setField(field, field.getType() == FieldDescriptor.Type.INT64 ? ((Number) value).longValue() : value);
      }
    }
    return builder.build();
  }
}
