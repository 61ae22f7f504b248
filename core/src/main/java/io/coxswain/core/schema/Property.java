package io.coxswain.core.schema;

/**
 * One field of a model definition. {@code patchStrategy} and {@code patchMergeKey} are the
 * strategic-merge-patch directives clients read from {@code x-kubernetes-patch-*}; null when the
 * field has none.
 */
public record Property(
    String name,
    SchemaType type,
    String description,
    boolean required,
    String patchStrategy,
    String patchMergeKey) {}
