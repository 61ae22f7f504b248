package io.coxswain.http.streams.portforward;

import java.util.Map;

/**
 * One stream a port-forward client opens, as the portforward.k8s.io protocol names it in the
 * stream's headers: for each forwarded connection the client opens an error stream, then a data
 * stream, both carrying the pod's {@code port} and the same {@code requestID}. Clients older than
 * the requestID header are paired by stream id (the data stream follows its error stream: id + 2),
 * as kubelet pairs them.
 */
record ForwardedStream(int streamId, Kind kind, int port, String requestId) {
  static final String STREAM_TYPE = "streamtype";
  static final String PORT = "port";
  static final String REQUEST_ID = "requestid";

  enum Kind {
    ERROR("error"),
    DATA("data");

    private final String header;

    Kind(String header) {
      this.header = header;
    }
  }

  /** The stream a SYN_STREAM opens; a message saying what is wrong with its headers otherwise. */
  static ForwardedStream of(SpdyFrame.SynStream syn) {
    Map<String, String> h = syn.headers();
    String type = h.getOrDefault(STREAM_TYPE, "");
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.header.equals(type)) kind = k;
    }
    if (kind == null) throw new IllegalArgumentException("invalid stream type \"" + type + "\": must be error or data");
    String portText = h.getOrDefault(PORT, "");
    if (portText.isEmpty()) throw new IllegalArgumentException("\"port\" header is required");
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unable to parse \"" + portText + "\" as a port");
    }
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port \"" + portText + "\" must be between 1 and 65535");
    String requestId = h.getOrDefault(REQUEST_ID, "");
    if (requestId.isEmpty()) {
      requestId = Integer.toString(kind == Kind.ERROR ? syn.streamId() : syn.streamId() - 2);
    }
    return new ForwardedStream(syn.streamId(), kind, port, requestId);
  }

  /** The reply's headers: the stream's own, so a trace shows which stream was accepted. */
  Map<String, String> replyHeaders() {
    return Map.of(STREAM_TYPE, kind.header, PORT, Integer.toString(port), REQUEST_ID, requestId);
  }
}
