package io.coxswain.agent.node;

import io.coxswain.core.kinds.IpAddress;
import io.coxswain.core.kinds.ValueFormats;
import java.util.List;
import java.util.Map;

/**
 * How the agent is told to present its Node: the counterpart of kubelet's registration flags.
 *
 * @param nodeName the Node's metadata.name, also its kubernetes.io/hostname label so that several
 *     agents on one machine are still distinct scheduling domains
 * @param labels added to the Node (--node-labels); put back if someone changes or removes them
 * @param taints put on the Node (--register-with-taints); put back if someone removes them
 * @param maxPods the pods capacity (--max-pods, 110 by default)
 * @param podCIDR the pod network range, or "" to leave spec.podCIDR to whoever allocates it
 * @param runtimeName the container runtime's name ("process", "simulated")
 * @param annotations added to the Node
 */
public record NodeSettings(
    String nodeName,
    Map<String, String> labels,
    List<Taint> taints,
    Reservation systemReserved,
    Reservation kubeReserved,
    int maxPods,
    String podCIDR,
    String runtimeName,
    String runtimeVersion,
    Map<String, String> annotations) {

  public static final int DEFAULT_MAX_PODS = 110;

  /** @throws IllegalArgumentException for a node name or pod CIDR Kubernetes would reject */
  public NodeSettings {
    List<String> nameErrors = ValueFormats.dns1123Subdomain(nodeName == null ? "" : nodeName);
    if (!nameErrors.isEmpty()) {
      throw new IllegalArgumentException("invalid node name \"" + nodeName + "\": " + String.join("; ", nameErrors));
    }
    if (podCIDR != null && !podCIDR.isEmpty() && !IpAddress.isCidr(podCIDR)) {
      throw new IllegalArgumentException("invalid pod CIDR \"" + podCIDR + "\": must be a valid CIDR such as 10.244.1.0/24");
    }
    if (maxPods < 0) throw new IllegalArgumentException("max pods must not be negative");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    annotations = Map.copyOf(annotations);
    if (podCIDR == null) podCIDR = "";
  }

  /** A node with no labels, taints, reservations or pod CIDR of its own, and 110 pods. */
  public static NodeSettings of(String nodeName, String runtimeName, String runtimeVersion) {
    return new NodeSettings(nodeName, Map.of(), List.of(), Reservation.NONE, Reservation.NONE, DEFAULT_MAX_PODS, "",
        runtimeName, runtimeVersion, Map.of());
  }

  public NodeSettings withLabels(Map<String, String> labels) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }

  public NodeSettings withTaints(List<Taint> taints) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }

  public NodeSettings withReservations(Reservation systemReserved, Reservation kubeReserved) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }

  public NodeSettings withPodCIDR(String podCIDR) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }

  public NodeSettings withAnnotations(Map<String, String> annotations) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }

  public NodeSettings withMaxPods(int maxPods) {
    return new NodeSettings(nodeName, labels, taints, systemReserved, kubeReserved, maxPods, podCIDR, runtimeName,
        runtimeVersion, annotations);
  }
}
