package io.coxswain.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.lifecycle.ContainerConfigException;
import io.coxswain.agent.lifecycle.PodInputs;
import io.coxswain.agent.pod.ContainerCommand;
import io.coxswain.agent.pod.ContainerEnvironment;
import io.coxswain.agent.pod.ContainerMounts;
import io.coxswain.agent.pod.DownwardApiFacts;
import io.coxswain.agent.pod.PodInputException;
import io.coxswain.agent.pod.PodInputLookup;
import io.coxswain.agent.pod.PodVolumeSetUp;
import io.coxswain.agent.pod.PodNameFiles;
import io.coxswain.agent.pod.PodVolumes;
import io.coxswain.agent.pod.ServiceEnvironment;
import io.coxswain.agent.service.NamespaceServices;
import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.core.Metadata;
import io.coxswain.core.kinds.ResourceQuantity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The agent's {@link PodInputs}: fetches the ConfigMaps and Secrets a pod names from their
 * entities, then resolves env (with the Service variables), command line and volumes with
 * kubelet's rules, and gives each container the pod's resolv.conf and /etc/hosts.
 */
public final class StorePodInputs implements PodInputs {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private final AgentStore store;
  private final Executor blocking;
  private final Supplier<Map<String, BigDecimal>> allocatable;
  private final List<String> hostIPs;
  private final NamespaceServices services;
  private final PodNameFiles nameFiles;
  /** Where each running pod's volumes were written, by pod uid, for its containers' mounts. */
  private final Map<String, Map<String, Path>> volumeDirs = new ConcurrentHashMap<>();

  public StorePodInputs(AgentStore store, Executor blocking, List<String> hostIPs,
      Supplier<Map<String, BigDecimal>> allocatable) {
    this(store, blocking, hostIPs, allocatable, NamespaceServices.none(), PodNameFiles.disabled());
  }

  /**
   * @param services where the Service environment variables come from
   * @param nameFiles the pods' resolv.conf and /etc/hosts (disabled where containers cannot have their own)
   */
  public StorePodInputs(AgentStore store, Executor blocking, List<String> hostIPs,
      Supplier<Map<String, BigDecimal>> allocatable, NamespaceServices services, PodNameFiles nameFiles) {
    this.services = services;
    this.nameFiles = nameFiles;
    this.store = store;
    this.blocking = blocking;
    this.hostIPs = List.copyOf(hostIPs);
    this.allocatable = allocatable;
  }

  @Override
  public CompletionStage<Void> prepareVolumes(ObjectNode pod, PodSandbox sandbox) {
    if (sandbox.directory() == null) return CompletableFuture.completedFuture(null);
    return lookup(pod).thenApplyAsync(lookup -> {
      try {
        var volumes = PodVolumes.plan(pod, lookup, facts(pod, sandbox));
        volumeDirs.put(sandbox.podUid(), PodVolumeSetUp.setUp(sandbox.directory(), volumes));
        nameFiles.write(pod, sandbox.directory(), sandbox.podIP() == null ? List.of() : List.of(sandbox.podIP()));
        return null;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write the resolv.conf and hosts files of the pod", e);
      } catch (PodInputException e) {
        throw new CompletionException(new ContainerConfigException(e.reason(), e.getMessage()));
      }
    }, blocking);
  }

