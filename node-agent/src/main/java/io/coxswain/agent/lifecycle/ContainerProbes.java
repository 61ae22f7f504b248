package io.coxswain.agent.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.agent.probe.ProbeSpec;
import io.coxswain.agent.probe.ProbeTarget;
import io.coxswain.agent.probe.ProbeType;
import io.coxswain.agent.probe.ProbeWorker;
import io.coxswain.agent.probe.Prober;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The probe workers of a pod worker's running containers: child actors, one per container instance
 * and probe type, stopped with the instance. Used only from the pod worker's own thread.
 */
final class ContainerProbes {
  private final ActorContext<?> context;
  private final ActorRef<ProbeWorker.Report> reportTo;
  private final Prober prober;
  private final Executor blocking;
  private final Clock clock;
  private final Map<String, List<ActorRef<ProbeWorker.Command>>> workers = new HashMap<>();
  private long spawned;

  ContainerProbes(ActorContext<?> context, ActorRef<ProbeWorker.Report> reportTo, Prober prober, Executor blocking, Clock clock) {
    this.context = context;
    this.reportTo = reportTo;
    this.prober = prober;
    this.blocking = blocking;
    this.clock = clock;
  }

  static boolean has(JsonNode container, ProbeType type) {
    return ProbeSpec.of(container, type).isPresent();
  }

  /** Starts the startup probe; answers whether there is one (the container is not started until it passes). */
  boolean startStartup(ContainerRecord c, JsonNode spec, ProbeTarget target) {
    return start(c, spec, ProbeType.STARTUP, target);
  }

  /** Starts liveness and readiness once the container counts as started. */
  void startLivenessAndReadiness(ContainerRecord c, JsonNode spec, ProbeTarget target) {
    start(c, spec, ProbeType.LIVENESS, target);
    start(c, spec, ProbeType.READINESS, target);
  }

  void stop(String container) {
    List<ActorRef<ProbeWorker.Command>> running = workers.remove(container);
    if (running != null) running.forEach(context::stop);
  }

  private boolean start(ContainerRecord c, JsonNode spec, ProbeType type, ProbeTarget target) {
    Optional<ProbeSpec> probe = ProbeSpec.of(spec, type);
    if (probe.isEmpty()) return false;
    ProbeSpec p = probe.get();
    // Kubelet counts the initial delay from the container's start, not from when probing begins.
    Instant firstCheck = c.instance().startedAt().plus(p.initialDelay());
    Duration firstDelay = Duration.between(clock.instant(), firstCheck);
    ProbeWorker.Setup setup = new ProbeWorker.Setup(c.name(), c.instance().id(), type, p, firstDelay,
        () -> prober.probe(p.handler(), target, p.timeout()), blocking, reportTo);
    String name = type.name().toLowerCase() + "-" + c.name() + "-" + c.instance().attempt() + "-" + (spawned++);
    workers.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(context.spawn(ProbeWorker.create(setup), name));
    return true;
  }
}
