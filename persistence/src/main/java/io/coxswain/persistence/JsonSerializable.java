package io.coxswain.persistence;

/** Marker for messages, events and snapshots serialized as JSON by Jackson (see serialization config). */
public interface JsonSerializable {}
