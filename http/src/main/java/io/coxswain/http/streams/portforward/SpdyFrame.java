package io.coxswain.http.streams.portforward;

import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * The SPDY/3.1 frames a port-forward session reads and writes, as immutable values: what {@link
 * SpdyCodec} decodes from the client's bytes and encodes back. Frames a port-forward server has no
 * use for (SETTINGS, WINDOW_UPDATE, HEADERS) decode to {@link Ignored}.
 */
public sealed interface SpdyFrame {

  /** A stream the client opens; {@code headers} have lower-case names, as SPDY/3 sends them. */
  record SynStream(int streamId, Map<String, String> headers, boolean last) implements SpdyFrame {}

  /** The server's acceptance of a client's stream. */
  record SynReply(int streamId, Map<String, String> headers, boolean last) implements SpdyFrame {}

  /** Bytes on a stream; {@code last} half-closes the stream from the sender's side. */
  record Data(int streamId, ByteString data, boolean last) implements SpdyFrame {
    public static Data fin(int streamId) {
      return new Data(streamId, ByteString.emptyByteString(), true);
    }
  }

  /** Aborts a stream; {@code status} is SPDY's code (1 PROTOCOL_ERROR, 3 REFUSED_STREAM, 5 CANCEL…). */
  record RstStream(int streamId, int status) implements SpdyFrame {
    public static final int PROTOCOL_ERROR = 1;
    public static final int REFUSED_STREAM = 3;
    public static final int CANCEL = 5;
  }

  /** A liveness check: the side that did not send it echoes it back unchanged. */
  record Ping(int id) implements SpdyFrame {}

  /** The sender will open no more streams; {@code lastGoodStreamId} is the last it accepted. */
  record GoAway(int lastGoodStreamId) implements SpdyFrame {}

  /** A frame without meaning for port-forward, kept only so that decoding never loses position. */
  record Ignored(String type) implements SpdyFrame {}
}
