package io.coxswain.actors.node;

import io.coxswain.persistence.JsonSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.SourceRef;

/**
 * What the API server asks of a node agent directly: streams that kubelet serves on its own port in
 * Kubernetes (logs, exec, port-forward) travel over the cluster instead. The agent's endpoint is found through its
 * Node's {@link #ENDPOINT_ANNOTATION}.
 *
 * <p>The API server has already checked the request against the Pod (container name, state) and
 * names the container attempt it means by {@code containerId} when the pod status reports one; the
 * agent falls back to its runtime's attempts when it does not know that id. A refusal is a {@link
 * StatusReply#error(String)} whose message is shown to the user as is.
 */
public final class NodeAgentProtocol {
  /** The agent endpoint's actor reference, in ActorRefResolver's serialization format. */
  public static final String ENDPOINT_ANNOTATION = "coxswain.io/agent-endpoint";
  /**
   * The Pekko cluster address of the member that runs the node's agent. The node lifecycle
   * controller takes that member's reachability for the node's heartbeat.
   */
  public static final String MEMBER_ANNOTATION = "coxswain.io/agent-member";

  /** Channel numbers of the v4/v5 channel protocols. */
  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int STATUS = 3;
  public static final int RESIZE = 4;
  /** v5's close signal: a frame on this channel whose data is the channel to close ({@code [255, 0]} closes stdin). */
  public static final int CLOSE = 255;

  private NodeAgentProtocol() {}

  public sealed interface Command extends JsonSerializable {}

  /**
   * kubectl logs: the container's output, optionally followed.
   *
   * @param containerId the attempt to read, as status.containerStatuses reports it (a
   *     {@code scheme://} prefix is ignored); null lets the agent pick the newest attempt, or the one
   *     before it with {@code previous}
   * @param sinceTime RFC 3339; null for none (at most one of sinceSeconds and sinceTime is set)
   */
  public record StreamLogs(
      String namespace,
      String pod,
      String container,
      String containerId,
      boolean follow,
      boolean previous,
      boolean timestamps,
      Long tailLines,
      Long sinceSeconds,
      String sinceTime,
      Long limitBytes,
      ActorRef<StatusReply<LogStream>> replyTo)
      implements Command {}

  public record LogStream(SourceRef<byte[]> data) implements JsonSerializable {}

  /**
   * kubectl exec: {@code input} carries stdin (channel 0), terminal resizes (channel 4, JSON
   * {@code {"Width":w,"Height":h}}) and stdin's close ({@link #CLOSE} with data {@code [0]}); the
   * reply's frames carry stdout (1), stderr (2) and, last, the Status JSON (3) as the v5 channel
   * protocol defines them. The input completing means the client went away: the command is killed.
   *
   * @param containerId the running attempt, as status.containerStatuses reports it; may be null
   * @param stdin whether the client sends stdin; without it the command's stdin is closed at once
   * @param stdout whether the client wants stdout; unwanted output is read and dropped
   * @param stderr whether the client wants stderr
   */
  public record Exec(
      String namespace,
      String pod,
      String container,
      String containerId,
      List<String> command,
      boolean stdin,
      boolean stdout,
      boolean stderr,
      boolean tty,
      SourceRef<ExecFrame> input,
      ActorRef<StatusReply<ExecStream>> replyTo)
      implements Command {}

  public record ExecStream(SourceRef<ExecFrame> frames) implements JsonSerializable {}

  /** One frame of the channel protocol: a channel number and its bytes. */
  public record ExecFrame(int channel, byte[] data) implements JsonSerializable {}

  /**
   * One forwarded connection of kubectl port-forward: the agent connects to the pod's address on
   * {@code port} and answers once the connection is made (a refusal carries the reason, e.g.
   * nothing listens there). {@code input} is what the client sends; its completing half-closes the
   * connection, its failing aborts it. The reply's {@code output} is what the pod sends, ending when
   * the pod closes its side.
   */
  public record PortForward(
      String namespace,
      String pod,
      int port,
      SourceRef<byte[]> input,
      ActorRef<StatusReply<PortForwardStream>> replyTo)
      implements Command {}

  public record PortForwardStream(SourceRef<byte[]> output) implements JsonSerializable {}
}
