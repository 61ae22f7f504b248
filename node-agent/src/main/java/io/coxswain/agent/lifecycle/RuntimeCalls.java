package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.agent.probe.Handler;
import io.coxswain.agent.probe.ProbeTarget;
import io.coxswain.agent.runtime.ContainerConfig;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.PodSandbox;
import io.coxswain.agent.runtime.SandboxConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Every call a pod worker makes that may block, each run on the agent's blocking executor and
 * handed back as a future for pipeToSelf. Sequences that belong together (config then start; preStop
 * then stop) run here as one chain so the actor sees a single result.
 */
final class RuntimeCalls {
  /** The minimum time kubelet leaves a container to stop after its preStop hook. */
  static final Duration MINIMUM_STOP_WINDOW = Duration.ofSeconds(2);

  private final PodWorkerContext ctx;
  private final HookRunner hooks;

  RuntimeCalls(PodWorkerContext ctx, HookRunner hooks) {
    this.ctx = ctx;
    this.hooks = hooks;
  }

  record Observation(Optional<PodSandbox> sandbox, List<ContainerStatus> containers) {}

  record Launch(ContainerConfig config, ContainerStatus status) {}

  /** @param hookFailure why the preStop hook failed, or null */
  record Stop(ContainerStatus status, String hookFailure) {}

  ContainerRuntime runtime() {
    return ctx.runtime();
  }

  CompletionStage<Observation> observe(String podUid) {
    return call(() -> new Observation(
        runtime().listPodSandboxes().stream().filter(s -> s.podUid().equals(podUid)).findFirst(),
        runtime().listContainers(podUid)));
  }

  CompletionStage<PodSandbox> runSandbox(SandboxConfig config) {
    return call(() -> runtime().runPodSandbox(config));
  }

  CompletionStage<Void> prepareVolumes(ObjectNode pod, PodSandbox sandbox) {
    // The inputs may do file work before returning their future; keep that off the actor too.
    return call(() -> ctx.inputs().prepareVolumes(pod, sandbox)).thenCompose(s -> s);
  }

  /**
   * Resolves the container's config, then starts it. Fails with a ContainerConfigException whose
   * reason is the waiting reason to show: the inputs' own, or RunContainerError when the runtime
   * refused to start it.
   */
  CompletionStage<Launch> launch(ObjectNode pod, JsonNode container, PodSandbox sandbox, int attempt) {
    return call(() -> ctx.inputs().containerConfig(pod, container, sandbox, attempt))
        .thenCompose(s -> s)
        .exceptionally(e -> {
          Throwable cause = unwrap(e);
          if (cause instanceof ContainerConfigException c) throw c;
          throw new ContainerConfigException("CreateContainerConfigError", String.valueOf(cause.getMessage()));
        })
        .thenCompose(config -> call(() -> runtime().startContainer(sandbox.podUid(), config))
            .handle((status, e) -> {
              if (e != null) throw new ContainerConfigException("RunContainerError", String.valueOf(unwrap(e).getMessage()));
              return new Launch(config, status);
            }));
  }

  CompletionStage<ContainerStatus> awaitExit(String containerId) {
    return call(() -> runtime().awaitExit(containerId)).thenCompose(s -> s);
  }

  /** Runs the postStart hook; completes with why it failed, or empty. */
  CompletionStage<Optional<String>> postStart(Handler hook, ProbeTarget target, Duration timeout, String container, String pod) {
    return call(() -> hooks.run(hook, target, timeout, container, pod));
  }

  /**
   * Stops a container the way kubelet's killContainer does: the preStop hook first, then TERM and
   * KILL with what is left of the grace period — but never less than a short window (or the whole
   * grace, if that is shorter), so a slow hook does not turn every stop into a KILL.
   */
  CompletionStage<Stop> stop(String containerId, Handler preStop, ProbeTarget target, Duration grace, String container, String pod) {
    return call(() -> {
      long began = System.nanoTime();
      String hookFailure = null;
      if (preStop != null && grace.compareTo(Duration.ZERO) > 0) {
        hookFailure = hooks.run(preStop, target, grace, container, pod).orElse(null);
      }
      Duration left = grace;
      if (preStop != null) {
        Duration floor = grace.compareTo(MINIMUM_STOP_WINDOW) < 0 ? grace : MINIMUM_STOP_WINDOW;
        left = grace.minus(Duration.ofNanos(System.nanoTime() - began));
        if (left.compareTo(floor) < 0) left = floor;
      }
      ContainerStatus status = runtime().stopContainer(containerId, left);
      return new Stop(status, hookFailure);
    });
  }

  CompletionStage<Void> stopSandbox(String podUid, Duration grace) {
    return call(() -> {
      runtime().stopPodSandbox(podUid, grace);
      return null;
    });
  }

  CompletionStage<Void> removeSandbox(String podUid) {
    return call(() -> {
      runtime().removePodSandbox(podUid);
      return null;
    });
  }

  static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
    return e;
  }

  private <T> CompletableFuture<T> call(Callable<T> body) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return body.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, ctx.blocking());
  }
}
