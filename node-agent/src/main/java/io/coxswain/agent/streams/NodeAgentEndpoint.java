package io.coxswain.agent.streams;

import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.Command;
import io.coxswain.actors.node.NodeAgentProtocol.Exec;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.actors.node.NodeAgentProtocol.ExecStream;
import io.coxswain.actors.node.NodeAgentProtocol.LogStream;
import io.coxswain.actors.node.NodeAgentProtocol.PortForward;
import io.coxswain.actors.node.NodeAgentProtocol.PortForwardStream;
import io.coxswain.actors.node.NodeAgentProtocol.StreamLogs;
import io.coxswain.agent.runtime.ContainerRuntime;
import io.coxswain.agent.runtime.ContainerStatus;
import io.coxswain.agent.runtime.ExecProcess;
import io.coxswain.agent.runtime.PodSandbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.StreamRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's end of {@link NodeAgentProtocol}: serves kubectl logs from the containers' CRI
 * log files, runs kubectl exec through the runtime and connects kubectl port-forward's connections
 * to the pod's address, each as a stream reference the API server reads across the cluster. What it looks up may block (runtime calls, files), so every request is
 * worked on by its own I/O executor and answered from there; the actor itself never waits.
 *
 * <p>Streams are materialized on the endpoint's own materializer: stopping the endpoint ends them.
 */
public final class NodeAgentEndpoint extends AbstractBehavior<Command> {
  // Requests are worked on off the actor, where its context must not be touched: a plain logger.
  private static final Logger log = LoggerFactory.getLogger(NodeAgentEndpoint.class);

  /**
   * @param logPoll how often a followed log looks for new lines
   * @param connectTimeout how long a port-forward connection to a pod may take to be accepted
   */
  public record Settings(Clock clock, Duration logPoll, Duration connectTimeout) {
    public static Settings defaults() {
      return new Settings(Clock.systemUTC(), Duration.ofMillis(100), Duration.ofSeconds(10));
    }
  }

  private final PodLocator pods;
  private final ContainerRuntime runtime;
  private final Settings settings;
  private final ExecutorService io;
  private final Materializer materializer;
  private final ActorSystem<?> system;

  public static Behavior<Command> create(PodLocator pods, ContainerRuntime runtime) {
    return create(pods, runtime, Settings.defaults());
  }

  public static Behavior<Command> create(PodLocator pods, ContainerRuntime runtime, Settings settings) {
    return Behaviors.setup(ctx -> new NodeAgentEndpoint(ctx, pods, runtime, settings));
  }

  /** The value of the Node's {@link NodeAgentProtocol#ENDPOINT_ANNOTATION} for this endpoint. */
  public static String annotationValue(ActorSystem<?> system, ActorRef<Command> endpoint) {
    return ActorRefResolver.get(system).toSerializationFormat(endpoint);
  }

