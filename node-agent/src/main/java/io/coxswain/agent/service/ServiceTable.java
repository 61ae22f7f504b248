package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every Service in the cluster and its EndpointSlices, as one agent
 * process knows them. Slices whose Service is not (yet) known are kept too, so a Service that
 * arrives after its slices has them at once.
 */
public final class ServiceTable {
  public static final ServiceTable EMPTY = of(Map.of(), Map.of());
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final Map<String, ServiceEntry> services;

  private ServiceTable(Map<String, ServiceEntry> services) {
    this.services = services;
  }

  /**
   * From Services and EndpointSlices keyed "namespace/name"; a slice belongs to the Service of its
   * namespace named by its {@code kubernetes.io/service-name} label.
   */
  public static ServiceTable of(Map<String, ObjectNode> services, Map<String, ObjectNode> endpointSlices) {
    Map<String, List<ObjectNode>> slicesByService = new TreeMap<>();
    for (Map.Entry<String, ObjectNode> e : new TreeMap<>(endpointSlices).entrySet()) {
      ObjectNode slice = e.getValue();
      String service = slice.path("metadata").path("labels").path(SERVICE_NAME_LABEL).asText("");
      if (service.isEmpty()) continue;
      String key = slice.path("metadata").path("namespace").asText("") + "/" + service;
      slicesByService.computeIfAbsent(key, k -> new ArrayList<>()).add(slice);
    }
    Map<String, ServiceEntry> entries = new TreeMap<>();
    services.forEach((key, svc) -> entries.put(key, new ServiceEntry(svc, slicesByService.getOrDefault(key, List.of()))));
    return new ServiceTable(Collections.unmodifiableMap(entries));
  }

  /** Every Service, in key order. */
  public Collection<ServiceEntry> services() {
    return services.values();
  }

  public Optional<ServiceEntry> get(String namespace, String name) {
    return Optional.ofNullable(services.get(namespace + "/" + name));
  }

  public int size() {
    return services.size();
  }
}
