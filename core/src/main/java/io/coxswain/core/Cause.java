package io.coxswain.core;

/** One field-level reason an object was refused: Kubernetes' StatusCause. */
public record Cause(String reason, String message, String field) {
  public static Cause required(String field) {
    return new Cause("FieldValueRequired", "Required value", field);
  }

  public static Cause invalid(String field, Object value, String detail) {
    return new Cause("FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail, field);
  }

  public static Cause notSupported(String field, Object value, java.util.Collection<String> allowed) {
    return new Cause(
        "FieldValueNotSupported",
        "Unsupported value: " + quote(value) + ": supported values: "
            + String.join(", ", allowed.stream().map(Cause::quote).toList()),
        field);
  }

  public static Cause forbidden(String field, String detail) {
    return new Cause("FieldValueForbidden", "Forbidden: " + detail, field);
  }

  public static Cause duplicate(String field, Object value) {
    return new Cause("FieldValueDuplicate", "Duplicate value: " + quote(value), field);
  }

  public static Cause unknownField(String field) {
    return new Cause("FieldValueInvalid", "unknown field \"" + field + "\"", field);
  }

  /** The human form used in Status messages: "spec.replicas: Invalid value: -1: must be ...". */
  public String describe() {
    return field == null || field.isEmpty() ? message : field + ": " + message;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
