package io.coxswain.agent.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets a pod refers to, fetched by the caller before resolving its inputs
 * (from the agent's informer cache), so that resolving stays a pure function. Empty means the
 * object does not exist, which is what kubelet's "not found" messages are about.
 */
public interface PodInputLookup {
  Optional<ObjectNode> configMap(String namespace, String name);

  Optional<ObjectNode> secret(String namespace, String name);

  /** A lookup that finds nothing: for pods that refer to no ConfigMap or Secret. */
  static PodInputLookup empty() {
    return new PodInputLookup() {
      @Override
      public Optional<ObjectNode> configMap(String namespace, String name) {
        return Optional.empty();
      }

      @Override
      public Optional<ObjectNode> secret(String namespace, String name) {
        return Optional.empty();
      }
    };
  }
}
