package io.coxswain.actors.watch;

import java.util.Map;

/**
 * One object version as a watch cache keeps it: its JSON bytes, ready to send, plus the labels and
 * selectable fields that selectors test, so filtering never parses JSON.
 */
public record CachedObject(
    String key, String namespace, String name, long resourceVersion, byte[] json,
    Map<String, String> labels, Map<String, String> fields) {}
