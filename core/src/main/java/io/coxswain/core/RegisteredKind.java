package io.coxswain.core;

/** A served kind: its API description, its rules and its table columns. */
public record RegisteredKind(ResourceType type, KindStrategy strategy, TablePrinter printer) {}
