package io.coxswain.core.schema;

/** What {@code x-kubernetes-group-version-kind} names; the group is "" for core. */
public record GroupVersionKind(String group, String version, String kind) {}
