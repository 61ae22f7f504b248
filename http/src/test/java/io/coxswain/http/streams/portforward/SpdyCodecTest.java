package io.coxswain.http.streams.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The codec against an independent SPDY/3.1 peer: Netty's codec on the client side, in its own
 * channel, as Go's spdystream would frame and compress.
 */
class SpdyCodecTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Materializer mat = Materializer.matFromSystem(kit.system());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void decodesStreamsWithCompressedHeadersEvenWhenTheBytesArriveOneAtATime() throws Exception {
    EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    List<ByteString> bytes = new ArrayList<>();
    bytes.addAll(clientWrites(client, synStream(1, "error", "8080", "0")));
    // The second header block is compressed against the first one's dictionary state.
    bytes.addAll(clientWrites(client, synStream(3, "data", "8080", "0")));
    DefaultSpdyDataFrame data = new DefaultSpdyDataFrame(3, Unpooled.copiedBuffer("GET /", StandardCharsets.UTF_8));
    data.setLast(true);
    bytes.addAll(clientWrites(client, data));
    bytes.addAll(clientWrites(client, new DefaultSpdyPingFrame(1)));
    List<ByteString> single = new ArrayList<>();
    for (ByteString b : bytes) for (int i = 0; i < b.size(); i++) single.add(b.slice(i, i + 1));

    List<SpdyFrame> frames = Source.from(single).via(SpdyCodec.decoder()).runWith(Sink.seq(), mat)
        .toCompletableFuture().get();

    assertEquals(List.of(
        new SpdyFrame.SynStream(1, Map.of("streamtype", "error", "port", "8080", "requestid", "0"), false),
        new SpdyFrame.SynStream(3, Map.of("streamtype", "data", "port", "8080", "requestid", "0"), false),
        new SpdyFrame.Data(3, ByteString.fromString("GET /"), true),
        new SpdyFrame.Ping(1)), frames);
  }

  @Test
  void encodesRepliesDataAndPingsThatThePeerReads() throws Exception {
    List<ByteString> bytes = Source.<SpdyFrame>from(List.of(
            new SpdyFrame.SynReply(1, Map.of("streamtype", "error"), false),
            new SpdyFrame.Data(1, ByteString.fromString("refused"), true),
            new SpdyFrame.Ping(7)))
        .via(SpdyCodec.encoder()).runWith(Sink.seq(), mat).toCompletableFuture().get(10, TimeUnit.SECONDS);

    EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    for (ByteString b : bytes) client.writeInbound(Unpooled.wrappedBuffer(b.toArray()));
    SpdySynReplyFrame reply = client.readInbound();
    assertEquals(1, reply.streamId());
    assertEquals("error", reply.headers().getAsString("streamtype"));
    SpdyDataFrame data = client.readInbound();
    assertEquals("refused", data.content().toString(StandardCharsets.UTF_8));
    assertTrue(data.isLast());
    data.release();
    SpdyPingFrame ping = client.readInbound();
    assertEquals(7, ping.id());
  }

  @Test
  void malformedInputFailsTheStream() throws Exception {
    // a SYN_STREAM whose length (2) cannot hold its stream ids
    var done = Source.single(ByteString.fromArray(new byte[] {(byte) 0x80, 3, 0, 1, 0, 0, 0, 2, 0, 0}))
        .via(SpdyCodec.decoder()).runWith(Sink.seq(), mat).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertEquals("SpdyProtocolException", e.getCause().getClass().getSimpleName(), e.toString());
  }

  private static DefaultSpdySynStreamFrame synStream(int id, String type, String port, String requestId) {
    DefaultSpdySynStreamFrame f = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
    f.headers().add("streamtype", type).add("port", port).add("requestid", requestId);
    return f;
  }

  private static List<ByteString> clientWrites(EmbeddedChannel client, Object frame) {
    client.writeOutbound(frame);
    List<ByteString> out = new ArrayList<>();
    for (ByteBuf b = client.readOutbound(); b != null; b = client.readOutbound()) {
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      b.release();
      out.add(ByteString.fromArray(a));
    }
    return out;
  }
}