  private NodeAgentEndpoint(ActorContext<Command> ctx, PodLocator pods, ContainerRuntime runtime, Settings settings) {
    super(ctx);
    this.pods = pods;
    this.runtime = runtime;
    this.settings = settings;
    // Exec pipes block for as long as a command runs, so a cached pool: one thread per open pipe.
    this.io = Executors.newCachedThreadPool(daemonThreads("coxswain-agent-streams"));
    this.materializer = Materializer.createMaterializer(ctx);
    this.system = ctx.getSystem();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StreamLogs.class, this::onStreamLogs)
        .onMessage(Exec.class, this::onExec)
        .onMessage(PortForward.class, this::onPortForward)
        .onSignal(PostStop.class, s -> {
          io.shutdownNow();
          return this;
        })
        .build();
  }

  // Logs

  private Behavior<Command> onStreamLogs(StreamLogs m) {
    answer(m.replyTo(), () -> new LogStream(logs(m)));
    return this;
  }

  private org.apache.pekko.stream.SourceRef<byte[]> logs(StreamLogs m) {
    LogOptions options = new LogOptions(m.tailLines(), since(m), m.limitBytes(), m.timestamps(), m.follow());
    ContainerStatus container = attempt(m.namespace(), m.pod(), m.container(), m.containerId(), m.previous());
    Path file = runtime.logFile(container.id()).orElseThrow(() -> new Refusal("container \"" + m.container()
        + "\" in pod \"" + m.pod() + "\" has no log: the " + runtime.name() + " runtime keeps none"));
    CompletableFuture<?> exited = container.running()
        ? runtime.awaitExit(container.id()).toCompletableFuture()
        : CompletableFuture.completedFuture(null);
    log.debug("streaming the log of {}/{} container {} (follow={})",
        m.namespace(), m.pod(), m.container(), m.follow());
    return ContainerLogSource.of(file, options, exited, io, settings.logPoll())
        .runWith(StreamRefs.sourceRef(), materializer);
  }

  private Instant since(StreamLogs m) {
    if (m.sinceSeconds() != null) return settings.clock().instant().minusSeconds(m.sinceSeconds());
    if (m.sinceTime() == null) return null;
    try {
      return OffsetDateTime.parse(m.sinceTime()).toInstant();
    } catch (DateTimeParseException e) {
      throw new Refusal("sinceTime must be an RFC 3339 time, got \"" + m.sinceTime() + "\"");
    }
  }

  // Exec

  private Behavior<Command> onExec(Exec m) {
    answer(m.replyTo(), () -> new ExecStream(exec(m)));
    return this;
  }

  private org.apache.pekko.stream.SourceRef<ExecFrame> exec(Exec m) {
    if (m.command() == null || m.command().isEmpty()) throw new Refusal("you must specify at least one command for the container");
    ContainerStatus container = attempt(m.namespace(), m.pod(), m.container(), m.containerId(), false);
    if (!container.running()) {
      throw new Refusal("container \"" + m.container() + "\" in pod \"" + m.pod() + "\" is not running");
    }
    ExecProcess process;
    try {
      process = runtime.exec(container.id(), m.command(), m.tty());
    } catch (IOException e) {
      throw new Refusal("cannot run " + m.command() + " in container \"" + m.container() + "\" of pod \""
          + m.pod() + "\": " + e.getMessage());
    }
    log.info("exec in {}/{} container {}: {}", m.namespace(), m.pod(), m.container(), m.command());
    return ExecSession.start(process, m, m.input().getSource(), io, materializer)
        .runWith(StreamRefs.sourceRef(), materializer);
  }

  // Port-forward

  private Behavior<Command> onPortForward(PortForward m) {
    answerLater(m.replyTo(), () -> {
      InetSocketAddress address = podAddress(m.namespace(), m.pod(), m.port());
      log.debug("port-forward to {}/{} at {}", m.namespace(), m.pod(), address);
      return PodConnection.open(system, materializer, address, m.input(), settings.connectTimeout())
          .handle((output, e) -> {
            if (e == null) return new PortForwardStream(output);
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new Refusal("error forwarding port " + m.port() + " to pod " + m.pod() + "_" + m.namespace()
                + ": " + c.getMessage());
          });
    });
    return this;
  }

  /**
   * Where the pod listens: its sandbox's address. Kubernetes connects to localhost inside the pod's
   * network namespace; here the agent connects from the node, so a server bound to the pod's
   * loopback only is not reachable.
   */
  private InetSocketAddress podAddress(String namespace, String pod, int port) {
    String uid = pods.podUid(namespace, pod).orElseThrow(() -> new Refusal(
        "pod \"" + pod + "\" in namespace \"" + namespace + "\" is not running on this node"));
    String ip = runtime.listPodSandboxes().stream()
        .filter(s -> uid.equals(s.podUid()))
        .map(PodSandbox::podIP)
        .filter(a -> a != null && !a.isEmpty())
        .findFirst()
        .orElseThrow(() -> new Refusal("pod \"" + pod + "\" in namespace \"" + namespace
            + "\" has no network sandbox: it is not running"));
    return new InetSocketAddress(ip, port);
  }

  // Containers

  /**
   * The container attempt a request means: the one the pod status named, when the runtime knows it
   * as this pod's; else the newest attempt, or the one before it for {@code previous}.
   */
  private ContainerStatus attempt(String namespace, String pod, String name, String containerId, boolean previous) {
    String uid = pods.podUid(namespace, pod).orElseThrow(() -> new Refusal(
        "pod \"" + pod + "\" in namespace \"" + namespace + "\" is not running on this node"));
    if (containerId != null && !containerId.isEmpty()) {
      String id = withoutScheme(containerId);
      Optional<ContainerStatus> named = runtime.containerStatus(id)
          .filter(c -> uid.equals(c.podUid()) && name.equals(c.name()));
      if (named.isPresent()) return named.get();
    }
    List<ContainerStatus> attempts = runtime.listContainers(uid).stream()
        .filter(c -> name.equals(c.name()))
        .sorted(Comparator.comparingInt(ContainerStatus::attempt))
        .toList();
    if (previous) {
      if (attempts.size() < 2) {
        throw new Refusal("previous terminated container \"" + name + "\" in pod \"" + pod + "\" not found");
      }
      return attempts.get(attempts.size() - 2);
    }
    if (attempts.isEmpty()) {
      throw new Refusal("container \"" + name + "\" in pod \"" + pod + "\" is waiting to start - no logs yet");
    }
    return attempts.get(attempts.size() - 1);
  }

  /** Pod status reports ids as {@code <runtime>://<id>}, as kubelet does; the runtime knows the bare id. */
  static String withoutScheme(String containerId) {
    int i = containerId.indexOf("://");
    return i < 0 ? containerId : containerId.substring(i + 3);
  }

  // Replies

  /** Works on the I/O executor and answers from there; a {@link Refusal} is the user's message. */
  private <T> void answer(ActorRef<StatusReply<T>> replyTo, Supplier<T> work) {
    answerLater(replyTo, () -> CompletableFuture.completedFuture(work.get()));
  }

  /** Like {@link #answer}, for work that finishes later without holding the executor. */
  private <T> void answerLater(ActorRef<StatusReply<T>> replyTo, Supplier<CompletionStage<T>> work) {
    CompletableFuture.supplyAsync(work, io).thenCompose(s -> s).whenComplete((result, e) -> {
      if (e == null) {
        replyTo.tell(StatusReply.success(result));
        return;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (!(cause instanceof Refusal)) log.warn("node agent stream request failed", cause);
      replyTo.tell(StatusReply.error(cause instanceof Refusal ? cause.getMessage()
          : "the node agent failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    });
  }

  /** A request the agent cannot serve, with the message the user sees. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
