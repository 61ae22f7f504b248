package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's view of the cluster: every node with the pods bound to it, plus the pods it has
 * assumed onto nodes but whose bindings are not yet observed, so that the next pod is placed as if
 * those bindings had landed. Single-threaded: its owner (the scheduler actor) alone calls it.
 */
public final class SchedulerCache {
  private final Map<String, NodeInfo> nodes = new HashMap<>();
  /** Nodes with a Node object, in a stable order that the search for feasible nodes walks round. */
  private final List<NodeInfo> schedulable = new ArrayList<>();
  /** Where each known pod is counted, by uid. */
  private final Map<String, NodeInfo> podNodes = new HashMap<>();
  private final Map<String, PodInfo> assumed = new HashMap<>();
  /** Pods anywhere with pod (anti-)affinity terms: while there are none, inter-pod affinity has nothing to do. */
  private int podsWithAffinity;

  public void setNode(JsonNode node) {
    NodeInfo info = nodes.computeIfAbsent(Metadata.name(node), NodeInfo::new);
    if (!info.hasNode()) schedulable.add(info);
    info.setNode(node);
  }

  public void removeNode(String name) {
    NodeInfo info = nodes.get(name);
    if (info == null || !info.hasNode()) return;
    info.clearNode();
    schedulable.remove(info);
    if (info.podCount() == 0) nodes.remove(name);
  }

  /** Counts a bound pod on its node (confirming an assumption); moves it if it is now elsewhere. */
  public void addBoundPod(PodInfo pod) {
    assumed.remove(pod.uid());
    NodeInfo current = podNodes.get(pod.uid());
    if (current != null) unplace(current, pod.uid());
    place(nodes.computeIfAbsent(pod.nodeName(), NodeInfo::new), pod);
  }

  /** A pod deleted, finished or no longer bound: its resources are free again. */
  public void removePod(String uid) {
    assumed.remove(uid);
    NodeInfo node = podNodes.get(uid);
    if (node != null) unplace(node, uid);
  }

  /** Counts a pod on {@code nodeName} before its binding is observed. */
  public void assume(PodInfo pod, String nodeName) {
    NodeInfo node = nodes.get(nodeName);
    if (node == null) return;
    NodeInfo current = podNodes.get(pod.uid());
    if (current != null) unplace(current, pod.uid());
    place(node, pod);
    assumed.put(pod.uid(), pod);
  }

  /** A binding that failed: the assumed pod no longer counts anywhere. */
  public void forget(String uid) {
    if (assumed.remove(uid) != null) removePod(uid);
  }

  public boolean isAssumed(String uid) {
    return assumed.containsKey(uid);
  }

  /** Whether the cache counts this pod on a node (bound or assumed). */
  public boolean isPlaced(String uid) {
    return podNodes.containsKey(uid);
  }

  private void place(NodeInfo node, PodInfo pod) {
    node.addPod(pod);
    podNodes.put(pod.uid(), node);
    if (pod.hasPodAffinity()) podsWithAffinity++;
  }

  private void unplace(NodeInfo node, String uid) {
    PodInfo pod = node.pods.get(uid);
    if (pod != null && pod.hasPodAffinity()) podsWithAffinity--;
    node.removePod(uid);
    podNodes.remove(uid);
    if (!node.hasNode() && node.podCount() == 0) nodes.remove(node.name());
  }

  /** Pods placed anywhere that carry pod affinity or anti-affinity terms. */
  int podsWithAffinity() {
    return podsWithAffinity;
  }

  public NodeInfo node(String name) {
    NodeInfo info = nodes.get(name);
    return info != null && info.hasNode() ? info : null;
  }

  /** The nodes pods can be placed on, in a stable order. */
  public List<NodeInfo> nodes() {
    return schedulable;
  }

  public int nodeCount() {
    return schedulable.size();
  }

  public int assumedCount() {
    return assumed.size();
  }
}
