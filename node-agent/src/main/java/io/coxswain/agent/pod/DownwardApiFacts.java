package io.coxswain.agent.pod;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What downward API references resolve against besides the Pod manifest itself: where the pod
 * runs and what the node can give it.
 *
 * @param nodeName the node's name, used when the pod's spec.nodeName is empty
 * @param hostIPs the node's addresses, first one is status.hostIP
 * @param podIPs the sandbox's addresses; when empty, the pod's status.podIPs are used
 * @param nodeAllocatable the node's allocatable resources by name ("cpu", "memory",
 *     "ephemeral-storage"), used as a container's limit where it sets none, as kubelet does
 */
public record DownwardApiFacts(
    String nodeName, List<String> hostIPs, List<String> podIPs, Map<String, BigDecimal> nodeAllocatable) {

  public DownwardApiFacts {
    hostIPs = List.copyOf(hostIPs);
    podIPs = List.copyOf(podIPs);
    nodeAllocatable = Map.copyOf(nodeAllocatable);
  }
}
