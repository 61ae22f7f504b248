package io.coxswain.http.openapi;

import io.coxswain.core.schema.GroupVersionKind;
import java.util.List;
import java.util.Map;

/**
 * One REST operation as both OpenAPI forms describe it. {@code requestDefinition} and the response
 * definitions are schema names; null means an untyped object.
 */
record ApiOperation(
    String method,
    String operationId,
    String description,
    String action,
    GroupVersionKind groupVersionKind,
    String tag,
    List<ApiParameter> parameters,
    String requestDefinition,
    List<String> requestContentTypes,
    boolean requestRequired,
    Map<String, String> responses,
    List<String> responseContentTypes) {}
