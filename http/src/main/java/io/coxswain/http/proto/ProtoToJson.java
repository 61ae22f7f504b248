package io.coxswain.http.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.coxswain.core.Json;
import io.coxswain.core.StatusException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a Kubernetes protobuf message as the JSON the Go API types would marshal to, by walking
 * its descriptor; nothing here knows a particular kind.
 *
 * <p>Go's protobuf encoder writes every non-pointer field even when it holds its zero value, while
 * Go's JSON encoder drops those zero values ({@code omitempty}). A zero scalar is therefore written
 * only when {@link GoFieldRules} says the Go field is a pointer, where zero was set on purpose
 * ({@code replicas: 0}). Messages are written whenever present, as Go writes non-pointer structs
 * ({@code "status": {}}). The apimachinery value types (Time, MicroTime, Quantity, IntOrString,
 * Duration, RawExtension, FieldsV1) take their JSON forms.
 */
final class ProtoToJson {
  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
  private static final ObjectReader STRICT_READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String TIME = META + "Time";
  private static final String MICRO_TIME = META + "MicroTime";
  private static final String DURATION = META + "Duration";
  private static final String FIELDS_V1 = META + "FieldsV1";
  private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
  private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
  private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private ProtoToJson() {}

  /** Adds the fields of {@code message} to {@code out}, after whatever {@code out} already holds. */
  static void writeFields(Message message, ObjectNode out) {
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isMapField()) {
        if (message.getRepeatedFieldCount(field) > 0) out.set(GoFieldRules.jsonName(field), map(message, field));
      } else if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count == 0) continue;
        ArrayNode array = out.putArray(GoFieldRules.jsonName(field));
        for (int i = 0; i < count; i++) array.add(value(field, message.getRepeatedField(field, i)));
      } else if (message.hasField(field)) {
        Object value = message.getField(field);
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          if (GoFieldRules.isInline(field)) {
            writeFields((Message) value, out);
          } else {
            JsonNode node = message((Message) value);
            if (!node.isNull()) out.set(GoFieldRules.jsonName(field), node);
          }
        } else if (!isZero(value) || GoFieldRules.isPointer(field)) {
          out.set(GoFieldRules.jsonName(field), scalar(field, value));
        }
      }
    }
  }

  private static JsonNode value(FieldDescriptor field, Object value) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? message((Message) value) : scalar(field, value);
  }

  /** Go marshals map keys in sorted order and keeps zero values. */
  private static ObjectNode map(Message message, FieldDescriptor field) {
    Descriptor entry = field.getMessageType();
    FieldDescriptor keyField = entry.findFieldByNumber(1);
    FieldDescriptor valueField = entry.findFieldByNumber(2);
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
      Message e = (Message) message.getRepeatedField(field, i);
      sorted.put(String.valueOf(e.getField(keyField)), value(valueField, e.getField(valueField)));
    }
    ObjectNode object = NODES.objectNode();
    sorted.forEach(object::set);
    return object;
  }

  /** A message's JSON; {@code null} node for an empty time or raw value, as Go marshals them. */
  private static JsonNode message(Message m) {
    Descriptor type = m.getDescriptorForType();
    return switch (type.getFullName()) {
      case TIME -> time(m, false);
      case MICRO_TIME -> time(m, true);
      case QUANTITY -> NODES.textNode(string(m, "string", "0"));
      case INT_OR_STRING -> intOrString(m);
      case DURATION -> NODES.textNode(GoDuration.format(longField(m, "duration")));
      case RAW_EXTENSION -> rawJson(m, "raw", "RawExtension");
      case FIELDS_V1 -> rawJson(m, "Raw", "FieldsV1");
      default -> {
        ObjectNode object = NODES.objectNode();
        writeFields(m, object);
        yield object;
      }
    };
  }

  private static JsonNode time(Message m, boolean micro) {
    long seconds = longField(m, "seconds");
    long nanos = longField(m, "nanos");
    if (seconds == 0 && nanos == 0) return NODES.nullNode();
    ZonedDateTime at;
    try {
      // Kubernetes reads only whole seconds from a Time; MicroTime keeps its fraction.
      at = Instant.ofEpochSecond(seconds, micro ? nanos : 0).atZone(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      throw StatusException.badRequest("timestamp " + seconds + "s is out of range");
    }
    if (at.getYear() < 0 || at.getYear() > 9999) {
      throw StatusException.badRequest("timestamp " + seconds + "s is outside the years 0 to 9999");
    }
    return NODES.textNode((micro ? RFC3339_MICRO : RFC3339).format(at));
  }

  private static JsonNode intOrString(Message m) {
    long type = longField(m, "type");
    if (type == 0) return NODES.numberNode((int) longField(m, "intVal"));
    if (type == 1) return NODES.textNode(string(m, "strVal", ""));
    throw StatusException.badRequest("an IntOrString has type " + type + "; only 0 (int) and 1 (string) exist");
  }

  /** Raw JSON carried as bytes; Kubernetes marshals an unset one as null. */
  private static JsonNode rawJson(Message m, String fieldName, String typeName) {
    FieldDescriptor field = m.getDescriptorForType().findFieldByName(fieldName);
    if (!m.hasField(field)) return NODES.nullNode();
    ByteString raw = (ByteString) m.getField(field);
    if (raw.isEmpty()) return NODES.nullNode();
    JsonNode node;
    try {
      node = STRICT_READER.readTree(raw.newInput());
    } catch (IOException e) {
      String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw StatusException.badRequest("a " + typeName + " in the protobuf body does not hold JSON: " + reason);
    }
    if (node == null || node.isMissingNode()) {
      throw StatusException.badRequest("a " + typeName + " in the protobuf body does not hold JSON");
    }
    return node;
  }

  private static String string(Message m, String fieldName, String absent) {
    FieldDescriptor field = m.getDescriptorForType().findFieldByName(fieldName);
    return m.hasField(field) ? (String) m.getField(field) : absent;
  }

  private static long longField(Message m, String fieldName) {
    return ((Number) m.getField(m.getDescriptorForType().findFieldByName(fieldName))).longValue();
  }

  private static boolean isZero(Object value) {
    if (value instanceof String s) return s.isEmpty();
    if (value instanceof Boolean b) return !b;
    if (value instanceof Integer i) return i == 0;
    if (value instanceof Long l) return l == 0;
    if (value instanceof ByteString b) return b.isEmpty();
    if (value instanceof Float f) return f == 0;
    if (value instanceof Double d) return d == 0;
    return false;
  }

  private static JsonNode scalar(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case STRING -> NODES.textNode((String) value);
      case BOOL -> NODES.booleanNode((Boolean) value);
      case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) value);
      case INT64, SINT64, SFIXED64 -> integer((Long) value);
      case UINT32, FIXED32 -> integer(Integer.toUnsignedLong((Integer) value));
      case UINT64, FIXED64 -> (Long) value >= 0
          ? integer((Long) value)
          : NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) value)));
      case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case FLOAT, DOUBLE -> finite(field, ((Number) value).doubleValue());
      case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
      case MESSAGE, GROUP -> throw new IllegalArgumentException(field.getFullName() + " is not a scalar");
    };
  }

  /** The node Jackson itself would parse this number into, so decoded and posted JSON compare equal. */
  private static JsonNode integer(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  private static JsonNode finite(FieldDescriptor field, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw StatusException.badRequest(field.getName() + " is " + d + ", which JSON cannot carry");
    }
    return NODES.numberNode(d);
  }
}
