package io.coxswain.http.streams.portforward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyHeadersFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * SPDY/3.1 framing as Pekko Streams stages, done by Netty's {@link SpdyFrameCodec} (frame layout and
 * the zlib header compression with SPDY's dictionary) in an {@link EmbeddedChannel}: no Netty server
 * runs, the channel only holds the codec's state. Each direction has its own channel and codec, since
 * SPDY keeps one compression context per direction; a stage owns its channel, so the codec is only
 * ever touched by one stream stage at a time.
 *
 * <p>Only the framing is Netty's: flow control and stream bookkeeping (Netty's SpdySessionHandler)
 * are left out, because Go's spdystream, which kubectl uses, neither sends nor honours window updates.
 */
public final class SpdyCodec {
  /** Data frames arrive split into chunks of at most this size. */
  private static final int MAX_CHUNK = 64 * 1024;
  private static final int MAX_HEADER_BLOCK = 16 * 1024;

  private SpdyCodec() {}

  /** The client's byte stream (WebSocket payloads concatenated) to frames. */
  public static Flow<ByteString, SpdyFrame, NotUsed> decoder() {
    return Flow.fromGraph(new ChannelStage<ByteString, SpdyFrame>("SpdyDecoder",
        (channel, bytes) -> channel.writeInbound(Unpooled.wrappedBuffer(bytes.toArrayUnsafe())),
        channel -> {
          List<SpdyFrame> out = new ArrayList<>();
          for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) out.add(decoded(m));
          return out;
        }));
  }

  /** Frames to the bytes to send, one chunk per frame. */
  public static Flow<SpdyFrame, ByteString, NotUsed> encoder() {
    return Flow.fromGraph(new ChannelStage<SpdyFrame, ByteString>("SpdyEncoder",
        (channel, frame) -> channel.writeOutbound(netty(frame)),
        channel -> {
          List<ByteString> out = new ArrayList<>();
          for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            try {
              byte[] bytes = new byte[b.readableBytes()];
              b.readBytes(bytes);
              if (bytes.length > 0) out.add(ByteString.fromArrayUnsafe(bytes));
            } finally {
              b.release();
            }
          }
          return out;
        }));
  }

  private static SpdyFrameCodec codec() {
    return new SpdyFrameCodec(SpdyVersion.SPDY_3_1, MAX_CHUNK, MAX_HEADER_BLOCK, 6, 15, 8);
  }

  /** Netty's frame as a value; the frame's buffer is released here. */
  private static SpdyFrame decoded(Object m) {
    try {
      if (m instanceof SpdySynStreamFrame f) return new SpdyFrame.SynStream(f.streamId(), headers(f), f.isLast());
      if (m instanceof SpdyDataFrame f) {
        ByteBuf content = f.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return new SpdyFrame.Data(f.streamId(), ByteString.fromArrayUnsafe(bytes), f.isLast());
      }
      if (m instanceof SpdyRstStreamFrame f) return new SpdyFrame.RstStream(f.streamId(), f.status().code());
      if (m instanceof SpdyPingFrame f) return new SpdyFrame.Ping(f.id());
      if (m instanceof SpdyGoAwayFrame f) return new SpdyFrame.GoAway(f.lastGoodStreamId());
      return new SpdyFrame.Ignored(m.getClass().getSimpleName());
    } finally {
      ReferenceCountUtil.release(m);
    }
  }

  private static Map<String, String> headers(SpdyHeadersFrame f) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<CharSequence, CharSequence> e : f.headers()) {
      out.putIfAbsent(e.getKey().toString().toLowerCase(Locale.ROOT), e.getValue().toString());
    }
    return out;
  }

  private static Object netty(SpdyFrame frame) {
    if (frame instanceof SpdyFrame.SynReply r) {
      DefaultSpdySynReplyFrame f = new DefaultSpdySynReplyFrame(r.streamId());
      r.headers().forEach((k, v) -> f.headers().add(k, v));
      f.setLast(r.last());
      return f;
    }
    if (frame instanceof SpdyFrame.Data d) {
      DefaultSpdyDataFrame f = new DefaultSpdyDataFrame(d.streamId(), Unpooled.wrappedBuffer(d.data().asByteBuffer()));
      f.setLast(d.last());
      return f;
    }
    if (frame instanceof SpdyFrame.RstStream r) return new DefaultSpdyRstStreamFrame(r.streamId(), r.status());
    if (frame instanceof SpdyFrame.Ping p) return new DefaultSpdyPingFrame(p.id());
    if (frame instanceof SpdyFrame.GoAway g) return new DefaultSpdyGoAwayFrame(g.lastGoodStreamId());
    throw new IllegalArgumentException("a port-forward server does not send " + frame);
  }

  /**
   * One element in, what the codec makes of it out. Failures the codec reports (a malformed frame)
   * fail the stream; the channel and its compression state are released however the stage ends.
   */
  private static final class ChannelStage<A, B> extends GraphStage<FlowShape<A, B>> {
    private final Inlet<A> in;
    private final Outlet<B> out;
    private final FlowShape<A, B> shape;
    private final BiConsumer<EmbeddedChannel, A> write;
    private final Function<EmbeddedChannel, List<B>> drain;

    ChannelStage(String name, BiConsumer<EmbeddedChannel, A> write, Function<EmbeddedChannel, List<B>> drain) {
      this.in = Inlet.create(name + ".in");
      this.out = Outlet.create(name + ".out");
      this.shape = FlowShape.of(in, out);
      this.write = write;
      this.drain = drain;
    }

    @Override
    public FlowShape<A, B> shape() {
      return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
      return new GraphStageLogic(shape) {
        private final EmbeddedChannel channel = new EmbeddedChannel(codec());

        {
          setHandler(in, new AbstractInHandler() {
            @Override
            public void onPush() {
              write.accept(channel, grab(in));
              List<B> produced = drain.apply(channel);
              if (produced.isEmpty()) pull(in);
              else emitMultiple(out, produced.iterator());
            }

            @Override
            public void onUpstreamFinish() {
              complete(out); // after what is still being emitted
            }
          });
          setHandler(out, new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!hasBeenPulled(in) && !isClosed(in)) pull(in);
            }
          });
        }

        @Override
        public void postStop() {
          channel.finishAndReleaseAll();
        }
      };
    }
  }
}
