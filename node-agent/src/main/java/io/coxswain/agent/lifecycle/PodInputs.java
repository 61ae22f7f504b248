package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.PodSandbox;
import java.util.concurrent.CompletionStage;

/**
 * Turns the manifest into what the runtime runs, reading ConfigMaps and Secrets as needed. Both
 * methods fail with a {@link ContainerConfigException} (wrapped in a CompletionException) when the
 * pod cannot start as written; the worker reports it as the container's waiting reason and retries.
 */
public interface PodInputs {

  /** Writes the pod's volumes (configMap, secret, downwardAPI, projected, emptyDir) into the sandbox. */
  CompletionStage<Void> prepareVolumes(ObjectNode pod, PodSandbox sandbox);

  /** One container's config: env resolved, argv expanded, mounts pointing at the volumes. */
  CompletionStage<ContainerConfig> containerConfig(ObjectNode pod, JsonNode container, PodSandbox sandbox, int attempt);
}
