package io.coxswain.actors.node;

import io.coxswain.persistence.JsonSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.SourceRef;

/**
 * What the API server asks of a node agent directly: streams that kubelet serves on its own port in
 * Kubernetes (logs, exec) travel over the cluster instead. The agent's endpoint is found through its
 * Node's {@link #ENDPOINT_ANNOTATION}.
 */
public final class NodeAgentProtocol {
  /** The agent endpoint's actor reference, in ActorRefResolver's serialization format. */
  public static final String ENDPOINT_ANNOTATION = "coxswain.io/agent-endpoint";

  private NodeAgentProtocol() {}

  public sealed interface Command extends JsonSerializable {}

  /** kubectl logs: the container's output, optionally followed. */
  public record StreamLogs(
      String namespace,
      String pod,
      String container,
      boolean follow,
      boolean previous,
      boolean timestamps,
      Long tailLines,
      Long sinceSeconds,
      Long limitBytes,
      ActorRef<StatusReply<LogStream>> replyTo)
      implements Command {}

  public record LogStream(SourceRef<byte[]> data) implements JsonSerializable {}

  /**
   * kubectl exec: {@code input} carries stdin (channel 0) and terminal resizes (channel 4, JSON
   * {@code {"Width":w,"Height":h}}); the reply's frames carry stdout (1), stderr (2) and, last, the
   * Status JSON (3) as the v5 channel protocol defines them.
   */
  public record Exec(
      String namespace,
      String pod,
      String container,
      List<String> command,
      boolean stdin,
      boolean tty,
      SourceRef<ExecFrame> input,
      ActorRef<StatusReply<ExecStream>> replyTo)
      implements Command {}

  public record ExecStream(SourceRef<ExecFrame> frames) implements JsonSerializable {}

  /** One frame of the channel protocol: a channel number and its bytes. */
  public record ExecFrame(int channel, byte[] data) implements JsonSerializable {}
}
