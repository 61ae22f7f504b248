package io.coxswain.http.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coxswain.actors.node.NodeAgentProtocol.ExecFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class ChannelProtocolTest {
  private static final byte[] FAILURE = ("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\","
      + "\"message\":\"command terminated with non-zero exit code: exit code 2\"}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] SUCCESS = "{\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void negotiatesTheFirstServedOfferAndDefaultsToChannelK8sIo() {
    assertEquals(Optional.of(ChannelProtocol.V5), ChannelProtocol.negotiate(List.of("v5.channel.k8s.io")));
    assertEquals(Optional.of(ChannelProtocol.V4),
        ChannelProtocol.negotiate(List.of("v3.channel.k8s.io", "v4.channel.k8s.io", "v5.channel.k8s.io")));
    assertEquals(Optional.of(ChannelProtocol.V1), ChannelProtocol.negotiate(List.of()));
    assertEquals(Optional.empty(), ChannelProtocol.negotiate(List.of("v9.channel.k8s.io")));
  }

  @Test
  void binaryFramesStartWithTheChannel() {
    Message m = ChannelProtocol.V5.encode(new ExecFrame(1, "hi".getBytes(StandardCharsets.UTF_8))).orElseThrow();
    assertArrayEquals(new byte[] {1, 'h', 'i'}, m.asBinaryMessage().getStrictData().toArray());
  }

  @Test
  void v4AndV5SendTheStatusAsItIs() {
    for (ChannelProtocol p : List.of(ChannelProtocol.V5, ChannelProtocol.V4)) {
      byte[] sent = p.encode(new ExecFrame(3, SUCCESS)).orElseThrow().asBinaryMessage().getStrictData().toArray();
      assertEquals(3, sent[0]);
      assertEquals("{\"status\":\"Success\"}", new String(sent, 1, sent.length - 1, StandardCharsets.UTF_8));
    }
  }

  @Test
  void channelK8sIoSendsOnlyAFailuresMessage() {
    assertTrue(ChannelProtocol.V1.encode(new ExecFrame(3, SUCCESS)).isEmpty());
    byte[] sent = ChannelProtocol.V1.encode(new ExecFrame(3, FAILURE)).orElseThrow().asBinaryMessage().getStrictData().toArray();
    assertEquals("command terminated with non-zero exit code: exit code 2", new String(sent, 1, sent.length - 1, StandardCharsets.UTF_8));
  }

  @Test
  void base64ProtocolsUseTextWithADigitChannel() {
    Message m = ChannelProtocol.V4_BASE64.encode(new ExecFrame(2, "err".getBytes(StandardCharsets.UTF_8))).orElseThrow();
    assertEquals("2ZXJy", m.asTextMessage().getStrictText());
    ExecFrame in = ChannelProtocol.V4_BASE64.decode(ByteString.fromString("0aGk="), true).orElseThrow();
    assertEquals(0, in.channel());
    assertEquals("hi", new String(in.data(), StandardCharsets.UTF_8));
  }

  @Test
  void onlyV5UnderstandsTheCloseSignal() {
    ByteString close = ByteString.fromArray(new byte[] {(byte) 255, 0});
    ExecFrame f = ChannelProtocol.V5.decode(close, false).orElseThrow();
    assertEquals(255, f.channel());
    assertArrayEquals(new byte[] {0}, f.data());
    assertTrue(ChannelProtocol.V4.decode(close, false).isEmpty());
  }

  @Test
  void clientsMayWriteStdinAndResizeOnly() {
    assertEquals(4, ChannelProtocol.V5.decode(ByteString.fromArray(new byte[] {4, '{', '}'}), false).orElseThrow().channel());
    assertTrue(ChannelProtocol.V5.decode(ByteString.fromArray(new byte[] {1, 'x'}), false).isEmpty());
    assertTrue(ChannelProtocol.V5.decode(ByteString.emptyByteString(), false).isEmpty());
  }
}
