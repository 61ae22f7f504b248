package io.coxswain.core.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Json;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to turn a Service's existing slices into the desired ones with few writes (the endpointslice
 * reconciler's reconcileByPortMapping): endpoints stay in the slice that holds them, slices are
 * updated in place, new endpoints fill slices with room before new slices are made, emptied slices
 * go, and a Service with no endpoints keeps one empty placeholder slice.
 */
public record EndpointSlicePlan(List<Kept> kept, List<EndpointSliceContent.Group> creates, List<ObjectNode> deletes) {

  /** An existing slice that stays, with the endpoints it should hold; {@code changed} when they differ from its own. */
  public record Kept(ObjectNode slice, ArrayNode ports, List<ObjectNode> endpoints, boolean changed) {}

  /**
   * @param existing the slices this controller manages for the Service
   * @param desired  {@link EndpointSliceContent#desired}
   * @param max      at most this many endpoints per slice (maxEndpointsPerSlice)
   */
  public static EndpointSlicePlan plan(List<ObjectNode> existing, Map<String, EndpointSliceContent.Group> desired, int max) {
    List<Kept> kept = new ArrayList<>();
    List<EndpointSliceContent.Group> creates = new ArrayList<>();
    List<ObjectNode> deletes = new ArrayList<>();
    Map<String, List<ObjectNode>> existingByPorts = new LinkedHashMap<>();
    List<ObjectNode> sorted = new ArrayList<>(existing);
    sorted.sort(Comparator.comparing(Metadata::name));
    for (ObjectNode slice : sorted) {
      String key = EndpointSliceContent.portsKey(slice.path("ports"));
      if (!EndpointSliceContent.ADDRESS_TYPE.equals(slice.path("addressType").asText()) || !desired.containsKey(key)) {
        deletes.add(slice);
      } else {
        existingByPorts.computeIfAbsent(key, k -> new ArrayList<>()).add(slice);
      }
    }
    for (Map.Entry<String, EndpointSliceContent.Group> e : desired.entrySet()) {
      byPorts(existingByPorts.getOrDefault(e.getKey(), List.of()), e.getValue(), max, kept, creates, deletes);
    }
    if (kept.isEmpty() && creates.isEmpty()) {
      // No endpoints at all: one empty slice still says the Service has been looked at.
      ObjectNode placeholder = deletes.stream().filter(EndpointSlicePlan::isPlaceholder).findFirst().orElse(null);
      if (placeholder != null) {
        deletes.remove(placeholder);
        kept.add(new Kept(placeholder, Json.MAPPER.createArrayNode(), List.of(), false));
      } else {
        creates.add(new EndpointSliceContent.Group(Json.MAPPER.createArrayNode(), List.of()));
      }
    }
    return new EndpointSlicePlan(kept, creates, deletes);
  }

  private static void byPorts(List<ObjectNode> slices, EndpointSliceContent.Group group, int max,
      List<Kept> kept, List<EndpointSliceContent.Group> creates, List<ObjectNode> deletes) {
    Map<String, ObjectNode> remaining = new LinkedHashMap<>();
    for (ObjectNode e : group.endpoints()) remaining.put(EndpointSliceContent.endpointKey(e), e);
    List<ObjectNode> own = new ArrayList<>();
    List<List<ObjectNode>> contents = new ArrayList<>();
    List<Boolean> changed = new ArrayList<>();
    for (ObjectNode slice : slices) {
      List<ObjectNode> endpoints = new ArrayList<>();
      for (JsonNode e : slice.path("endpoints")) {
        ObjectNode want = endpoints.size() < max ? remaining.remove(EndpointSliceContent.endpointKey(e)) : null;
        if (want != null) endpoints.add(want);
      }
      own.add(slice);
      contents.add(endpoints);
      changed.add(!sameEndpoints(slice.path("endpoints"), endpoints));
    }
    // New endpoints go first to slices that are written anyway, then to the fullest ones with room.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < own.size(); i++) order.add(i);
    order.sort(Comparator.<Integer, Boolean>comparing(i -> !changed.get(i)).thenComparing(i -> -contents.get(i).size()));
    var pending = new ArrayList<>(remaining.values()).iterator();
    for (int i : order) {
      if (!pending.hasNext()) break;
      List<ObjectNode> endpoints = contents.get(i);
      while (endpoints.size() < max && pending.hasNext()) {
        endpoints.add(pending.next());
        changed.set(i, true);
      }
    }
    List<ObjectNode> chunk = new ArrayList<>();
    while (pending.hasNext()) {
      chunk.add(pending.next());
      if (chunk.size() == max) {
        creates.add(new EndpointSliceContent.Group(group.ports(), chunk));
        chunk = new ArrayList<>();
      }
    }
    if (!chunk.isEmpty()) creates.add(new EndpointSliceContent.Group(group.ports(), chunk));
    for (int i = 0; i < own.size(); i++) {
      if (contents.get(i).isEmpty()) deletes.add(own.get(i));
      else kept.add(new Kept(own.get(i), group.ports(), contents.get(i), changed.get(i)));
    }
  }

  private static boolean sameEndpoints(JsonNode stored, List<ObjectNode> endpoints) {
    if (stored.size() != endpoints.size()) return false;
    for (int i = 0; i < endpoints.size(); i++) {
      if (!stored.get(i).equals(endpoints.get(i))) return false;
    }
    return true;
  }

  private static boolean isPlaceholder(JsonNode slice) {
    return EndpointSliceContent.ADDRESS_TYPE.equals(slice.path("addressType").asText())
        && slice.path("endpoints").isEmpty() && slice.path("ports").isEmpty();
  }
}
