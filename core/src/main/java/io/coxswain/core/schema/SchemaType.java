package io.coxswain.core.schema;

/** The type of one property in a model definition, as OpenAPI describes it. */
public sealed interface SchemaType {

  /** A JSON scalar: {@code type} is string, integer, number or boolean; {@code format} may be null. */
  record Primitive(String type, String format) implements SchemaType {}

  /** Another definition, by its Kubernetes name ({@code io.k8s.api.core.v1.PodSpec}). */
  record Ref(String name) implements SchemaType {}

  /** A JSON array of {@code items}. */
  record ArrayOf(SchemaType items) implements SchemaType {}

  /** A JSON object with arbitrary keys whose values are {@code values}. */
  record MapOf(SchemaType values) implements SchemaType {}

  /** Any JSON object; its content is not described. */
  record FreeForm() implements SchemaType {}
}
