package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.PodSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Configs straight from the manifest; a container can be made to fail with a config error. */
final class FakeInputs implements PodInputs {
  private final Map<String, ContainerConfigException> failing = new ConcurrentHashMap<>();

  void fail(String container, ContainerConfigException e) {
    if (e == null) failing.remove(container);
    else failing.put(container, e);
  }

  @Override
  public CompletionStage<Void> prepareVolumes(ObjectNode pod, PodSandbox sandbox) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<ContainerConfig> containerConfig(ObjectNode pod, JsonNode container, PodSandbox sandbox, int attempt) {
    String name = container.path("name").asText();
    ContainerConfigException e = failing.get(name);
    if (e != null) return CompletableFuture.failedFuture(e);
    List<String> argv = new ArrayList<>();
    container.path("command").forEach(c -> argv.add(c.asText()));
    container.path("args").forEach(c -> argv.add(c.asText()));
    if (argv.isEmpty()) argv.add("/entrypoint");
    return CompletableFuture.completedFuture(new ContainerConfig(name, attempt, container.path("image").asText(), argv,
        Map.of(), null, List.of(), 0, 0, false, false));
  }
}
