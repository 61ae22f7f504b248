package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.StatusException;
import io.coxswain.core.select.LabelSelector;
import java.util.HashSet;
import java.util.Set;

/**
 * A pod (anti-)affinity term: the pods its label selector picks in its namespaces, and the node
 * label whose value makes a topology domain. {@code weight} is 0 for a required term.
 */
public record AffinityTerm(LabelSelector selector, Set<String> namespaces, boolean allNamespaces, String topologyKey, int weight) {
  /** A {@code PodAffinityTerm}; with no namespaces and no namespaceSelector it means the pod's own namespace. */
  static AffinityTerm of(JsonNode term, String podNamespace, int weight) {
    LabelSelector selector;
    try {
      selector = term.path("labelSelector").isObject() ? LabelSelector.fromJson(term.path("labelSelector")) : null;
    } catch (StatusException e) {
      selector = null;
    }
    Set<String> namespaces = new HashSet<>();
    for (JsonNode ns : term.path("namespaces")) namespaces.add(ns.asText());
    // Namespace labels are not tracked here: an empty namespaceSelector ({}) means every namespace,
    // any other one is read as the listed namespaces only.
    JsonNode nsSelector = term.path("namespaceSelector");
    boolean all = nsSelector.isObject() && nsSelector.size() == 0;
    if (namespaces.isEmpty() && !nsSelector.isObject()) namespaces.add(podNamespace);
    return new AffinityTerm(selector, namespaces, all, term.path("topologyKey").asText(""), weight);
  }

  /** Whether {@code pod} is one of the pods this term selects; a term without a selector selects none. */
  public boolean matches(PodInfo pod) {
    return selector != null && (allNamespaces || namespaces.contains(pod.namespace())) && selector.matches(pod.labels());
  }
}
