package io.coxswain.core.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.core.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler needs of a pod, read once from its JSON: its resource requests, node
 * selection, tolerations, host ports, pod (anti-)affinity and spread constraints.
 */
public final class PodInfo {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";

  /** A host port a container asks for; ip 0.0.0.0 (or empty) means every address of the node. */
  public record HostPort(String protocol, String ip, int port) {
    boolean conflicts(HostPort other) {
      if (port != other.port || !protocol.equals(other.protocol)) return false;
      return ip.equals(other.ip) || isAny(ip) || isAny(other.ip);
    }

    private static boolean isAny(String ip) {
      return ip.isEmpty() || ip.equals("0.0.0.0");
    }
  }

  /** A preferred node affinity term with its weight. */
  record PreferredTerm(NodeSelectorTerms.Term term, int weight) {}

  private final String namespace;
  private final String name;
  private final String uid;
  private final String nodeName;
  private final String schedulerName;
  private final boolean terminating;
  private final Map<String, String> labels;
  private final Resources requests;
  private final long nonZeroMilliCpu;
  private final long nonZeroMemory;
  private final Map<String, String> nodeSelector;
  private final NodeSelectorTerms requiredNodeAffinity;
  private final List<PreferredTerm> preferredNodeAffinity;
  private final List<Toleration> tolerations;
  private final List<HostPort> hostPorts;
  private final List<AffinityTerm> requiredAffinity;
  private final List<AffinityTerm> requiredAntiAffinity;
  private final List<AffinityTerm> preferredAffinity;
  private final List<AffinityTerm> preferredAntiAffinity;
  private final List<SpreadConstraint> spreadConstraints;

  private PodInfo(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    namespace = Metadata.namespace(pod) == null ? "" : Metadata.namespace(pod);
    name = Metadata.name(pod);
    uid = Metadata.uid(pod);
    nodeName = spec.path("nodeName").asText("");
    schedulerName = spec.path("schedulerName").asText(DEFAULT_SCHEDULER);
    terminating = Metadata.deletionTimestamp(pod) != null;
    labels = Metadata.labels(pod);
    requests = new Resources();
    requests.pods = 1;
    long[] nonZero = new long[2];
    Resources init = new Resources();
    hostPorts = new ArrayList<>(0);
    for (JsonNode c : spec.path("containers")) {
      JsonNode req = c.path("resources").path("requests");
      Resources container = Resources.of(req);
      requests.add(container);
      nonZero[0] += req.has(Resources.CPU) ? container.milliCpu() : Resources.DEFAULT_MILLI_CPU;
      nonZero[1] += req.has(Resources.MEMORY) ? container.memory() : Resources.DEFAULT_MEMORY;
      for (JsonNode p : c.path("ports")) {
        int hp = p.path("hostPort").asInt(0);
        if (hp > 0) hostPorts.add(new HostPort(p.path("protocol").asText("TCP"), p.path("hostIP").asText(""), hp));
      }
    }
    for (JsonNode c : spec.path("initContainers")) {
      Resources r = Resources.of(c.path("resources").path("requests"));
      init.max(r);
    }
    requests.max(init);
    if (spec.path("overhead").isObject()) requests.addList(spec.path("overhead"));
    nonZeroMilliCpu = Math.max(nonZero[0], init.milliCpu());
    nonZeroMemory = Math.max(nonZero[1], init.memory());
    nodeSelector = Metadata.stringMap(spec.path("nodeSelector"));
    JsonNode nodeAffinity = spec.path("affinity").path("nodeAffinity");
    JsonNode required = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution");
    requiredNodeAffinity = required.isObject() ? NodeSelectorTerms.of(required.path("nodeSelectorTerms")) : null;
    preferredNodeAffinity = new ArrayList<>(0);
    for (JsonNode p : nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
      preferredNodeAffinity.add(new PreferredTerm(NodeSelectorTerms.term(p.path("preference")), p.path("weight").asInt(0)));
    }
    tolerations = new ArrayList<>(0);
    for (JsonNode t : spec.path("tolerations")) tolerations.add(Toleration.of(t));
    JsonNode affinity = spec.path("affinity").path("podAffinity");
    JsonNode anti = spec.path("affinity").path("podAntiAffinity");
    requiredAffinity = required(affinity);
    requiredAntiAffinity = required(anti);
    preferredAffinity = preferred(affinity);
    preferredAntiAffinity = preferred(anti);
    spreadConstraints = new ArrayList<>(0);
    for (JsonNode c : spec.path("topologySpreadConstraints")) spreadConstraints.add(SpreadConstraint.of(c));
  }

  public static PodInfo of(JsonNode pod) {
    return new PodInfo(pod);
  }

  private List<AffinityTerm> required(JsonNode affinity) {
    List<AffinityTerm> out = new ArrayList<>(0);
    for (JsonNode t : affinity.path("requiredDuringSchedulingIgnoredDuringExecution")) out.add(AffinityTerm.of(t, namespace, 0));
    return out;
  }

  private List<AffinityTerm> preferred(JsonNode affinity) {
    List<AffinityTerm> out = new ArrayList<>(0);
    for (JsonNode t : affinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
      out.add(AffinityTerm.of(t.path("podAffinityTerm"), namespace, t.path("weight").asInt(0)));
    }
    return out;
  }

  /** "namespace/name", the pod's key in the informers. */
  public String key() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public String uid() {
    return uid;
  }

  public String nodeName() {
    return nodeName;
  }

  public boolean bound() {
    return !nodeName.isEmpty();
  }

  public String schedulerName() {
    return schedulerName;
  }

  public boolean terminating() {
    return terminating;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Resources requests() {
    return requests;
  }

  long nonZeroMilliCpu() {
    return nonZeroMilliCpu;
  }

  long nonZeroMemory() {
    return nonZeroMemory;
  }

  Map<String, String> nodeSelector() {
    return nodeSelector;
  }

  NodeSelectorTerms requiredNodeAffinity() {
    return requiredNodeAffinity;
  }

  List<PreferredTerm> preferredNodeAffinity() {
    return preferredNodeAffinity;
  }

  public List<Toleration> tolerations() {
    return tolerations;
  }

  List<HostPort> hostPorts() {
    return hostPorts;
  }

  List<AffinityTerm> requiredAffinity() {
    return requiredAffinity;
  }

  List<AffinityTerm> requiredAntiAffinity() {
    return requiredAntiAffinity;
  }

  List<AffinityTerm> preferredAffinity() {
    return preferredAffinity;
  }

  List<AffinityTerm> preferredAntiAffinity() {
    return preferredAntiAffinity;
  }

  List<SpreadConstraint> spreadConstraints() {
    return spreadConstraints;
  }

  boolean hasPodAffinity() {
    return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty()
        || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
  }

  @Override
  public String toString() {
    return key();
  }
}
