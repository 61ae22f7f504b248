package io.coxswain.agent.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** What the worker asked of its runtime and store, in the order it asked. */
final class Journal {
  private final List<String> entries = new CopyOnWriteArrayList<>();

  void add(String entry) {
    entries.add(entry);
  }

  List<String> entries() {
    return List.copyOf(entries);
  }

  List<String> startingWith(String prefix) {
    return entries.stream().filter(e -> e.startsWith(prefix)).collect(Collectors.toList());
  }

  int indexOf(String prefix) {
    List<String> all = entries();
    for (int i = 0; i < all.size(); i++) if (all.get(i).startsWith(prefix)) return i;
    return -1;
  }

  boolean has(String prefix) {
    return indexOf(prefix) >= 0;
  }

  @Override
  public String toString() {
    return String.join("\n", entries);
  }
}
