package io.coxswain.actors.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.core.Metadata;
import io.coxswain.core.controller.EndpointPods;
import io.coxswain.core.controller.ServiceSelectors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which pods a Service selects and which Services a pod change concerns, for the endpoint controllers. */
final class ServicePods {
  private ServicePods() {}

  /** The pods in the Service's namespace its selector matches. */
  static List<ObjectNode> podsOf(Informer pods, JsonNode service) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode pod : pods.list(Metadata.namespace(service))) {
      if (ServiceSelectors.selects(service, Metadata.labels(pod))) out.add(pod);
    }
    return out;
  }

  /**
   * The keys of the Services in the pod's namespace that select its old or its new labels (a
   * relabelled pod must leave the old Service's endpoints); none when nothing endpoints show changed.
   */
  static Collection<String> servicesOf(Informer services, Informer.Event podEvent) {
    ObjectNode previous = podEvent.previous();
    ObjectNode current = podEvent.current();
    if (previous != null && current != null && EndpointPods.view(previous).equals(EndpointPods.view(current))) {
      return List.of();
    }
    Set<String> keys = new LinkedHashSet<>();
    for (ObjectNode version : new ObjectNode[] {previous, current}) {
      if (version == null) continue;
      String ns = Metadata.namespace(version);
      var labels = Metadata.labels(version);
      for (ObjectNode svc : services.list(ns)) {
        if (ServiceSelectors.selects(svc, labels)) keys.add(ns + "/" + Metadata.name(svc));
      }
    }
    return keys;
  }
}
