package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as the scheduler sees it: its labels, allocatable resources, taints and cordon from the
 * Node object, plus the totals of the pods bound or assumed to it. Kept current by the scheduler
 * cache; read by the plugins.
 */
public final class NodeInfo {
  private final String name;
  private Map<String, String> labels = Map.of();
  private Map<String, String> fields;
  private Resources allocatable = new Resources();
  private List<Taint> taints = List.of();
  private boolean unschedulable;
  private boolean hasNode;
  final Resources requested = new Resources();
  long nonZeroMilliCpu;
  long nonZeroMemory;
  final Map<String, PodInfo> pods = new HashMap<>();
  final List<PodInfo.HostPort> usedPorts = new ArrayList<>(0);
  /** Pods here with any pod affinity or anti-affinity term (what inter-pod affinity must look at). */
  int podsWithAffinity;
  int podsWithRequiredAntiAffinity;

  NodeInfo(String name) {
    this.name = name;
    this.fields = Map.of("metadata.name", name);
  }

  /** A node built from its object alone, with no pods (for tests and one-off checks). */
  public static NodeInfo of(JsonNode node) {
    NodeInfo info = new NodeInfo(Metadata.name(node));
    info.setNode(node);
    return info;
  }

  void setNode(JsonNode node) {
    labels = Metadata.labels(node);
    allocatable = Resources.of(node.path("status").path("allocatable").isObject()
        ? node.path("status").path("allocatable") : node.path("status").path("capacity"));
    taints = Taint.of(node.path("spec").path("taints"));
    unschedulable = node.path("spec").path("unschedulable").asBoolean(false);
    hasNode = true;
  }

  void clearNode() {
    hasNode = false;
  }

  /** Whether the Node object exists (pods may name a node that is gone or not yet seen). */
  boolean hasNode() {
    return hasNode;
  }

  void addPod(PodInfo pod) {
    if (pods.put(pod.uid(), pod) != null) return;
    requested.add(pod.requests());
    nonZeroMilliCpu += pod.nonZeroMilliCpu();
    nonZeroMemory += pod.nonZeroMemory();
    usedPorts.addAll(pod.hostPorts());
    if (pod.hasPodAffinity()) podsWithAffinity++;
    if (!pod.requiredAntiAffinity().isEmpty()) podsWithRequiredAntiAffinity++;
  }

  void removePod(String uid) {
    PodInfo pod = pods.remove(uid);
    if (pod == null) return;
    requested.subtract(pod.requests());
    nonZeroMilliCpu -= pod.nonZeroMilliCpu();
    nonZeroMemory -= pod.nonZeroMemory();
    for (PodInfo.HostPort p : pod.hostPorts()) usedPorts.remove(p);
    if (pod.hasPodAffinity()) podsWithAffinity--;
    if (!pod.requiredAntiAffinity().isEmpty()) podsWithRequiredAntiAffinity--;
  }

  public String name() {
    return name;
  }

  public Map<String, String> labels() {
    return labels;
  }

  Map<String, String> fields() {
    return fields;
  }

  public Resources allocatable() {
    return allocatable;
  }

  public Resources requested() {
    return requested;
  }

  public List<Taint> taints() {
    return taints;
  }

  public boolean unschedulable() {
    return unschedulable;
  }

  public int podCount() {
    return pods.size();
  }

  Iterable<PodInfo> pods() {
    return pods.values();
  }

  @Override
  public String toString() {
    return name;
  }
}
