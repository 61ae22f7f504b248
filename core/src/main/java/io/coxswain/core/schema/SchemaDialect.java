package io.coxswain.core.schema;

/** The two document forms Kubernetes serves its schemas in. */
public enum SchemaDialect {
  /** {@code /openapi/v3}: {@code #/components/schemas/} references, wrapped in allOf when described. */
  OPENAPI_V3("#/components/schemas/"),
  /** {@code /openapi/v2}: {@code #/definitions/} references with sibling descriptions. */
  SWAGGER_V2("#/definitions/");

  private final String refPrefix;

  SchemaDialect(String refPrefix) {
    this.refPrefix = refPrefix;
  }

  public String refPrefix() {
    return refPrefix;
  }

  public String ref(String definitionName) {
    return refPrefix + definitionName;
  }
}
