package io.coxswain.agent.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The agent's view of the cluster's Services and EndpointSlices, which the cluster DNS and the pods'
 * Service variables read.
 *
 * <p><b>Contract for whoever feeds it</b> (a watch on the API's Services and EndpointSlices):
 * {@link #replaceServices} / {@link #replaceEndpointSlices} with the complete list after a
 * (re)list, then {@link #upsert} for each ADDED or MODIFIED object and {@link #delete} for each
 * DELETED one. Objects are Kubernetes JSON ({@code kind} Service or EndpointSlice, with
 * metadata.namespace and metadata.name) and are treated as immutable. Every method is
 * thread-safe, cheap, and never blocks on the network; listeners see the complete sets after each
 * change, in order.
 */
public final class ClusterServices implements NamespaceServices {
  private final Map<String, ObjectNode> services = new LinkedHashMap<>();
  private final Map<String, ObjectNode> slices = new LinkedHashMap<>();
  private final List<BiConsumer<Collection<ObjectNode>, Collection<ObjectNode>>> listeners = new CopyOnWriteArrayList<>();

  /** Called with (all Services, all EndpointSlices) now and after every change. */
  public synchronized void onChange(BiConsumer<Collection<ObjectNode>, Collection<ObjectNode>> listener) {
    listeners.add(listener);
    listener.accept(List.copyOf(services.values()), List.copyOf(slices.values()));
  }

  public synchronized void replaceServices(Collection<ObjectNode> all) {
    replace(services, all);
  }

  public synchronized void replaceEndpointSlices(Collection<ObjectNode> all) {
    replace(slices, all);
  }

  /** A new or changed Service or EndpointSlice; other kinds are ignored. */
  public synchronized void upsert(ObjectNode object) {
    Map<String, ObjectNode> map = mapFor(object);
    if (map == null) return;
    map.put(key(object), object);
    changed();
  }

  public synchronized void delete(ObjectNode object) {
    Map<String, ObjectNode> map = mapFor(object);
    if (map == null || map.remove(key(object)) == null) return;
    changed();
  }

  @Override
  public synchronized List<ObjectNode> services(String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode s : services.values()) {
      String ns = Metadata.namespace(s);
      if (ns.equals(namespace) || ns.equals("default") && Metadata.name(s).equals("kubernetes")) out.add(s);
    }
    return out;
  }

  private void replace(Map<String, ObjectNode> map, Collection<ObjectNode> all) {
    map.clear();
    for (ObjectNode o : all) map.put(key(o), o);
    changed();
  }

  private Map<String, ObjectNode> mapFor(ObjectNode object) {
    return switch (object.path("kind").asText("")) {
      case "Service" -> services;
      case "EndpointSlice" -> slices;
      default -> null;
    };
  }

  private void changed() {
    List<ObjectNode> s = List.copyOf(services.values());
    List<ObjectNode> e = List.copyOf(slices.values());
    for (var l : listeners) l.accept(s, e);
  }

  private static String key(ObjectNode o) {
    return Metadata.namespace(o) + "/" + Metadata.name(o);
  }
}
