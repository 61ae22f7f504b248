package io.coxswain.http.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.actors.node.NodeAgentProtocol;
import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import io.coxswain.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;

/**
 * The WebSocket subprotocols of Kubernetes' remote command streams. Each message is one frame: a
 * channel byte (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize) and its data; the base64
 * variants send text, the channel as an ASCII digit and the data base64-encoded.
 *
 * <ul>
 *   <li>v5 (kubectl 1.30+) adds the close signal {@code [255, channel]}, so a client can end stdin
 *       and still read the output.
 *   <li>v4 ends with a Status JSON on channel 3, success or not.
 *   <li>channel.k8s.io (v1) writes only a failure's message on channel 3, and nothing on success.
 * </ul>
 */
public enum ChannelProtocol {
  V5("v5.channel.k8s.io", false, true, true),
  V4("v4.channel.k8s.io", false, false, true),
  V4_BASE64("v4.base64.channel.k8s.io", true, false, true),
  V1("channel.k8s.io", false, false, false),
  V1_BASE64("base64.channel.k8s.io", true, false, false);

  private final String subprotocol;
  private final boolean base64;
  private final boolean closeSignal;
  private final boolean statusJson;

  ChannelProtocol(String subprotocol, boolean base64, boolean closeSignal, boolean statusJson) {
    this.subprotocol = subprotocol;
    this.base64 = base64;
    this.closeSignal = closeSignal;
    this.statusJson = statusJson;
  }

  public String subprotocol() {
    return subprotocol;
  }

  /**
   * The first subprotocol the client offers that is served here; a client offering none gets
   * channel.k8s.io, as Kubernetes does. Empty when it offers only unknown ones.
   */
  public static Optional<ChannelProtocol> negotiate(Iterable<String> offered) {
    boolean any = false;
    for (String p : offered) {
      any = true;
      for (ChannelProtocol c : values()) {
        if (c.subprotocol.equals(p.trim())) return Optional.of(c);
      }
    }
    return any ? Optional.empty() : Optional.of(V1);
  }

  public static String served() {
    StringBuilder sb = new StringBuilder();
    for (ChannelProtocol c : values()) sb.append(sb.length() == 0 ? "" : ", ").append(c.subprotocol);
    return sb.toString();
  }

  /** The message for one frame from the agent; empty when this protocol sends nothing for it. */
  public Optional<Message> encode(ExecFrame frame) {
    byte[] data = frame.data();
    if (frame.channel() == NodeAgentProtocol.STATUS && !statusJson) {
      data = failureMessage(data);
      if (data == null) return Optional.empty();
    }
    if (base64) {
      return Optional.of(TextMessage.create((char) ('0' + frame.channel()) + Base64.getEncoder().encodeToString(data)));
    }
    byte[] out = new byte[data.length + 1];
    out[0] = (byte) frame.channel();
    System.arraycopy(data, 0, out, 1, data.length);
    return Optional.of(BinaryMessage.create(ByteString.fromArrayUnsafe(out)));
  }

  /**
   * The frame one client message carries; empty for empty messages and for what the client may not
   * send (output channels, or the close signal before v5).
   */
  public Optional<ExecFrame> decode(ByteString message, boolean text) {
    if (message.isEmpty()) return Optional.empty();
    int channel;
    byte[] data;
    if (base64) {
      if (!text) return Optional.empty();
      channel = message.apply(0) - '0';
      try {
        data = Base64.getDecoder().decode(message.drop(1).toArray());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else {
      channel = message.apply(0) & 0xff;
      data = message.drop(1).toArray();
    }
    return switch (channel) {
      case NodeAgentProtocol.STDIN, NodeAgentProtocol.RESIZE -> Optional.of(new ExecFrame(channel, data));
      case NodeAgentProtocol.CLOSE -> closeSignal ? Optional.of(new ExecFrame(channel, data)) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Before v4 the error channel carries a failure's message only. */
  private static byte[] failureMessage(byte[] statusJson) {
    try {
      JsonNode status = Json.MAPPER.readTree(statusJson);
      if ("Success".equals(status.path("status").asText())) return null;
      return status.path("message").asText("error").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return statusJson;
    }
  }
}
