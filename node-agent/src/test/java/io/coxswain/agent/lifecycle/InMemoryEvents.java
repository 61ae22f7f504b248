package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

final class InMemoryEvents implements EventRecorder {
  record Event(String fieldPath, String type, String reason, String message) {}

  final List<Event> recorded = new CopyOnWriteArrayList<>();

  @Override
  public void record(ObjectNode pod, String fieldPath, String type, String reason, String message) {
    recorded.add(new Event(fieldPath, type, reason, message));
  }

  List<Event> withReason(String reason) {
    return recorded.stream().filter(e -> e.reason().equals(reason)).collect(Collectors.toList());
  }

  boolean has(String reason, String message) {
    return recorded.stream().anyMatch(e -> e.reason().equals(reason) && e.message().equals(message));
  }
}
