package io.coxswain.agent.streams;

import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.PodSandbox;
import java.util.Comparator;
import java.util.Optional;

/** Finds the uid of a pod that runs on this node, by namespace and name. */
@FunctionalInterface
public interface PodLocator {

  Optional<String> podUid(String namespace, String name);

  /**
   * The runtime's own record: the newest sandbox of that namespace and name. Enough when the agent
   * has nothing better; an agent that tracks its pods should answer from that instead, so a pod
   * being replaced under the same name is not confused with its successor.
   */
  static PodLocator fromSandboxes(ContainerRuntime runtime) {
    return (namespace, name) -> runtime.listPodSandboxes().stream()
        .filter(s -> namespace.equals(s.namespace()) && name.equals(s.name()))
        .max(Comparator.comparing(PodSandbox::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(PodSandbox::podUid);
  }
}
