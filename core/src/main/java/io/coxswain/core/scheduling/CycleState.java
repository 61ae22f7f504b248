package io.coxswain.core.scheduling;

import java.util.HashMap;
import java.util.Map;

/** What plugins compute once per scheduling attempt and read for every node of it. */
public final class CycleState {
  private final Map<String, Object> data = new HashMap<>(4);

  void put(String plugin, Object value) {
    data.put(plugin, value);
  }

  @SuppressWarnings("unchecked")
  <T> T get(String plugin) {
    return (T) data.get(plugin);
  }
}