  @Override
  public CompletionStage<ContainerConfig> containerConfig(ObjectNode pod, JsonNode container, PodSandbox sandbox, int attempt) {
    return lookup(pod).thenApplyAsync(lookup -> {
      try {
        Map<String, String> serviceEnv = ServiceEnvironment.of(pod, services.services(Metadata.namespace(pod)));
        LinkedHashMap<String, String> env = withRuntimeDefaults(
            ContainerEnvironment.resolve(pod, container, lookup, facts(pod, sandbox), serviceEnv), pod);
        ContainerCommand.CommandLine line = ContainerCommand.of(container, env);
        if (line instanceof ContainerCommand.NoCommand none) {
          throw new ContainerConfigException(none.reason(), none.message());
        }
        List<String> argv = ((ContainerCommand.Argv) line).argv();
        List<ContainerConfig.Mount> mounts = List.of();
        Map<String, Path> dirs = volumeDirs.get(sandbox.podUid());
        if (dirs != null) {
          mounts = ContainerMounts.resolve(pod, container, env, dirs);
          PodVolumeSetUp.createMissingSubPaths(mounts, dirs.values());
        }
        if (sandbox.directory() != null) mounts = nameFiles.withMounts(sandbox.directory(), mounts);
        JsonNode limits = container.path("resources").path("limits");
        return new ContainerConfig(
            container.path("name").asText(), attempt, container.path("image").asText(""), argv, env,
            container.path("workingDir").isTextual() ? container.path("workingDir").textValue() : null,
            mounts, bytes(limits.path("memory")), millis(limits.path("cpu")),
            container.path("tty").asBoolean(false), container.path("stdin").asBoolean(false));
      } catch (PodInputException e) {
        throw new CompletionException(new ContainerConfigException(e.reason(), e.getMessage()));
      }
    }, blocking);
  }

  /**
   * What a container runtime adds from the image and the sandbox when the pod does not set it:
   * there is no image here, so a conventional PATH and HOME, and HOSTNAME as the pod's hostname.
   */
  private static LinkedHashMap<String, String> withRuntimeDefaults(LinkedHashMap<String, String> env, ObjectNode pod) {
    LinkedHashMap<String, String> all = new LinkedHashMap<>();
    all.put("PATH", DEFAULT_PATH);
    all.put("HOSTNAME", pod.path("spec").path("hostname").asText(Metadata.name(pod)));
    all.put("HOME", "/root");
    all.putAll(env);
    return all;
  }

  /** Forgets a removed pod's volume locations. */
  public void forget(String podUid) {
    volumeDirs.remove(podUid);
  }

  private DownwardApiFacts facts(ObjectNode pod, PodSandbox sandbox) {
    List<String> podIPs = sandbox.podIP() == null ? List.of() : List.of(sandbox.podIP());
    return new DownwardApiFacts(store.nodeName(), hostIPs, podIPs, allocatable.get());
  }

  /** Fetches every ConfigMap and Secret the pod names; missing ones are simply absent. */
  private CompletableFuture<PodInputLookup> lookup(ObjectNode pod) {
    PodReferences refs = PodReferences.of(pod);
    String ns = Metadata.namespace(pod);
    if (refs.configMaps().isEmpty() && refs.secrets().isEmpty()) {
      return CompletableFuture.completedFuture(PodInputLookup.empty());
    }
    Map<String, CompletableFuture<Optional<ObjectNode>>> configMaps = new HashMap<>();
    Map<String, CompletableFuture<Optional<ObjectNode>>> secrets = new HashMap<>();
    for (String name : refs.configMaps()) configMaps.put(name, store.configMap(ns, name).toCompletableFuture());
    for (String name : refs.secrets()) secrets.put(name, store.secret(ns, name).toCompletableFuture());
    List<CompletableFuture<?>> all = new java.util.ArrayList<>(configMaps.values());
    all.addAll(secrets.values());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> new PodInputLookup() {
      @Override
      public Optional<ObjectNode> configMap(String namespace, String name) {
        var f = configMaps.get(name);
        return f == null || !ns.equals(namespace) ? Optional.empty() : f.join();
      }

      @Override
      public Optional<ObjectNode> secret(String namespace, String name) {
        var f = secrets.get(name);
        return f == null || !ns.equals(namespace) ? Optional.empty() : f.join();
      }
    });
  }

  private static long bytes(JsonNode quantity) {
    if (!quantity.isTextual() && !quantity.isNumber()) return 0;
    return ResourceQuantity.parse(quantity.asText()).map(BigDecimal::longValue).orElse(0L);
  }

  private static long millis(JsonNode quantity) {
    if (!quantity.isTextual() && !quantity.isNumber()) return 0;
    return ResourceQuantity.parse(quantity.asText())
        .map(q -> q.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValue())
        .orElse(0L);
  }
}
